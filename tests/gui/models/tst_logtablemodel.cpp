#include "models/LogTableModel.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::AdminClient;
using bulkhead::models::AdminError;
using bulkhead::models::LogFilter;
using bulkhead::models::LogTableModel;

// Answers every request on 127.0.0.1 with one canned response.
class RefusingServer : public QObject
{
public:
    explicit RefusingServer(QByteArray response) : m_response(std::move(response))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            auto request = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
                *request += socket->readAll();
                if (request->contains("\r\n\r\n")) {
                    socket->write(m_response);
                    socket->disconnectFromHost();
                }
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QByteArray m_response;
};

class LogTableModelTest : public QObject
{
    Q_OBJECT

    static QJsonObject record(qint64 seq)
    {
        return QJsonObject{
            {"seq", seq},
            {"at_us", qint64(1767225600000000) + seq * 1000},
            {"request_id", QStringLiteral("req-%1").arg(seq)},
            {"route", seq % 3 == 0 ? "embeddings" : "chat"},
            {"model", "gpt-test"},
            {"decision", seq % 7 == 0 ? "blocked" : "allowed"},
            {"reasons", seq % 7 == 0 ? QJsonArray{"canary", "cross_tenant"} : QJsonArray{}},
            {"prompt_tokens", int(seq % 100)},
            {"completion_tokens", 5},
            {"latency_ms", int(seq % 1000)},
        };
    }

    // Records first..first+count-1; next_after is the last seq unless this is the last page.
    static QJsonObject page(qint64 first, int count, bool last)
    {
        QJsonArray records;
        for (int i = 0; i < count; ++i)
            records.append(record(first + i));
        return QJsonObject{{"tenant", "life"},
                           {"records", records},
                           {"next_after", last ? QJsonValue(QJsonValue::Null)
                                               : QJsonValue(first + count - 1)}};
    }

private Q_SLOTS:
    // A refused page is reported once: a view's fetchMore on its next layout does not ask
    // again until the scope changes.
    void refusedPageIsReportedOnceAndNotRetried()
    {
        const QByteArray body = R"({"error":{"code":"permission_denied"}})";
        RefusingServer server("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n"
                              "Content-Length: " + QByteArray::number(body.size()) +
                              "\r\nConnection: close\r\n\r\n" + body);
        QNetworkAccessManager network;
        AdminClient client(&network);
        client.setBaseUrl(server.url());
        LogTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClient(&client);
        QSignalSpy sent(&client, &AdminClient::requestSent);
        QSignalSpy failed(&model, &LogTableModel::failed);
        QSignalSpy fetching(&model, &LogTableModel::fetchingChanged);

        model.setTenant(QStringLiteral("claims"));
        QCOMPARE(sent.count(), 1);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed[0][0].value<AdminError>(), AdminError(bulkhead::protocol::ApiErrorCode::PermissionDenied));
        QVERIFY(model.hasFailed());
        QVERIFY(!model.isFetching());
        QVERIFY(!model.canFetchMore({}));
        // What a view does on its next layout sends nothing more.
        if (model.canFetchMore({}))
            model.fetchMore({});
        model.fetchMore({});
        QCOMPARE(sent.count(), 1);
        QCOMPARE(fetching.count(), 2);  // on, off
        QCOMPARE(model.rowCount(), 0);

        // A new scope starts over: one more request, one more refusal.
        model.reload();
        QVERIFY(!model.hasFailed());
        QCOMPARE(sent.count(), 2);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.count(), 2);
    }

    void appendsAPageAsOneInsert()
    {
        LogTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenant("life");
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(model.canFetchMore({}));

        model.appendPage(page(1, 500, false));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted[0][1].toInt(), 0);
        QCOMPARE(inserted[0][2].toInt(), 499);
        QCOMPARE(model.rowCount(), 500);
        QVERIFY(model.canFetchMore({}));

        model.appendPage(page(501, 200, true));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted[1][1].toInt(), 500);
        QCOMPARE(inserted[1][2].toInt(), 699);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 700);
        QVERIFY(model.atEnd());
        QVERIFY(!model.canFetchMore({}));
        // fetchMore after the last page changes nothing.
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 700);
        QVERIFY(!model.isFetching());
    }

    void showsTheDisplayedFields()
    {
        LogTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenant("life");
        model.appendPage(page(1, 14, true));
        QCOMPARE(model.columnCount(), int(LogTableModel::ColumnCount));
        const int row = 6;  // seq 7: blocked
        QCOMPARE(model.index(row, LogTableModel::SeqColumn).data().toLongLong(), 7);
        QCOMPARE(model.index(row, LogTableModel::TimeColumn).data().toString(),
                 QLocale().toString(QDate(2026, 1, 1), QLocale::ShortFormat) + " 00:00:00.007");
        {
            const QLocale before;
            QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
            QCOMPARE(model.index(row, LogTableModel::TimeColumn).data().toString(),
                     "01.01.26 00:00:00.007");
            QCOMPARE(LogTableModel::displayTime(qint64(1767225600000000) + 1234567000),
                     "01.01.26 00:20:34.567");
            QLocale::setDefault(before);
        }
        QCOMPARE(model.index(row, LogTableModel::RouteColumn).data().toString(), "chat");
        QCOMPARE(model.index(row, LogTableModel::ModelColumn).data().toString(), "gpt-test");
        QCOMPARE(model.index(row, LogTableModel::DecisionColumn).data().toString(), "Blocked");
        QVERIFY(model.index(row, LogTableModel::DecisionColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(row, 0).data(LogTableModel::BlockedRole).toBool());
        QCOMPARE(model.index(row, LogTableModel::ReasonsColumn).data().toString(),
                 "canary, cross_tenant");
        QCOMPARE(model.index(row, LogTableModel::TokensColumn).data().toLongLong(), 12);
        QCOMPARE(model.index(row, LogTableModel::TokensColumn).data(Qt::EditRole).toLongLong(), 12);
        QCOMPARE(model.index(row, LogTableModel::LatencyColumn).data(Qt::EditRole).toInt(), 7);
        QCOMPARE(model.index(row, LogTableModel::RequestIdColumn).data().toString(), "req-7");
        QCOMPARE(model.index(0, LogTableModel::DecisionColumn).data().toString(), "Allowed");
        QVERIFY(!model.index(0, 0).data(LogTableModel::BlockedRole).toBool());
        QCOMPARE(model.index(2, LogTableModel::RouteColumn).data().toString(), "embeddings");
        QCOMPARE(model.headerData(LogTableModel::RequestIdColumn, Qt::Horizontal).toString(),
                 "Request ID");

        // The latest page's records stay whole for the detail pane.
        QSignalSpy ready(&model, &LogTableModel::recordReady);
        QVERIFY(model.requestRecord(row));
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready[0][0].toLongLong(), 7);
        QCOMPARE(ready[0][1].toJsonObject().value("request_id").toString(), "req-7");
        QVERIFY(!model.requestRecord(99));  // no such row, no client
        QCOMPARE(ready.count(), 1);
    }

    void newFilterOrTenantIsOneReset()
    {
        LogTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenant("life");
        model.appendPage(page(1, 500, true));
        QVERIFY(!model.canFetchMore({}));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        LogFilter filter;
        filter.route = "chat";
        filter.decision = "blocked";
        filter.fromUs = 1000;
        model.setFilter(filter);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.filter(), filter);
        QVERIFY(model.canFetchMore({}));  // page 1 of the new scope
        QVERIFY(!model.cachedRecord(7).has_value());

        model.setTenant("property");
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.tenant(), QString("property"));
        QCOMPARE(model.filter(), filter);  // the filter survives a tenant change
    }

    void noTenantNothingToFetch()
    {
        LogTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.rowCount(), 0);
    }

    void emptyLastPageInsertsNothing()
    {
        LogTableModel model;
        model.setTenant("life");
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendPage(page(1, 0, true));
        QCOMPARE(inserted.count(), 0);
        QVERIFY(!model.canFetchMore({}));
    }

    void pageQueryCarriesCursorAndFilters()
    {
        LogFilter filter;
        filter.route = "chat";
        filter.decision = "allowed";
        filter.fromUs = 10;
        filter.untilUs = 20;
        const QUrlQuery first = LogTableModel::pageQuery("life", filter, -1);
        QCOMPARE(first.queryItemValue("tenant"), "life");
        QVERIFY(!first.hasQueryItem("after"));
        QCOMPARE(first.queryItemValue("limit"), "500");
        QCOMPARE(first.queryItemValue("route"), "chat");
        QCOMPARE(first.queryItemValue("decision"), "allowed");
        QCOMPARE(first.queryItemValue("from"), "10");
        QCOMPARE(first.queryItemValue("until"), "20");
        const QUrlQuery next = LogTableModel::pageQuery("life", {}, 1500);
        QCOMPARE(next.queryItemValue("after"), "1500");
        QVERIFY(!next.hasQueryItem("route"));
        QVERIFY(!next.hasQueryItem("decision"));
        QVERIFY(!next.hasQueryItem("from"));
    }

    // A million rows in pages of 500 stay addressable and correct (behaviour, not timing).
    void millionRowsStayCorrect()
    {
        LogTableModel model;
        model.setTenant("life");
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        constexpr int kRows = 1000000;
        constexpr int kPage = LogTableModel::kPageSize;
        // One small template page, renumbered: building a million QJsonObjects would test Qt.
        QJsonArray records;
        for (int i = 0; i < kPage; ++i)
            records.append(QJsonObject{{"seq", 0}, {"route", "chat"}, {"model", "m"},
                                       {"decision", "allowed"}, {"request_id", "r"}});
        for (int first = 1; first <= kRows; first += kPage) {
            for (int i = 0; i < kPage; ++i) {
                QJsonObject o = records[i].toObject();
                o["seq"] = first + i;
                o["latency_ms"] = (first + i) % 977;
                o["decision"] = (first + i) % 11 == 0 ? "blocked" : "allowed";
                records[i] = o;
            }
            const bool last = first + kPage > kRows;
            model.appendPage(QJsonObject{{"records", records},
                                         {"next_after", last ? QJsonValue(QJsonValue::Null)
                                                             : QJsonValue(first + kPage - 1)}});
        }
        QCOMPARE(model.rowCount(), kRows);
        QCOMPARE(inserted.count(), kRows / kPage);
        QVERIFY(!model.canFetchMore({}));
        auto *random = QRandomGenerator::global();
        for (int i = 0; i < 100; ++i) {
            const int row = random->bounded(kRows);
            const qint64 seq = row + 1;
            QCOMPARE(model.index(row, LogTableModel::SeqColumn).data().toLongLong(), seq);
            QCOMPARE(model.index(row, LogTableModel::LatencyColumn).data(Qt::EditRole).toInt(),
                     int(seq % 977));
            QCOMPARE(model.index(row, 0).data(LogTableModel::BlockedRole).toBool(), seq % 11 == 0);
        }
        QCOMPARE(model.index(kRows - 1, LogTableModel::SeqColumn).data().toLongLong(), kRows);
    }
};

QTEST_GUILESS_MAIN(LogTableModelTest)
#include "tst_logtablemodel.moc"
