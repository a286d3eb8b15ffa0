// Several daemons on one PostgreSQL: a change made through one instance is enforced by the
// others within a bounded time (LISTEN/NOTIFY, with the periodic refresh as a safety net).
#include "support/PortFile.h"
#include "support/TestDaemon.h"
#include "support/TestKeys.h"
#include "support/TestDatabase.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"

#include <nlohmann/json.hpp>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>
#include <thread>

using namespace bulkhead;
using nlohmann::json;

namespace {

std::unique_ptr<daemon::Daemon> startDaemon(const testsupport::TestDatabase &db, const std::string &tokenFile,
                                            std::chrono::milliseconds refresh,
                                            const std::string &upstream = {},
                                            const std::string &auditKey = {})
{
    daemon::DaemonConfig config;
    config.upstreamUrl = upstream;
    config.auditKeyFile = auditKey;
    config.listen = "127.0.0.1:0";
    testsupport::serveTestDatabase(config, db);
    config.keyProvider = "file";
    config.keyFile = testsupport::testMasterKeyFile();
    config.adminTokenFile = tokenFile;
    config.policyRefresh = refresh;
    auto d = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    d->start();
    return d;
}

int chatStatus(std::uint16_t port, const std::string &key)
{
    const auto r = ctl::networkTransport(
        "POST", "http://127.0.0.1:" + std::to_string(port) + "/v1/chat/completions", key,
        R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
    return r.status;
}

} // namespace

class TestTwoDaemons final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void revocationThroughOneIsEnforcedByTheOther();
    void concurrentTrafficLeavesOneValidChain();
};

void TestTwoDaemons::revocationThroughOneIsEnforcedByTheOther()
{
    testsupport::TestDatabase db;
    QTemporaryDir dir;
    const std::string tokenFile = dir.filePath(QStringLiteral("admin.token")).toStdString();
    // A long poll period on B: only the notification can make it fast.
    auto a = startDaemon(db, tokenFile, std::chrono::milliseconds(60'000));
    auto b = startDaemon(db, tokenFile, std::chrono::milliseconds(60'000));
    std::string token;
    std::ifstream(tokenFile) >> token;
    QVERIFY(!token.empty());

    ctl::AdminClient adminA("http://127.0.0.1:" + std::to_string(a->port()), token);
    QVERIFY(adminA.call("POST", "/admin/v1/tenants", {{"id", "alpha"}, {"tier", 1}}).ok());
    const auto issued = adminA.call("POST", "/admin/v1/tenants/alpha/keys", {{"label", "t"}});
    QVERIFY(issued.ok());
    const std::string key = issued.body["api_key"];

    // B learns about the new key without a restart; with no upstream configured an accepted
    // key gets 502 upstream_unavailable, a refused one 401.
    QTRY_VERIFY_WITH_TIMEOUT(chatStatus(b->port(), key) == 502, 5000);

    QVERIFY(adminA.call("DELETE", "/admin/v1/tenants/alpha/keys/" +
                                      issued.body["id"].get<std::string>())
                .ok());
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_COMPARE_WITH_TIMEOUT(chatStatus(b->port(), key), 401, 5000);
    qInfo("revocation enforced by the second daemon after %lld ms", elapsed.elapsed());
    QCOMPARE(chatStatus(a->port(), key), 401);

    b->shutdown();
    b->wait();
    a->shutdown();
    a->wait();
}

void TestTwoDaemons::concurrentTrafficLeavesOneValidChain()
{
    testsupport::TestDatabase db;
    QTemporaryDir dir;
    QProcess refmodel;
    const QString portFile = dir.filePath(QStringLiteral("refmodel.port"));
    refmodel.start(qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QStringLiteral("/bulkhead-refmodel"),
                   {QStringLiteral("--port-file"), portFile});
    const int upstreamPort = testsupport::waitForPortFile(portFile, refmodel);
    QVERIFY(upstreamPort > 0);
    const std::string upstream = "http://127.0.0.1:" + std::to_string(upstreamPort) + "/v1";
    const std::string tokenFile = dir.filePath(QStringLiteral("admin.token")).toStdString();
    // Both instances sign with the same audit key, as a deployment's instances do.
    const std::string auditKey = dir.filePath(QStringLiteral("audit.key")).toStdString();
    auto a = startDaemon(db, tokenFile, std::chrono::milliseconds(1000), upstream, auditKey);
    auto b = startDaemon(db, tokenFile, std::chrono::milliseconds(1000), upstream, auditKey);
    std::string token;
    std::ifstream(tokenFile) >> token;
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(a->port()), token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}, {"tier", 1}}).ok());
    const std::string key =
        admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object()).body["api_key"];
    // Counted by hand: QTRY_* evaluates its expression more than once.
    std::atomic<int> acknowledged{0};
    for (int i = 0; i < 50 && acknowledged == 0; ++i) {
        if (chatStatus(b->port(), key) == 200)
            ++acknowledged;
        else
            QTest::qWait(100);
    }
    QCOMPARE(acknowledged.load(), 1);
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t) {
        clients.emplace_back([&, t] {
            const auto port = (t % 2 == 0 ? a : b)->port();
            for (int i = 0; i < 25; ++i)
                if (chatStatus(port, key) == 200)
                    ++acknowledged;
        });
    }
    for (auto &c : clients)
        c.join();
    QVERIFY(acknowledged.load() > 100);

    const auto verify = admin.call("GET", "/admin/v1/logs/verify?tenant=alpha");
    QVERIFY2(verify.ok(), verify.body.dump().c_str());
    QVERIFY2(verify.body["ok"].get<bool>(), verify.body.dump().c_str());
    // Every acknowledged request has its record: the allowed records are exactly the 200s
    // (a refused or failed request may add a blocked record of its own).
    const auto allowed =
        admin.call("GET", "/admin/v1/logs?tenant=alpha&decision=allowed&limit=1000");
    QVERIFY(allowed.ok());
    QCOMPARE(static_cast<int>(allowed.body["records"].size()), acknowledged.load());
    QVERIFY(verify.body["records"].get<int>() >= acknowledged.load());

    b->shutdown();
    b->wait();
    a->shutdown();
    a->wait();
    refmodel.terminate();
    refmodel.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(TestTwoDaemons)
#include "tst_twodaemons.moc"
