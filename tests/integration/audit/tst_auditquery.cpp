// AuditQuery and the audit tables' own guards against real PostgreSQL: row-level security proven
// with a non-superuser role (a query WITHOUT the tenant predicate still sees only the scoped
// tenant), the append-only trigger, keyset pagination that neither skips nor repeats, filters
// and limits.
#include "AuditFixture.h"
#include "audit/AuditQuery.h"
#include "audit/AuditWriter.h"
#include "core/Error.h"
#include "store/Database.h"
#include "support/CaptureError.h"

#include <QtTest>

using bulkhead::audit::AuditFilter;
using bulkhead::audit::AuditQuery;
using bulkhead::audit::AuditWriter;
using bulkhead::audit::Decision;
using bulkhead::audit::TenantScope;
using bulkhead::core::ErrorCode;
using bulkhead::testsupport::AuditDatabase;
using bulkhead::testsupport::captureError;
using bulkhead::testsupport::makeRecord;
using bulkhead::testsupport::testSigner;

namespace {

constexpr int kAcme = 250;
constexpr int kGlobex = 40;

void fill(AuditDatabase &db)
{
    AuditWriter writer(*db.pool, testSigner());
    std::vector<std::future<bulkhead::audit::AppendResult>> pending;
    for (int i = 0; i < kAcme; ++i)
        pending.push_back(writer.append(makeRecord("acme", i)));
    for (int i = 0; i < kGlobex; ++i)
        pending.push_back(writer.append(makeRecord("globex", i)));
    for (auto &p : pending)
        p.get();
}

// A role like the daemon's in production: no superuser, no BYPASSRLS, and every table privilege
// on the audit tables, so only RLS and the trigger stand between it and other tenants' rows.
std::string createRole(AuditDatabase &db)
{
    const auto role = db.database.name() + "_app";
    auto connection = db.database.connect();
    pqxx::work tx(*connection);
    const auto quoted = bulkhead::store::quotedIdentifier(*connection, role, "role");
    tx.exec0("CREATE ROLE " + quoted + " NOLOGIN NOSUPERUSER NOBYPASSRLS");
    tx.exec0("GRANT USAGE ON SCHEMA public TO " + quoted);
    tx.exec0("GRANT SELECT, INSERT, UPDATE, DELETE ON audit_records, audit_checkpoints TO " +
             quoted);
    tx.commit();
    return role;
}

void dropRole(AuditDatabase &db, const std::string &role)
{
    auto connection = db.database.connect();
    pqxx::work tx(*connection);
    const auto quoted = bulkhead::store::quotedIdentifier(*connection, role, "role");
    tx.exec0("DROP OWNED BY " + quoted);
    tx.exec0("DROP ROLE " + quoted);
    tx.commit();
}

// The SQLSTATE `fn` failed with, "none" when it succeeded.
QString sqlStateOf(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const pqxx::insufficient_privilege &) {
        // libpqxx 6 throws this class for 42501 but leaves sqlstate() empty.
        return QStringLiteral("42501");
    } catch (const pqxx::sql_error &e) {
        return QString::fromStdString(e.sqlstate()) + QLatin1Char(' ') +
               QString::fromUtf8(e.what());
    }
    return QStringLiteral("none");
}

} // namespace

class TestAuditQuery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowLevelSecurityConfinesANonSuperuser();
    void appendOnlyForEveryone();
    void writerRunsUnderRowLevelSecurity();
    void pagesWithoutSkipsOrRepeats();
    void filters();
    void rejectsBadLimits_data();
    void rejectsBadLimits();
};

void TestAuditQuery::rowLevelSecurityConfinesANonSuperuser()
{
    AuditDatabase db;
    fill(db);
    const auto role = createRole(db);
    auto connection = db.database.connect();
    {
        pqxx::work tx(*connection);
        tx.exec0("SET LOCAL ROLE " + bulkhead::store::quotedIdentifier(*connection, role, "role"));
        QVERIFY(!tx.exec1("SELECT rolsuper OR rolbypassrls FROM pg_roles "
                          "WHERE rolname = current_user")[0]
                     .as<bool>());
        // No tenant set: nothing at all, not everything.
        QCOMPARE(tx.exec1("SELECT count(*) FROM audit_records")[0].as<int>(), 0);
        tx.exec("SELECT set_config('bulkhead.tenant', 'acme', true)");
        // The query has NO tenant predicate, yet sees acme's rows only.
        const auto rows = tx.exec("SELECT DISTINCT tenant_id FROM audit_records");
        QCOMPARE(rows.size(), pqxx::result::size_type{1});
        QCOMPARE(rows[0][0].as<std::string>(), std::string("acme"));
        QCOMPARE(tx.exec1("SELECT count(*) FROM audit_records")[0].as<int>(), kAcme);
        QCOMPARE(tx.exec1("SELECT count(DISTINCT tenant_id) FROM audit_checkpoints")[0].as<int>(),
                 1);
        // Asking for the neighbour explicitly still returns nothing.
        QCOMPARE(tx.exec1("SELECT count(*) FROM audit_records WHERE tenant_id = 'globex'")[0]
                     .as<int>(),
                 0);
    }
    {
        // Writing into the neighbour's log is refused by the policy's WITH CHECK.
        pqxx::work tx(*connection);
        tx.exec0("SET LOCAL ROLE " + bulkhead::store::quotedIdentifier(*connection, role, "role"));
        tx.exec("SELECT set_config('bulkhead.tenant', 'acme', true)");
        QCOMPARE(sqlStateOf([&] {
                     tx.exec0("INSERT INTO audit_records VALUES ('globex', 999, now(), 'r', "
                              "'/x', 'allowed', '{}', sha256('x'))");
                 }),
                 QStringLiteral("42501"));
    }
    // The query API over that role's session: scoped to the tenant it is given.
    {
        pqxx::nontransaction(*connection)
            .exec0("SET ROLE " + bulkhead::store::quotedIdentifier(*connection, role, "role"));
        AuditFilter filter;
        filter.limit = 1000;
        const auto page = AuditQuery(*connection).records(TenantScope("globex"), filter);
        QCOMPARE(page.records.size(), std::size_t{kGlobex});
        for (const auto &r : page.records)
            QCOMPARE(r.tenantId, std::string("globex"));
        pqxx::nontransaction(*connection).exec0("RESET ROLE");
    }
    connection.reset();
    dropRole(db, role);
}

void TestAuditQuery::appendOnlyForEveryone()
{
    AuditDatabase db;
    fill(db);
    const auto role = createRole(db);
    for (const bool asRole : {true, false}) {
        auto connection = db.database.connect();
        for (const std::string statement :
             {"UPDATE audit_records SET route = '/x' WHERE seq = 1",
              "DELETE FROM audit_records WHERE seq = 1", "TRUNCATE audit_records",
              "UPDATE audit_checkpoints SET tree_size = tree_size + 1",
              "DELETE FROM audit_checkpoints"}) {
            pqxx::work tx(*connection);
            if (asRole)
                tx.exec0("SET LOCAL ROLE " +
                         bulkhead::store::quotedIdentifier(*connection, role, "role"));
            tx.exec("SELECT set_config('bulkhead.tenant', 'acme', true)");
            const auto state = sqlStateOf([&] { tx.exec0(statement); });
            // TRUNCATE as the role: no TRUNCATE privilege at all (42501 as well).
            QCOMPARE(state, QStringLiteral("42501"));
        }
    }
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records"), kAcme + kGlobex);
    dropRole(db, role);
}

void TestAuditQuery::writerRunsUnderRowLevelSecurity()
{
    // The production shape: the writer's connections run as a role RLS applies to (switched at
    // connection start through libpq's options), and still append to several tenants in one
    // transaction because it scopes each tenant's statements with SET LOCAL.
    AuditDatabase db;
    const auto role = createRole(db);
    {
        bulkhead::store::ConnectionPool pool(db.database.dsn() + " options='-c role=" + role + "'",
                                             1);
        AuditWriter writer(pool, testSigner());
        std::vector<std::future<bulkhead::audit::AppendResult>> pending;
        for (int i = 0; i < 30; ++i)
            pending.push_back(writer.append(makeRecord(i % 2 ? "acme" : "globex", i)));
        for (auto &p : pending)
            p.get();
        writer.flushCheckpoints().get();
        pool.run([&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            QCOMPARE(tx.exec1("SELECT current_user")[0].as<std::string>(), role);
        });
    }
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 15);
    QCOMPARE(db.scalar("SELECT count(DISTINCT tenant_id) FROM audit_checkpoints"), 2);
    dropRole(db, role);
}

void TestAuditQuery::pagesWithoutSkipsOrRepeats()
{
    AuditDatabase db;
    fill(db);
    auto connection = db.database.connect();
    AuditQuery query(*connection);
    AuditFilter filter;
    filter.limit = 100;
    std::vector<std::uint64_t> seen;
    int pages = 0;
    while (true) {
        const auto page = query.records(TenantScope("acme"), filter);
        ++pages;
        for (const auto &r : page.records) {
            QCOMPARE(r.tenantId, std::string("acme"));
            seen.push_back(r.sequence);
        }
        if (!page.nextAfter)
            break;
        QCOMPARE(*page.nextAfter, page.records.back().sequence);
        filter.after = page.nextAfter;
    }
    QCOMPARE(pages, 3);
    QCOMPARE(seen.size(), std::size_t{kAcme});
    for (std::size_t i = 0; i < seen.size(); ++i)
        QCOMPARE(seen[i], std::uint64_t(i));

    // Exactly one full page: no phantom next page.
    filter = {};
    filter.limit = kGlobex;
    const auto exact = query.records(TenantScope("globex"), filter);
    QCOMPARE(exact.records.size(), std::size_t{kGlobex});
    QVERIFY(!exact.nextAfter);
}

void TestAuditQuery::filters()
{
    AuditDatabase db;
    fill(db);
    auto connection = db.database.connect();
    AuditQuery query(*connection);
    const auto scope = TenantScope("acme");

    AuditFilter blocked;
    blocked.limit = 1000;
    blocked.decision = Decision::Blocked;
    const auto b = query.records(scope, blocked);
    QCOMPARE(b.records.size(), std::size_t{(kAcme + 3) / 4});
    for (const auto &r : b.records) {
        QVERIFY(r.decision == Decision::Blocked);
        QCOMPARE(r.findings.size(), std::size_t{1});
    }

    AuditFilter route;
    route.limit = 1000;
    route.route = "/v1/embeddings";
    route.decision = Decision::Allowed;
    for (const auto &r : query.records(scope, route).records) {
        QCOMPARE(r.route, std::string("/v1/embeddings"));
        QVERIFY(r.decision == Decision::Allowed);
    }

    // Records n are at base + n ms: [base+10ms, base+20ms) is records 10..19.
    AuditFilter time;
    time.fromUs = makeRecord("acme", 10).recordedAtUs;
    time.untilUs = makeRecord("acme", 20).recordedAtUs;
    const auto t = query.records(scope, time);
    QCOMPARE(t.records.size(), std::size_t{10});
    QCOMPARE(t.records.front().requestId, std::string("acme-req-10"));
    QCOMPARE(t.records.back().requestId, std::string("acme-req-19"));

    // A time window and a cursor together.
    time.after = t.records[4].sequence;
    QCOMPARE(query.records(scope, time).records.size(), std::size_t{5});
}

void TestAuditQuery::rejectsBadLimits_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("inverted");
    QTest::newRow("zero") << 0 << false;
    QTest::newRow("1001") << 1001 << false;
    QTest::newRow("inverted range") << 10 << true;
}

void TestAuditQuery::rejectsBadLimits()
{
    QFETCH(int, limit);
    QFETCH(bool, inverted);
    AuditDatabase db;
    auto connection = db.database.connect();
    AuditFilter filter;
    filter.limit = static_cast<std::size_t>(limit);
    if (inverted) {
        filter.fromUs = 10;
        filter.untilUs = 5;
    }
    const auto error =
        captureError([&] { AuditQuery(*connection).records(TenantScope("acme"), filter); });
    QVERIFY(error);
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    QVERIFY(captureError([] { TenantScope("Not Valid"); }));
}

QTEST_GUILESS_MAIN(TestAuditQuery)
#include "tst_auditquery.moc"
