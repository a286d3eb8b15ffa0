// Migrations against a real database: applied once, in one transaction, idempotent, safe with
// concurrent appliers, and the tenants schema enforces its own constraints.
#include "core/Error.h"
#include "store/Migrations.h"
#include "store/StoreErrors.h"
#include "support/CaptureError.h"
#include "support/TestDatabase.h"

#include <QtTest>
#include <array>
#include <pqxx/pqxx>
#include <thread>

using bulkhead::core::ErrorCode;
using bulkhead::store::AppliedMigration;
using bulkhead::store::Migration;
using bulkhead::testsupport::captureError;
using bulkhead::testsupport::TestDatabase;

namespace {

bool tableExists(pqxx::connection_base &connection, const std::string &name)
{
    pqxx::read_transaction tx(connection);
    return tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", name)[0].as<bool>();
}

std::vector<AppliedMigration> all()
{
    std::vector<AppliedMigration> out;
    for (const auto &m : bulkhead::store::controlPlaneMigrations())
        out.push_back({m.version, std::string(m.name)});
    return out;
}

} // namespace

class TestMigrations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void controlPlaneListIsWellFormed();
    void appliesEverythingThenNothing();
    void appliesOnlyWhatIsMissing();
    void concurrentAppliersApplyOnce();
    void failingMigrationLeavesTheOldSchema();
    void rejectsMalformedLists_data();
    void rejectsMalformedLists();
    void detectsDivergingHistory();
    void tenantsTableEnforcesItsRules_data();
    void tenantsTableEnforcesItsRules();

private:
    std::unique_ptr<TestDatabase> m_db;
};

void TestMigrations::init()
{
    try {
        m_db = std::make_unique<TestDatabase>();
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
}

void TestMigrations::cleanup()
{
    m_db.reset();
}

void TestMigrations::controlPlaneListIsWellFormed()
{
    const auto migrations = bulkhead::store::controlPlaneMigrations();
    QVERIFY(!migrations.empty());
    QCOMPARE(migrations[0].version, 1);
    QCOMPARE(std::string(migrations[0].name), std::string("tenants"));
    for (std::size_t i = 1; i < migrations.size(); ++i)
        QVERIFY(migrations[i].version > migrations[i - 1].version);
}

void TestMigrations::appliesEverythingThenNothing()
{
    auto connection = m_db->connect();
    QVERIFY(bulkhead::store::appliedMigrations(*connection).empty());
    QVERIFY(!tableExists(*connection, "tenants"));

    QCOMPARE(bulkhead::store::applyMigrations(*connection), all());
    QVERIFY(tableExists(*connection, "tenants"));
    QVERIFY(tableExists(*connection, "schema_migrations"));
    QCOMPARE(bulkhead::store::appliedMigrations(*connection), all());

    QVERIFY(bulkhead::store::applyMigrations(*connection).empty());
    QCOMPARE(bulkhead::store::appliedMigrations(*connection), all());

    pqxx::read_transaction tx(*connection);
    const auto row =
        tx.exec1("SELECT count(*), bool_and(applied_at <= now()) FROM schema_migrations");
    QCOMPARE(row[0].as<std::size_t>(), all().size());
    QVERIFY(row[1].as<bool>());
}

void TestMigrations::appliesOnlyWhatIsMissing()
{
    const std::array<Migration, 2> migrations{
        Migration{1, "first", "CREATE TABLE first (n integer)"},
        Migration{2, "second", "CREATE TABLE second (n integer)"},
    };
    auto connection = m_db->connect();
    const auto firstRun = bulkhead::store::applyMigrations(
        *connection, std::span<const Migration>(migrations).first(1));
    QCOMPARE(firstRun, (std::vector<AppliedMigration>{{1, "first"}}));
    QVERIFY(!tableExists(*connection, "second"));
    const auto secondRun = bulkhead::store::applyMigrations(*connection, migrations);
    QCOMPARE(secondRun, (std::vector<AppliedMigration>{{2, "second"}}));
    QVERIFY(tableExists(*connection, "second"));
    QCOMPARE(bulkhead::store::appliedMigrations(*connection),
             (std::vector<AppliedMigration>{{1, "first"}, {2, "second"}}));
}

void TestMigrations::concurrentAppliersApplyOnce()
{
    // A third session holds the migration lock, so both appliers are provably inside
    // applyMigrations() and queued on the same lock before either can proceed.
    auto holder = m_db->connect();
    pqxx::work hold(*holder);
    hold.exec_params("SELECT pg_advisory_xact_lock($1)", bulkhead::store::kMigrationLockKey);

    struct Outcome
    {
        std::vector<AppliedMigration> applied;
        std::string error;
    };
    std::array<Outcome, 2> outcomes;
    std::array<std::unique_ptr<pqxx::connection>, 2> connections{m_db->connect(), m_db->connect()};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            try {
                outcomes[i].applied = bulkhead::store::applyMigrations(*connections[i]);
            } catch (const std::exception &e) {
                outcomes[i].error = e.what();
            }
        });
    }
    const bool lined = m_db->waitForLockWaiters(2);
    hold.commit();
    for (auto &t : threads)
        t.join();
    QVERIFY(lined);

    for (const auto &o : outcomes)
        QVERIFY2(o.error.empty(), o.error.c_str());
    // Exactly one of them applied the schema; the other found it there.
    const bool firstWon = outcomes[0].applied == all() && outcomes[1].applied.empty();
    const bool secondWon = outcomes[1].applied == all() && outcomes[0].applied.empty();
    QVERIFY(firstWon != secondWon);
    auto check = m_db->connect();
    QCOMPARE(bulkhead::store::appliedMigrations(*check), all());
}

void TestMigrations::failingMigrationLeavesTheOldSchema()
{
    const std::array<Migration, 1> good{
        Migration{1, "first", "CREATE TABLE first (n integer)"},
    };
    auto connection = m_db->connect();
    bulkhead::store::applyMigrations(*connection, good);

    // Version 2 succeeds, version 3 fails: the whole run rolls back, 2 included.
    const std::array<Migration, 3> broken{
        Migration{1, "first", "CREATE TABLE first (n integer)"},
        Migration{2, "second", "CREATE TABLE second (n integer)"},
        Migration{3, "broken", "CREATE TABLE third (n no_such_type)"},
    };
    const auto error = captureError([&] { bulkhead::store::applyMigrations(*connection, broken); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Internal);
    QVERIFY(!tableExists(*connection, "second"));
    QCOMPARE(bulkhead::store::appliedMigrations(*connection),
             (std::vector<AppliedMigration>{{1, "first"}}));

    // On a database that never had one, even the ledger is rolled back.
    TestDatabase fresh;
    auto other = fresh.connect();
    QVERIFY(captureError([&] { bulkhead::store::applyMigrations(*other, broken); }).has_value());
    QVERIFY(!tableExists(*other, "schema_migrations"));
    QVERIFY(!tableExists(*other, "first"));
}

void TestMigrations::rejectsMalformedLists_data()
{
    QTest::addColumn<int>("firstVersion");
    QTest::addColumn<int>("secondVersion");
    QTest::addColumn<QString>("secondName");
    QTest::newRow("duplicate version") << 1 << 1 << "b";
    QTest::newRow("decreasing") << 2 << 1 << "b";
    QTest::newRow("zero") << 0 << 1 << "b";
    QTest::newRow("negative") << -1 << 1 << "b";
    QTest::newRow("empty name") << 1 << 2 << "";
}

void TestMigrations::rejectsMalformedLists()
{
    QFETCH(int, firstVersion);
    QFETCH(int, secondVersion);
    QFETCH(QString, secondName);
    const std::string name = secondName.toStdString();
    const std::array<Migration, 2> migrations{
        Migration{firstVersion, "a", "CREATE TABLE a (n integer)"},
        Migration{secondVersion, name, "CREATE TABLE b (n integer)"},
    };
    auto connection = m_db->connect();
    const auto error =
        captureError([&] { bulkhead::store::applyMigrations(*connection, migrations); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Internal);
    QVERIFY(!tableExists(*connection, "schema_migrations"));
    QVERIFY(!tableExists(*connection, "a"));
}

void TestMigrations::detectsDivergingHistory()
{
    const std::array<Migration, 1> ours{Migration{1, "ours", "CREATE TABLE ours (n integer)"}};
    const std::array<Migration, 1> theirs{
        Migration{1, "theirs", "CREATE TABLE theirs (n integer)"}};
    auto connection = m_db->connect();
    bulkhead::store::applyMigrations(*connection, ours);
    const auto error = captureError([&] { bulkhead::store::applyMigrations(*connection, theirs); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Internal);
    QVERIFY2(std::string(error->what()).find("diverge") != std::string::npos, error->what());
    QVERIFY(!tableExists(*connection, "theirs"));
}

void TestMigrations::tenantsTableEnforcesItsRules_data()
{
    // Defence in depth: the repository validates first, but the schema refuses bad rows on its
    // own, whoever writes them. Columns: id, name, classifications, relationship, threat,
    // regimes, chosen_tier.
    QTest::addColumn<QString>("values");
    QTest::addColumn<bool>("accepted");
    // clang-format off
    QTest::newRow("valid")                  << "('life', 'Life', '{PHI}', 'internal', 'low', '{GDPR}', 2)" << true;
    QTest::newRow("valid, no tier")         << "('life', 'Life', '{}', 'external', 'high', '{}', NULL)"    << true;
    QTest::newRow("upper-case id")          << "('Life', 'Life', '{}', 'internal', 'low', '{}', NULL)"     << false;
    QTest::newRow("one-char id")            << "('l', 'Life', '{}', 'internal', 'low', '{}', NULL)"        << false;
    QTest::newRow("empty name")             << "('life', '', '{}', 'internal', 'low', '{}', NULL)"         << false;
    QTest::newRow("null name")              << "('life', NULL, '{}', 'internal', 'low', '{}', NULL)"       << false;
    QTest::newRow("201-char name")          << "('life', repeat('x', 201), '{}', 'internal', 'low', '{}', NULL)" << false;
    QTest::newRow("unknown classification") << "('life', 'Life', '{SECRET}', 'internal', 'low', '{}', NULL)" << false;
    QTest::newRow("lower-case classification") << "('life', 'Life', '{phi}', 'internal', 'low', '{}', NULL)" << false;
    QTest::newRow("unknown relationship")   << "('life', 'Life', '{}', 'partner', 'low', '{}', NULL)"      << false;
    QTest::newRow("unknown threat")         << "('life', 'Life', '{}', 'internal', 'huge', '{}', NULL)"    << false;
    QTest::newRow("unknown regime")         << "('life', 'Life', '{}', 'internal', 'low', '{SOX}', NULL)"  << false;
    QTest::newRow("tier 0")                 << "('life', 'Life', '{}', 'internal', 'low', '{}', 0)"        << false;
    QTest::newRow("tier 4")                 << "('life', 'Life', '{}', 'internal', 'low', '{}', 4)"        << false;
    // clang-format on
}

void TestMigrations::tenantsTableEnforcesItsRules()
{
    QFETCH(QString, values);
    QFETCH(bool, accepted);
    auto connection = m_db->connect();
    bulkhead::store::applyMigrations(*connection);
    // Test-owned literals, not input: the point is to bypass the repository's validation.
    const std::string sql = "INSERT INTO tenants (id, name, classifications, relationship, threat, "
                            "regimes, chosen_tier) VALUES " +
                            values.toStdString();
    const auto error = captureError([&] {
        bulkhead::store::translateStoreErrors("insert", [&] {
            pqxx::work tx(*connection);
            tx.exec0(sql);
            tx.commit();
        });
    });
    if (accepted) {
        QVERIFY2(!error, error ? error->what() : "");
        return;
    }
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
