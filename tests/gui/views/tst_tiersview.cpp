#include "models/ConsoleSession.h"
#include "ui/TiersView.h"

#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QQueue>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using bulkhead::models::ConsoleSession;
using bulkhead::ui::TiersView;

// A daemon on 127.0.0.1 scripted by path: the migration status answers come from a queue (the
// last one repeats), everything else from a fixed table.
class ScriptedDaemon : public QObject
{
public:
    ScriptedDaemon()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            auto request = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
                *request += socket->readAll();
                const qsizetype end = request->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const qsizetype length = contentLength(request->left(end));
                if (request->size() < end + 4 + length)
                    return;
                socket->write(answer(request->left(request->indexOf("\r\n"))));
                socket->disconnectFromHost();
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    QQueue<QPair<int, QByteArray>> migration;
    QByteArray tenants;
    int migrationPolls = 0;

private:
    static qsizetype contentLength(const QByteArray &head)
    {
        for (const QByteArray &line : head.split('\n'))
            if (line.toLower().startsWith("content-length:"))
                return line.mid(15).trimmed().toLongLong();
        return 0;
    }
    static QByteArray http(int status, const QByteArray &body)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n"
               "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }
    QByteArray answer(const QByteArray &requestLine)
    {
        const QList<QByteArray> parts = requestLine.split(' ');
        const QByteArray method = parts.value(0);
        const QByteArray path = parts.value(1).split('?').value(0);
        if (path.endsWith("/migration")) {
            ++migrationPolls;
            const auto next = migration.size() > 1 ? migration.dequeue() : migration.head();
            return http(next.first, next.second);
        }
        if (method == "PATCH")
            return http(200, R"({"id":"property","tier":2,"version":2})");
        if (path == "/admin/v1/whoami")
            return http(200, R"({"role":"platform-admin","tenant":null})");
        if (path == "/admin/v1/tenants")
            return http(200, tenants);
        return http(404, R"({"error":{"code":"not_found"}})");
    }

    QTcpServer m_server;
};

// A tier change from the tiers view: the daemon answers the PATCH before its migration job
// reports anything, so "no migration" and an earlier migration's status first mean "not
// started yet", not "nothing to move" (the flaky 0 % of the workflow test).
class TiersViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migrationIsFollowedUntilThisChangeReportsDone()
    {
        ScriptedDaemon daemon;
        QFile file(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") + QStringLiteral("/tests/gui/data/tenants.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        daemon.tenants = file.readAll();
        const QByteArray notFound = R"({"error":{"code":"not_found"}})";
        daemon.migration.enqueue({404, notFound});
        daemon.migration.enqueue({404, notFound});
        // An earlier migration of the same tenant, finished long ago, in the other direction.
        daemon.migration.enqueue({200, R"({"tenant":"property","from_tier":2,"to_tier":1,"phase":"done","total":4,"moved":4})"});
        daemon.migration.enqueue({200, R"({"tenant":"property","from_tier":1,"to_tier":2,"phase":"copying","total":4,"moved":2})"});
        daemon.migration.enqueue({200, R"({"tenant":"property","from_tier":1,"to_tier":2,"phase":"done","total":4,"moved":4})"});

        QNetworkAccessManager network;
        ConsoleSession session(&network);
        TiersView view(&session, nullptr);
        QSignalSpy tenantsChanged(&session, &ConsoleSession::tenantsChanged);
        session.connectTo(daemon.url(), QStringLiteral("bh_admin_test"));
        QVERIFY(tenantsChanged.wait(5000));
        auto *progress = view.findChild<QProgressBar *>(QStringLiteral("tierMigrationProgress"));
        auto *status = view.findChild<QLabel *>(QStringLiteral("tierMigrationStatus"));
        QVERIFY(progress && status);

        QSignalSpy values(progress, &QProgressBar::valueChanged);
        view.applyTier(QStringLiteral("property"), 2);
        QCOMPARE(view.migratingTenant(), QStringLiteral("property"));
        QTRY_VERIFY_WITH_TIMEOUT(view.migratingTenant().isEmpty(), 20000);
        QVERIFY2(progress->value() == 100, qPrintable(status->text()));
        QCOMPARE(daemon.migrationPolls, 5);
        // Halfway was shown on the way.
        QVERIFY(std::any_of(values.cbegin(), values.cend(),
                            [](const QList<QVariant> &v) { return v.at(0).toInt() == 50; }));
    }
};

QTEST_MAIN(TiersViewTest)
#include "tst_tiersview.moc"
