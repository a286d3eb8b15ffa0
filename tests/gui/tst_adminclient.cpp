#include "models/AdminClient.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using bulkhead::models::AdminClient;
using bulkhead::models::AdminError;

// A one-shot HTTP server on 127.0.0.1 answering every request with a canned response and
// remembering the request it saw.
class CannedServer : public QObject
{
public:
    explicit CannedServer(QByteArray response) : m_response(std::move(response))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                m_request += socket->readAll();
                if (m_request.contains("\r\n\r\n")) {
                    socket->write(m_response);
                    socket->disconnectFromHost();
                }
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    QByteArray request() const { return m_request; }

private:
    QTcpServer m_server;
    QByteArray m_response;
    QByteArray m_request;
};

static QByteArray httpResponse(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n"
           "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

class AdminClientTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsTenantsWithBearerToken()
    {
        CannedServer server(httpResponse(200, R"({"tenants":[{"id":"life"},{"id":"property"}]})"));
        QNetworkAccessManager network;
        AdminClient client(&network);
        client.setBaseUrl(server.url());
        client.setToken("bh_admin_test");
        QSignalSpy loaded(&client, &AdminClient::tenantsLoaded);
        QSignalSpy failed(&client, &AdminClient::failed);
        client.fetchTenants();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded[0][0].toJsonArray().size(), 2);
        QVERIFY(server.request().startsWith("GET /admin/v1/tenants "));
        QVERIFY(server.request().contains("Authorization: Bearer bh_admin_test\r\n"));
    }

    void mapsErrorCode()
    {
        CannedServer server(httpResponse(401, R"({"error":{"code":"invalid_admin_token","message":"no"}})"));
        QNetworkAccessManager network;
        AdminClient client(&network);
        client.setBaseUrl(server.url());
        QSignalSpy failed(&client, &AdminClient::failed);
        client.fetchTenants();
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed[0][0].value<AdminError>(), AdminError(bulkhead::protocol::ApiErrorCode::InvalidAdminToken));
        QCOMPARE(failed[0][1].toInt(), 401);
    }

    void unreachableIsNetworkError()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QNetworkAccessManager network;
        AdminClient client(&network);
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QSignalSpy failed(&client, &AdminClient::failed);
        client.fetchTenants();
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed[0][0].value<AdminError>(), AdminError::Network);
    }

    void aDestroyedContextNeverHearsItsAnswer()
    {
        // A view closed while its request is in flight: the request is aborted and its callback,
        // which would touch the view's members, never runs (it used to, from ~QObject).
        QTcpServer silent;  // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QSignalSpy accepted(&silent, &QTcpServer::newConnection);
        QNetworkAccessManager network;
        AdminClient client(&network);
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        auto called = std::make_shared<bool>(false);
        auto *view = new QObject;
        client.get(QStringLiteral("/admin/v1/tenants"), {}, view,
                   [called](const bulkhead::models::AdminResult &) { *called = true; });
        QVERIFY(accepted.wait(5000));  // the request is on the wire
        delete view;
        QVERIFY(!*called);
    }
};

QTEST_GUILESS_MAIN(AdminClientTest)
#include "tst_adminclient.moc"
