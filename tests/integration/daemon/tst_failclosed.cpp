// Fail closed: PostgreSQL stopped under a running daemon. Once the policy snapshot is stale
// (3 x --policy-refresh-ms + 2 s), chat gets 503 policy_unavailable, /readyz 503, and nothing
// reaches the upstream; when the server returns the daemon recovers by itself (the pool drops
// the broken connections and opens new ones) without a restart. The test owns its cluster, so
// stopping it cannot disturb other tests or the shared CI cluster.
#include "support/TestKeys.h"
#include "CountingUpstream.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "store/LocalCluster.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace bulkhead;
using nlohmann::json;
using testing::CountingUpstream;

class TestFailClosed final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void databaseOutageFailsClosedAndRecovers();
};

void TestFailClosed::databaseOutageFailsClosedAndRecovers()
{
    // The empty temporary folder itself is the cluster folder: as root LocalCluster hands it to
    // the server account, which could not pass a 0700 parent to reach a subfolder.
    QTemporaryDir clusterDir;
    QVERIFY(clusterDir.isValid());
    store::LocalClusterOptions options;
    options.directory = clusterDir.path().toStdString();
    store::LocalCluster cluster(options);
    try {
        cluster.start();
    } catch (const std::exception &e) {
        QFAIL(qPrintable(QStringLiteral("cannot start a private PostgreSQL cluster: %1")
                             .arg(QString::fromUtf8(e.what()))));
    }
    // Whatever happens below, the private server must not outlive the test.
    struct StopAtExit
    {
        store::LocalCluster &cluster;
        ~StopAtExit()
        {
            try {
                cluster.stop();
            } catch (...) {
            }
        }
    } stopAtExit{cluster};

    CountingUpstream upstream;
    QTemporaryDir dir;
    daemon::DaemonConfig config;
    config.listen = "127.0.0.1:0";
    config.database = cluster.runtimeConnectionString();
    config.databaseOwner = cluster.connectionString();
    config.keyProvider = "file";
    config.keyFile = testsupport::testMasterKeyFile();
    config.upstreamUrl = upstream.baseUrl();
    config.adminTokenFile = dir.filePath(QStringLiteral("admin.token")).toStdString();
    config.policyRefresh = std::chrono::milliseconds(200);
    daemon::Daemon d(config, [](auto, auto, auto) {});
    d.start();
    std::string token;
    std::ifstream(config.adminTokenFile) >> token;
    const std::string base = "http://127.0.0.1:" + std::to_string(d.port());
    ctl::AdminClient admin(base, token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}, {"tier", 1}}).ok());
    const auto issued = admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object());
    QVERIFY(issued.ok());
    const std::string key = issued.body["api_key"];

    const auto chat = [&](const std::string &text) {
        return ctl::networkTransport(
            "POST", base + "/v1/chat/completions", key,
            json{{"model", "m"}, {"messages", json::array({{{"role", "user"}, {"content", text}}})}}
                .dump());
    };
    const auto ready = [&] {
        return ctl::networkTransport("GET", base + "/readyz", {}, {}).status;
    };
    QTRY_COMPARE_WITH_TIMEOUT(chat("before").status, 200, 5000);
    QCOMPARE(ready(), 200);
    const auto auditorToken = admin.call("POST", "/admin/v1/tokens", {{"role", "tenant-auditor"}, {"tenant", "alpha"}});
    QVERIFY(auditorToken.ok());
    const ctl::AdminClient auditor(base, auditorToken.body["token"].get<std::string>());
    QVERIFY(auditor.call("GET", "/admin/v1/logs").ok());
    QVERIFY(auditor.call("GET", "/admin/v1/logs/retention?tenant=alpha").ok());

    cluster.stop();
    QVERIFY(!cluster.isRunning());
    // While the policy snapshot still authenticates the auditor, its log read meets the lost
    // connection: a 503 to retry with the stable code, never a 500.
    const auto lostRead = auditor.call("GET", "/admin/v1/logs");
    QCOMPARE(lostRead.status, 503);
    QCOMPARE(lostRead.body["error"]["code"].get<std::string>(), std::string("policy_unavailable"));
    const auto lostRetention = auditor.call("GET", "/admin/v1/logs/retention?tenant=alpha");
    QCOMPARE(lostRetention.status, 503);
    // Stale after 3 x 200 ms + 2 s; generous bound.
    QTRY_COMPARE_WITH_TIMEOUT(ready(), 503, 15000);
    const int forwardedBefore = upstream.chatRequests.load();
    for (int i = 0; i < 3; ++i) {
        const auto refused = chat("during the outage " + std::to_string(i));
        QCOMPARE(refused.status, 503);
        const auto doc = json::parse(refused.body, nullptr, false);
        QVERIFY2(!doc.is_discarded() && doc.contains("error"), refused.body.c_str());
        QCOMPARE(doc["error"]["code"].get<std::string>(), std::string("policy_unavailable"));
    }
    QCOMPARE(upstream.chatRequests.load(), forwardedBefore);
    QCOMPARE(ctl::networkTransport("GET", base + "/healthz", {}, {}).status, 200);

    cluster.start();
    // Same daemon, no restart: the refresher reconnects and the data plane serves again.
    QTRY_COMPARE_WITH_TIMEOUT(ready(), 200, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(chat("after").status, 200, 10000);
    QVERIFY(upstream.chatRequests.load() > forwardedBefore);
    // The admin API (which leases from the same pool) works again too, on every connection.
    for (int i = 0; i < 6; ++i)
        QVERIFY(admin.call("GET", "/admin/v1/tenants").ok());

    d.shutdown();
    d.wait();
}

QTEST_GUILESS_MAIN(TestFailClosed)
#include "tst_failclosed.moc"
