// PostgreSQL faults under a running daemon and under load (real PostgreSQL, real HTTP):
//  - the server is stopped while four clients keep sending chat requests, then started again:
//    while it is down every answer is a JSON policy_unavailable (never a 500, never a hang),
//    the same daemon recovers by itself, every request that was acknowledged (200 with an
//    X-Bulkhead-Request-Id) has its audit record stored, and the tenant's chain verifies;
//  - the server's disk fills up (a small tmpfs; needs root, which CI has): the same
//    guarantees, and the daemon recovers once space is freed and the server is back.
// Each test owns its cluster, so stopping it cannot disturb other tests or the shared cluster.
#include "CountingUpstream.h"
#include "HardeningHarness.h"
#include "SteadyLoad.h"
#include "store/LocalCluster.h"

#include <QtTest>
#include <filesystem>
#include <pqxx/pqxx>
#include <set>
#include <sys/mount.h>
#include <unistd.h>

using namespace bulkhead;
using namespace bulkhead::hardening;

namespace {

// Stops the cluster whatever happens in the test.
struct ClusterGuard
{
    store::LocalCluster &cluster;
    ~ClusterGuard()
    {
        try {
            cluster.stop();
        } catch (...) {
        }
    }
};

std::set<std::string> storedRequestIds(const std::string &dsn, const std::string &tenant)
{
    pqxx::connection connection(dsn);
    pqxx::work tx(connection);
    std::set<std::string> ids;
    for (const auto &row :
         tx.exec_params("SELECT request_id FROM audit_records WHERE tenant_id = $1", tenant))
        ids.insert(row[0].as<std::string>());
    return ids;
}

} // namespace

class TestDatabaseFaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outageUnderLoadFailsClosedAndRecovers();
    void diskFullFailsClosedAndRecovers();

private:
    // Runs load through an outage produced by `breakIt` and ended by `repairIt`, then checks
    // every guarantee. `cluster` must be running when called.
    // `serverDown`: the fault takes the whole server away (readyz must say so); otherwise
    // reads still work and only writes fail.
    void throughOutage(store::LocalCluster &cluster, const std::function<void()> &breakIt,
                       const std::function<void()> &repairIt, bool serverDown);
};

void TestDatabaseFaults::throughOutage(store::LocalCluster &cluster,
                                       const std::function<void()> &breakIt,
                                       const std::function<void()> &repairIt, bool serverDown)
{
    testing::CountingUpstream upstream;
    daemon::DaemonConfig config;
    config.database = cluster.runtimeConnectionString();
    config.databaseOwner = cluster.connectionString();
    config.upstreamUrl = upstream.baseUrl();
    config.policyRefresh = std::chrono::milliseconds(200);
    DaemonUnderTest d(config);
    const std::string key = d.addTenant("loadtenant");
    QTRY_COMPARE_WITH_TIMEOUT(d.chat(key, "warm up").status, 200, 5000);
    const auto ready = [&] {
        return ctl::networkTransport("GET", d.base() + "/readyz", {}, {}).status;
    };

    SteadyLoad load(std::vector<LoadTarget>(4, LoadTarget{d.port(), key, "loadtenant"}));
    QTRY_VERIFY_WITH_TIMEOUT(load.answers().size() >= 8, 10000);
    const std::size_t answeredBeforeFault = load.answers().size();
    breakIt();
    const auto refusedSince = [&](std::size_t from) {
        const auto all = load.answers();
        for (std::size_t i = from; i < all.size(); ++i)
            if (all[i].status != 200)
                return true;
        return false;
    };
    if (serverDown) {
        QTRY_COMPARE_WITH_TIMEOUT(ready(), 503, 20000);
        const int forwardedWhenDown = upstream.chatRequests.load();
        std::this_thread::sleep_for(std::chrono::seconds(1));
        // Down and known to be down: nothing is forwarded.
        QCOMPARE(upstream.chatRequests.load(), forwardedWhenDown);
    } else {
        // Reads still work, so the policy stays fresh; the audit writes are what fail.
        QTRY_VERIFY_WITH_TIMEOUT(refusedSince(answeredBeforeFault), 30000);
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    QCOMPARE(d.healthz(), 200); // the process itself is alive
    const std::size_t answeredBeforeRepair = load.answers().size();
    repairIt();
    QTRY_COMPARE_WITH_TIMEOUT(ready(), 200, 30000);
    // Recovery without a restart: fresh successes after the repair.
    QTRY_VERIFY_WITH_TIMEOUT(load.answers().size() > answeredBeforeRepair + 8 &&
                                 load.answers().back().status == 200,
                             20000);
    load.stop();

    const auto answers = load.answers();
    int ok = 0;
    int refused = 0;
    std::set<std::string> acknowledged;
    for (const auto &a : answers) {
        if (a.status == 200) {
            ++ok;
            QVERIFY(!a.requestId.empty());
            acknowledged.insert(a.requestId);
        } else {
            ++refused;
            QVERIFY2(a.status == 503 && a.code == "policy_unavailable",
                     qPrintable(QStringLiteral("%1 %2").arg(a.status).arg(
                         QString::fromStdString(a.code))));
        }
    }
    QVERIFY(refused > 0); // the outage was seen by the clients
    QVERIFY(ok > 0);
    qInfo("%d requests: %d acknowledged, %d refused with policy_unavailable", int(answers.size()),
          ok, refused);

    // Nothing acknowledged that was not stored.
    const auto stored = storedRequestIds(cluster.connectionString(), "loadtenant");
    for (const auto &id : acknowledged)
        QVERIFY2(stored.count(id) == 1, id.c_str());
    // The tenant's chain still verifies.
    const auto verified = d.admin().call("GET", "/admin/v1/logs/verify?tenant=loadtenant");
    QVERIFY2(verified.ok() && verified.body["ok"].get<bool>(), verified.body.dump().c_str());
    // The daemon said what happened without repeating a secret.
    QVERIFY(d.logText().find(key) == std::string::npos);
}

void TestDatabaseFaults::outageUnderLoadFailsClosedAndRecovers()
{
    QTemporaryDir clusterDir;
    QVERIFY(clusterDir.isValid());
    store::LocalClusterOptions options;
    options.directory = clusterDir.path().toStdString();
    store::LocalCluster cluster(options);
    cluster.start();
    ClusterGuard guard{cluster};
    throughOutage(
        cluster, [&] { cluster.stop(); }, [&] { cluster.start(); }, true);
}

void TestDatabaseFaults::diskFullFailsClosedAndRecovers()
{
    if (::geteuid() != 0)
        QSKIP("mounting a small tmpfs for PostgreSQL's data needs root (CI runs as root)");
    QTemporaryDir mountPoint;
    QVERIFY(mountPoint.isValid());
    const std::string where = mountPoint.path().toStdString();
    // Room for initdb and the test's records; the ballast then takes every byte left.
    if (::mount("tmpfs", where.c_str(), "tmpfs", 0, "size=160m,mode=0755") != 0)
        QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs here (%1)")
                             .arg(QString::fromUtf8(std::strerror(errno)))));
    struct Unmount
    {
        std::string where;
        ~Unmount() { ::umount2(where.c_str(), MNT_DETACH); }
    } unmount{where};
    const std::filesystem::path clusterDirectory = std::filesystem::path(where) / "cluster";
    std::filesystem::create_directory(clusterDirectory);
    store::LocalClusterOptions options;
    options.directory = clusterDirectory;
    store::LocalCluster cluster(options);
    cluster.start();
    ClusterGuard guard{cluster};

    const std::filesystem::path ballast = std::filesystem::path(where) / "ballast";
    const auto fill = [&] {
        // Fill every free byte of the tmpfs.
        std::FILE *file = std::fopen(ballast.c_str(), "wb");
        QVERIFY(file);
        const std::string block(1 << 20, 'x');
        while (std::fwrite(block.data(), 1, block.size(), file) == block.size()) {
        }
        const std::string small(4096, 'x');
        while (std::fwrite(small.data(), 1, small.size(), file) == small.size()) {
        }
        std::fclose(file);
        qInfo("tmpfs filled: %lld MiB of ballast",
              static_cast<long long>(std::filesystem::file_size(ballast) >> 20));
    };
    const auto freeAndRestart = [&] {
        std::filesystem::remove(ballast);
        // A server that hit ENOSPC on its WAL stops itself (PANIC): start it again if so.
        if (!cluster.isRunning())
            cluster.start();
    };
    throughOutage(cluster, fill, freeAndRestart, false);
}

QTEST_GUILESS_MAIN(TestDatabaseFaults)
#include "tst_databasefaults.moc"
