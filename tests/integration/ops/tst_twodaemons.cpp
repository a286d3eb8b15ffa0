// Several daemons on one PostgreSQL: a change made through one instance is enforced by the
// others within a bounded time (LISTEN/NOTIFY, with the periodic refresh as a safety net).
#include "support/TestDatabase.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"

#include <nlohmann/json.hpp>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <thread>

using namespace bulkhead;
using nlohmann::json;

namespace {

std::unique_ptr<daemon::Daemon> startDaemon(const std::string &dsn, const std::string &tokenFile,
                                            std::chrono::milliseconds refresh)
{
    daemon::DaemonConfig config;
    config.listen = "127.0.0.1:0";
    config.database = dsn;
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

private slots:
    void revocationThroughOneIsEnforcedByTheOther();
};

void TestTwoDaemons::revocationThroughOneIsEnforcedByTheOther()
{
    testsupport::TestDatabase db;
    QTemporaryDir dir;
    const std::string tokenFile = dir.filePath(QStringLiteral("admin.token")).toStdString();
    // A long poll period on B: only the notification can make it fast.
    auto a = startDaemon(db.dsn(), tokenFile, std::chrono::milliseconds(60'000));
    auto b = startDaemon(db.dsn(), tokenFile, std::chrono::milliseconds(60'000));
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

QTEST_GUILESS_MAIN(TestTwoDaemons)
#include "tst_twodaemons.moc"
