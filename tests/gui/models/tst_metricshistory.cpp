#include "models/MetricsHistory.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::MetricsHistory;
using bulkhead::models::parsePrometheusText;

namespace {

const QDateTime t0(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

QByteArray scrape(int lifeRequests, int propertyRequests)
{
    return QByteArray("# TYPE bulkhead_requests_total counter\n"
                      "bulkhead_requests_total{tenant=\"life\",tier=\"3\",route=\"chat\",status=\"200\"} ")
        + QByteArray::number(lifeRequests)
        + "\nbulkhead_requests_total{tenant=\"property\",tier=\"1\",route=\"chat\",status=\"403\"} "
        + QByteArray::number(propertyRequests)
        + "\nbulkhead_blocks_total{tenant=\"property\",reason=\"egress_cross_tenant\"} 3\n"
          "bulkhead_blocks_total{tenant=\"life\",reason=\"egress_cross_tenant\"} 1\n"
          "bulkhead_blocks_total{tenant=\"\",reason=\"invalid_api_key\"} 2\n"
          "bulkhead_request_duration_seconds_sum{route=\"chat\",tier=\"3\"} 1.5\n"
          "bulkhead_request_duration_seconds_count{route=\"chat\",tier=\"3\"} 10\n"
          "bulkhead_request_duration_seconds_sum{route=\"embeddings\",tier=\"3\"} 0.5\n"
          "bulkhead_request_duration_seconds_count{route=\"embeddings\",tier=\"3\"} 10\n"
          "bulkhead_request_duration_seconds_sum{route=\"chat\",tier=\"1\"} 0\n"
          "bulkhead_request_duration_seconds_count{route=\"chat\",tier=\"1\"} 0\n"
          "bulkhead_policy_available 1\n";
}

} // namespace

class MetricsHistoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateIsDeltaOverElapsed_data()
    {
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("second");
        QTest::addColumn<int>("seconds");
        QTest::addColumn<double>("rate");
        QTest::newRow("steady") << 100 << 120 << 2 << 10.0;
        QTest::newRow("idle") << 100 << 100 << 2 << 0.0;
        QTest::newRow("counter reset after restart") << 100 << 4 << 2 << 0.0;
        QTest::newRow("same instant") << 100 << 140 << 0 << 0.0;
        QTest::newRow("slow poll") << 0 << 30 << 60 << 0.5;
    }

    void rateIsDeltaOverElapsed()
    {
        QFETCH(int, first);
        QFETCH(int, second);
        QFETCH(int, seconds);
        QFETCH(double, rate);
        MetricsHistory history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.addScrape(parsePrometheusText(scrape(first, 0)), t0);
        QCOMPARE(history.sample(0)->rate, 0.0);  // nothing to compare the first sample with
        history.addScrape(parsePrometheusText(scrape(second, 0)), t0.addSecs(seconds));
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(history.sample(1)->rate, rate);
        QVERIFY(history.index(1, MetricsHistory::RateColumn).data(MetricsHistory::RateRole).toDouble() >= 0);
        QCOMPARE(history.latestRate(), rate);
    }

    void appendingInsertsAndWindowRemoves()
    {
        MetricsHistory history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setWindowSeconds(10);
        QSignalSpy inserted(&history, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&history, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&history, &QAbstractItemModel::modelReset);
        QSignalSpy latest(&history, &MetricsHistory::latestChanged);

        for (int i = 0; i <= 5; ++i)  // t0 .. t0+10 s: all inside the window
            history.addScrape(parsePrometheusText(scrape(i * 4, i)), t0.addSecs(i * 2));
        QCOMPARE(inserted.count(), 6);
        QCOMPARE(inserted[5][1].toInt(), 5);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(history.rowCount(), 6);
        QCOMPARE(latest.count(), 6);
        QCOMPARE(history.sample(5)->total, 25.0);
        QCOMPARE(history.sample(5)->rate, 2.5);

        history.addScrape(parsePrometheusText(scrape(30, 5)), t0.addSecs(15));  // drops t0, t0+2 s, t0+4 s
        QCOMPARE(inserted.count(), 7);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed[0][1].toInt(), 0);
        QCOMPARE(removed[0][2].toInt(), 2);
        QCOMPARE(history.rowCount(), 4);
        QCOMPARE(history.sample(0)->time, t0.addSecs(6));
        QCOMPARE(history.index(3, 0).data(MetricsHistory::TimeRole).toDateTime(), t0.addSecs(15));
        QCOMPARE(reset.count(), 0);

        // A long gap (the view was hidden) keeps only the newest sample.
        history.addScrape(parsePrometheusText(scrape(31, 5)), t0.addSecs(600));
        QCOMPARE(removed.count(), 2);
        QCOMPARE(history.rowCount(), 1);
    }

    void latestBarsFromScrape()
    {
        MetricsHistory history;
        QCOMPARE(history.policyAvailable(), -1);
        history.addScrape(parsePrometheusText(scrape(1, 1)), t0);
        const QMap<QString, double> blocks = history.blocksByReason();
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks.value("egress_cross_tenant"), 4.0);
        QCOMPARE(blocks.value("invalid_api_key"), 2.0);
        const QMap<QString, double> latency = history.meanLatencyMsByTier();
        QCOMPARE(latency.size(), 1);  // tier 1 has no requests: no mean
        QCOMPARE(latency.value("3"), 100.0);
        QCOMPARE(history.policyAvailable(), 1);
    }

    // The console's own polling (admin API, /metrics, /readyz) and probes of /healthz are
    // labelled with control-plane routes: an idle platform charts 0 requests/s and no latency.
    void consolePollingIsNotTenantTraffic_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<bool>("counted");
        QTest::newRow("admin API") << "admin" << false;
        QTest::newRow("metrics") << "metrics" << false;
        QTest::newRow("healthz") << "healthz" << false;
        QTest::newRow("readyz") << "readyz" << false;
        QTest::newRow("chat") << "chat" << true;
        QTest::newRow("embeddings") << "embeddings" << true;
        QTest::newRow("documents") << "documents" << true;
        QTest::newRow("retrieve") << "retrieve" << true;
        QTest::newRow("unknown path") << "other" << true;
    }

    void consolePollingIsNotTenantTraffic()
    {
        QFETCH(QString, route);
        QFETCH(bool, counted);
        const auto polling = [&route](int requests) {
            return QStringLiteral("bulkhead_requests_total{tenant=\"\",tier=\"0\",route=\"%1\",status=\"200\"} %2\n"
                                  "bulkhead_request_duration_seconds_sum{route=\"%1\",tier=\"0\"} %3\n"
                                  "bulkhead_request_duration_seconds_count{route=\"%1\",tier=\"0\"} %2\n")
                .arg(route).arg(requests).arg(requests * 0.002).toUtf8();
        };
        MetricsHistory history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.addScrape(parsePrometheusText(polling(300)), t0);
        QCOMPARE(history.hasTraffic(), counted);
        history.addScrape(parsePrometheusText(polling(306)), t0.addSecs(2));
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(history.latestRate(), counted ? 3.0 : 0.0);
        QCOMPARE(history.sample(1)->total, counted ? 306.0 : 0.0);
        QCOMPARE(history.meanLatencyMsByTier().contains(QStringLiteral("0")), counted);
        QCOMPARE(MetricsHistory::isControlPlaneRoute(route), !counted);
    }

    void noTrafficBeforeTheFirstTenantRequest()
    {
        MetricsHistory history;
        QVERIFY(!history.hasTraffic());
        history.addScrape(parsePrometheusText(scrape(0, 0)), t0);
        QVERIFY(!history.hasTraffic());
        history.addScrape(parsePrometheusText(scrape(1, 0)), t0.addSecs(2));
        QVERIFY(history.hasTraffic());
    }

    void clearResets()
    {
        MetricsHistory history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.addScrape(parsePrometheusText(scrape(1, 1)), t0);
        QSignalSpy reset(&history, &QAbstractItemModel::modelReset);
        history.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(history.rowCount(), 0);
        QVERIFY(history.blocksByReason().isEmpty());
        // After clearing, the next sample is a first sample again: rate 0.
        history.addScrape(parsePrometheusText(scrape(50, 1)), t0.addSecs(2));
        QCOMPARE(history.sample(0)->rate, 0.0);
    }
};

QTEST_GUILESS_MAIN(MetricsHistoryTest)
#include "tst_metricshistory.moc"
