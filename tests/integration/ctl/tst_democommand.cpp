// `bulkheadctl demo up` / `demo down` as shipped: the real binaries, a private cluster, the
// reference upstreams. Checks the demo.json contract the console and the docs rely on, that a
// tenant of every tier gets a chat answer through the proxy, and that `demo down` leaves no
// process of the demo behind.
#include "ctl/AdminClient.h"
#include "store/Database.h"
#include "store/DatabaseLogin.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <set>
#include <signal.h>
#include <vector>

using nlohmann::json;

namespace {

QString binary(const char *name)
{
    return qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QLatin1Char('/') + QLatin1String(name);
}

// Runs bulkheadctl to completion; returns its exit code (-1: did not finish in time).
int runCtl(const QStringList &args, QByteArray *out = nullptr)
{
    QProcess ctl;
    ctl.setProcessChannelMode(QProcess::SeparateChannels);
    ctl.start(binary("bulkheadctl"), args);
    if (!ctl.waitForFinished(90'000)) {
        ctl.kill();
        ctl.waitForFinished();
        return -1;
    }
    if (out)
        *out = ctl.readAllStandardOutput();
    const auto err = ctl.readAllStandardError();
    if (ctl.exitCode() != 0)
        qWarning("bulkheadctl %s: %s", qPrintable(args.join(QLatin1Char(' '))), err.constData());
    return ctl.exitCode();
}

std::vector<long> recordedPids(const QString &dir)
{
    QFile file(dir + QStringLiteral("/pids"));
    std::vector<long> pids;
    if (!file.open(QIODevice::ReadOnly))
        return pids;
    for (const auto &line : file.readAll().split('\n')) {
        const auto parts = line.split(' ');
        if (parts.size() == 2)
            pids.push_back(parts[1].toLong());
    }
    return pids;
}

bool running(long pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) == 0;
}

} // namespace

class TestDemoCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upServesEveryTierAndDownLeavesNothing();
};

void TestDemoCommand::upServesEveryTierAndDownLeavesNothing()
{
    if (qEnvironmentVariableIsEmpty("BULKHEAD_BINARY_DIR"))
        QSKIP("BULKHEAD_BINARY_DIR is set by CTest; run this test through ctest");
    // The empty temporary folder itself: as root the PostgreSQL account must be able to enter
    // it, and `demo up` opens exactly that folder to it (a 0700 parent would stop it).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.path();

    const int upCode =
        runCtl({QStringLiteral("demo"), QStringLiteral("up"), QStringLiteral("--dir"), folder});
    const auto pids = recordedPids(folder);
    // Whatever fails below, stop what was started.
    struct DownAtExit
    {
        QString folder;
        bool done = false;
        ~DownAtExit()
        {
            if (!done)
                runCtl({QStringLiteral("demo"), QStringLiteral("down"), QStringLiteral("--dir"),
                        folder});
        }
    } downAtExit{folder};
    QCOMPARE(upCode, 0);
    QVERIFY(pids.size() >= 3); // the proxy, the shared upstream, dedicated upstreams
    for (const long pid : pids)
        QVERIFY2(running(pid), qPrintable(QString::number(pid)));

    QFile file(folder + QStringLiteral("/demo.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(int(file.permissions() & (QFile::ReadGroup | QFile::ReadOther)), 0); // has secrets
    const auto demo = json::parse(file.readAll().toStdString(), nullptr, false);
    QVERIFY(!demo.is_discarded());
    for (const char *key : {"proxy_url", "admin_url", "admin_token", "upstream_url", "database"})
        QVERIFY2(demo.contains(key) && demo[key].is_string() &&
                     !demo[key].get<std::string>().empty(),
                 key);
    QVERIFY(demo["tenants"].is_array());
    std::set<int> tiers;
    std::set<std::string> ids;
    for (const auto &t : demo["tenants"]) {
        QVERIFY(t["id"].is_string() && t["tier"].is_number_integer() && t["api_key"].is_string());
        ids.insert(t["id"].get<std::string>());
        tiers.insert(t["tier"].get<int>());
    }
    QCOMPARE(ids.size(), demo["tenants"].size());
    QCOMPARE(tiers, (std::set<int>{1, 2, 3}));

    // The admin token works on the admin URL.
    bulkhead::ctl::AdminClient admin(demo["admin_url"], demo["admin_token"]);
    const auto listed = admin.call("GET", "/admin/v1/tenants");
    QVERIFY(listed.ok());
    QCOMPARE(listed.body["tenants"].size(), demo["tenants"].size());

    // The daemon (the console's embedded default runs this same demo) serves as a login that
    // row-level security binds; the superuser only owns the schema; /readyz warns of nothing.
    QVERIFY(demo["database_owner"].is_string() && demo["database_owner"] != demo["database"]);
    const auto login = bulkhead::store::inspectDatabaseLogin(
        *bulkhead::store::openConnection(demo["database"].get<std::string>()));
    QVERIFY2(login.boundByRowLevelSecurity(), login.name.c_str());
    QVERIFY(!admin.call("GET", "/readyz").body.contains("warnings"));

    // A second `demo up` on the same folder is refused and leaves the running demo alone.
    QVERIFY(runCtl({QStringLiteral("demo"), QStringLiteral("up"), QStringLiteral("--dir"), folder}) != 0);
    QCOMPARE(recordedPids(folder), pids);
    QVERIFY(admin.call("GET", "/admin/v1/tenants").ok());

    // One chat call per tier, each with a tenant key of that tier.
    const std::string proxy = demo["proxy_url"];
    for (const int tier : {1, 2, 3}) {
        const auto tenant = std::find_if(demo["tenants"].begin(), demo["tenants"].end(),
                                         [&](const json &t) { return t["tier"] == tier; });
        const auto reply = bulkhead::ctl::networkTransport(
            "POST", proxy + "/chat/completions", (*tenant)["api_key"],
            json{{"model", "bulkhead-refmodel"},
                 {"messages", json::array({{{"role", "user"}, {"content", "Hello?"}}})}}
                .dump());
        QVERIFY2(reply.status == 200, qPrintable(QStringLiteral("tier %1: %2 %3")
                                                     .arg(tier)
                                                     .arg(reply.status)
                                                     .arg(QString::fromStdString(reply.body))));
        const auto doc = json::parse(reply.body);
        QVERIFY(!doc["choices"][0]["message"]["content"].get<std::string>().empty());
    }

    downAtExit.done = true;
    QCOMPARE(
        runCtl({QStringLiteral("demo"), QStringLiteral("down"), QStringLiteral("--dir"), folder}),
        0);
    for (const long pid : pids)
        QVERIFY2(!running(pid), qPrintable(QStringLiteral("pid %1 still running").arg(pid)));
    QVERIFY(!QFile::exists(folder + QStringLiteral("/pids")));
}

QTEST_GUILESS_MAIN(TestDemoCommand)
#include "tst_democommand.moc"
