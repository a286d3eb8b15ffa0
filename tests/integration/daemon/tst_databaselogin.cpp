// bulkheadd's database login and row-level security (issue 23). The daemon serves as a login
// that RLS binds and the schema owner only migrates and provisions; a login that could bypass
// RLS (superuser, BYPASSRLS, CREATEROLE, a member of the tables' owner) is refused at start,
// naming why, unless the operator allows it, and then /readyz says so and the log_drill probe
// layer (another tenant's audit rows read with the tenant predicate removed) fails.
#include "support/TestDaemon.h"
#include "core/Error.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "store/Database.h"
#include "store/DatabaseLogin.h"
#include "store/LocalCluster.h"
#include "support/TestDatabase.h"
#include "support/WaitUntil.h"
#include "support/TestPostgres.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <mutex>

using namespace bulkhead;
using nlohmann::json;

namespace {

// Tiers 1, 1, 2 and 3: every kind of barrier the drill meets.
const std::vector<std::pair<std::string, int>> kTenants{{"alpha", 1}, {"bravo", 1}, {"charlie", 2}, {"delta", 3}};

json finishedRun(const ctl::AdminClient &admin, const json &request)
{
    const auto started = admin.call("POST", "/admin/v1/probes/runs", request);
    if (started.status != 202)
        return {{"start_status", started.status}, {"body", started.body}};
    json run;
    const bool finished = testsupport::waitUntil([&] {
        const auto reply = admin.call("GET", "/admin/v1/probes/runs/" + started.body["id"].get<std::string>());
        run = reply.body;
        return !reply.ok() || run.value("status", std::string()) != "running";
    });
    if (!finished || !run.is_object() || !run.contains("results"))
        return {{"status", "not_finished"}, {"last_answer", run}, {"results", json::array()}};
    return run;
}

const json *drill(const json &run, const std::string &victim, const std::string &attacker)
{
    for (const auto &r : run["results"])
        if (r["layer"] == "log_drill" && r["victim"] == victim && r["attacker"] == attacker)
            return &r;
    return nullptr;
}

} // namespace

class TestDatabaseLogin final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void theLogDrillFindsEveryBarrier();
    void theRuntimeLoginCannotLeaveRowLevelSecurity();
    void aLoginThatCanBypassIsRefused_data();
    void aLoginThatCanBypassIsRefused();
    void theOverrideIsVisibleAndTheLogDrillFails();

private:
    ctl::AdminClient admin(const daemon::Daemon &d) const
    {
        return ctl::AdminClient("http://127.0.0.1:" + std::to_string(d.port()), m_token);
    }
    // A role of this test's own (roles are cluster-wide), dropped at the end.
    std::string makeRole(const std::string &suffix, const std::string &attributes);

    testsupport::TestDatabase m_db;
    QTemporaryDir m_dir;
    std::string m_token;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::vector<std::string> m_roles;
};

std::string TestDatabaseLogin::makeRole(const std::string &suffix, const std::string &attributes)
{
    const std::string role = m_db.name().substr(0, 40) + "_" + suffix;
    auto c = m_db.connect();
    pqxx::work tx(*c);
    tx.exec0("CREATE ROLE " + tx.quote_name(role) + " LOGIN " + attributes);
    tx.commit();
    m_roles.push_back(role);
    return role;
}

void TestDatabaseLogin::initTestCase()
{
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(config.adminTokenFile) >> m_token;
    for (const auto &[id, tier] : kTenants)
        QVERIFY(admin(*m_daemon).call("POST", "/admin/v1/tenants", {{"id", id}, {"tier", tier}}).ok());
}

void TestDatabaseLogin::cleanupTestCase()
{
    if (m_daemon) {
        m_daemon->shutdown();
        m_daemon->wait();
    }
    auto c = m_db.connect();
    for (const auto &role : m_roles) {
        pqxx::nontransaction tx(*c);
        tx.exec0("DROP ROLE IF EXISTS " + tx.quote_name(role));
    }
}

void TestDatabaseLogin::theLogDrillFindsEveryBarrier()
{
    const auto run = finishedRun(admin(*m_daemon), {{"layers", {"log_drill"}}});
    QVERIFY2(run["status"] == "passed", run.dump().c_str());
    QCOMPARE(run["results"].size(), std::size_t{12});  // 4 tenants: 12 ordered pairs
    for (const auto &r : run["results"]) {
        QCOMPARE(r["outcome"], json("pass"));
        QVERIFY2(r["detail"]["victim_records"].get<int>() >= 1, r.dump().c_str());
        QCOMPARE(r["detail"]["victim_rows_returned"].get<int>(), 0);
    }
    // Tier 1 beside Tier 1: the rows are in one table and RLS hides them.
    QCOMPARE((*drill(run, "alpha", "bravo"))["detail"]["barrier"], json("row_level_security"));
    // A Tier 2 schema and a Tier 3 database: the attacker's login or role has no rights there.
    QCOMPARE((*drill(run, "charlie", "alpha"))["detail"]["barrier"], json("permission_denied"));
    QCOMPARE((*drill(run, "delta", "alpha"))["detail"]["barrier"], json("permission_denied"));
    QCOMPARE((*drill(run, "delta", "charlie"))["detail"]["barrier"], json("permission_denied"));
}

void TestDatabaseLogin::theRuntimeLoginCannotLeaveRowLevelSecurity()
{
    auto c = store::openConnection(m_db.runtimeDsn());
    const auto login = store::inspectDatabaseLogin(*c);
    QCOMPARE(login.name, std::string(store::LocalCluster::kRuntimeLogin));
    QVERIFY(login.boundByRowLevelSecurity());
    {
        // No tenant predicate: RLS alone confines the read to alpha's records.
        pqxx::work tx(*c);
        tx.exec("SELECT set_config('bulkhead.tenant', 'alpha', true)");
        const auto row = tx.exec1("SELECT count(*), count(*) FILTER (WHERE tenant_id <> 'alpha') FROM audit_records");
        QVERIFY(row[0].as<int>() >= 1);
        QCOMPARE(row[1].as<int>(), 0);
    }
    const std::vector<std::string> escapes{"ALTER TABLE audit_records DISABLE ROW LEVEL SECURITY",
                                           "ALTER TABLE audit_records NO FORCE ROW LEVEL SECURITY",
                                           "DROP POLICY audit_records_tenant ON audit_records",
                                           "SET ROLE bulkhead",
                                           "INSERT INTO schema_migrations (version, name) VALUES (99, 'x')"};
    for (const auto &sql : escapes) {
        pqxx::work tx(*c);
        QVERIFY_THROWS_EXCEPTION(pqxx::insufficient_privilege, tx.exec(sql));
    }
}

void TestDatabaseLogin::aLoginThatCanBypassIsRefused_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("reason");
    QTest::newRow("superuser") << QStringLiteral("bulkhead") << QStringLiteral("superuser");
    QTest::newRow("bypassrls") << QString::fromStdString(makeRole("bypass", "BYPASSRLS"))
                               << QStringLiteral("bypassrls");
    QTest::newRow("createrole") << QString::fromStdString(makeRole("creator", "CREATEROLE"))
                                << QStringLiteral("createrole");
    const auto member = makeRole("member", "");
    {
        auto c = m_db.connect();
        pqxx::work tx(*c);
        tx.exec0("GRANT bulkhead TO " + tx.quote_name(member));  // may SET ROLE to the tables' owner
        tx.commit();
    }
    QTest::newRow("member of the owner") << QString::fromStdString(member) << QStringLiteral("owns_rls_tables");
}

void TestDatabaseLogin::aLoginThatCanBypassIsRefused()
{
    QFETCH(QString, login);
    QFETCH(QString, reason);
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");
    config.database = testsupport::TestPostgres::instance().dsn(m_db.name(), login.toStdString());
    daemon::Daemon d(config, [](auto, auto, auto) {});
    try {
        d.start();
        QFAIL("the daemon started on a login that can bypass row-level security");
    } catch (const core::Error &e) {
        const std::string message = e.what();
        QCOMPARE(e.field(), std::string("database"));
        QVERIFY2(message.find(reason.toStdString()) != std::string::npos, e.what());
        QVERIFY2(message.find("--allow-rls-bypass") != std::string::npos, e.what());
        QVERIFY2(message.find("host=") == std::string::npos, "the connection string is never repeated");
    }
}

void TestDatabaseLogin::theOverrideIsVisibleAndTheLogDrillFails()
{
    auto config = testsupport::testDaemonConfig(m_db, "http://127.0.0.1:9/v1");
    config.database = m_db.dsn();  // the superuser
    config.databaseOwner.clear();
    config.allowRlsBypass = true;
    std::mutex mutex;
    std::vector<std::string> warnings;
    daemon::Daemon d(config, [&](std::string_view level, std::string_view event, std::string_view) {
        std::lock_guard lock(mutex);
        if (level == "warning")
            warnings.emplace_back(event);
    });
    d.start();
    {
        std::lock_guard lock(mutex);
        QVERIFY(std::find(warnings.begin(), warnings.end(), "database_login_bypasses_rls") != warnings.end());
    }
    const auto ready = admin(d).call("GET", "/readyz");
    QCOMPARE(ready.body["warnings"][0]["code"], json("database_login_bypasses_rls"));
    QCOMPARE(ready.body["warnings"][0]["reasons"][0], json("superuser"));

    const auto run = finishedRun(admin(d), {{"layers", {"log_drill"}}});
    QCOMPARE(run["status"], json("failed"));
    // A Tier 1 attacker reads as the login itself: every victim's rows come back, in every tier.
    for (const auto &victim : {"bravo", "charlie", "delta"}) {
        const auto *r = drill(run, victim, "alpha");
        QVERIFY2(r, victim);
        QCOMPARE((*r)["outcome"], json("fail"));
        QCOMPARE((*r)["detail"]["barrier"], json("none"));
        QVERIFY((*r)["detail"]["victim_rows_returned"].get<int>() >= 1);
    }
    d.shutdown();
    d.wait();
}

QTEST_GUILESS_MAIN(TestDatabaseLogin)
#include "tst_databaselogin.moc"
