// TenantRepository against a real database: round trips, validation before SQL, typed errors,
// and optimistic concurrency between two real connections.
#include "core/Error.h"
#include "store/Migrations.h"
#include "store/ControlPlaneRepository.h"
#include "store/TenantRepository.h"
#include "support/CaptureError.h"
#include "support/TestDatabase.h"

#include <QtTest>
#include <array>
#include <pqxx/pqxx>
#include <thread>

using bulkhead::core::Classification;
using bulkhead::core::ErrorCode;
using bulkhead::core::Regime;
using bulkhead::core::Relationship;
using bulkhead::core::Tenant;
using bulkhead::core::Threat;
using bulkhead::core::Tier;
using bulkhead::store::TenantRepository;
using bulkhead::testsupport::captureError;
using bulkhead::testsupport::TestDatabase;

Q_DECLARE_METATYPE(bulkhead::core::Tenant)

namespace {

Tenant makeTenant(std::string id, std::string name = "A tenant")
{
    Tenant t;
    t.id = std::move(id);
    t.name = std::move(name);
    return t;
}

int rowCount(pqxx::connection_base &connection)
{
    pqxx::read_transaction tx(connection);
    return tx.exec1("SELECT count(*) FROM tenants")[0].as<int>();
}

} // namespace

class TestTenantRepository final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void roundTrips_data();
    void roundTrips();
    void listsInIdOrder();
    void rejectsInvalidTenantsBeforeSql_data();
    void rejectsInvalidTenantsBeforeSql();
    void duplicateIdIsConflict();
    void missingTenantIsNotFound();
    void updateBumpsTheVersion();
    void staleUpdateIsVersionConflict();
    void concurrentEditsOneWinsOneConflicts();
    void removeChecksTheVersion();
    void rejectsBadVersions();
    void aCallersTransactionCommitsAllOrNothing();

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<pqxx::connection> m_connection;
    std::unique_ptr<TenantRepository> m_repo;
};

void TestTenantRepository::init()
{
    try {
        m_db = std::make_unique<TestDatabase>();
        m_connection = m_db->connect();
        bulkhead::store::applyMigrations(*m_connection);
        m_repo = std::make_unique<TenantRepository>(*m_connection);
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
}

void TestTenantRepository::cleanup()
{
    m_repo.reset();
    m_connection.reset();
    m_db.reset();
}

void TestTenantRepository::roundTrips_data()
{
    QTest::addColumn<Tenant>("tenant");
    Tenant minimal = makeTenant("ab", "x");
    QTest::newRow("minimal") << minimal;

    Tenant hospital = makeTenant("st_mary_2", "St. Mary's Hospital");
    hospital.classifications = {Classification::PHI, Classification::PII};
    hospital.relationship = Relationship::External;
    hospital.threat = Threat::High;
    hospital.regimes = {Regime::HipaaBaa, Regime::StateGovernance};
    hospital.chosenTier = Tier::Dedicated;
    QTest::newRow("external hospital") << hospital;

    Tenant everything = makeTenant(std::string(31, 'z'), std::string(200, 'n'));
    everything.classifications = {Classification::PHI, Classification::PII, Classification::CUI,
                                  Classification::Financial, Classification::Privileged};
    everything.regimes = {Regime::HipaaBaa, Regime::FedRamp, Regime::OccHeightened,
                          Regime::PciDss,   Regime::Gdpr,    Regime::StateGovernance};
    everything.threat = Threat::Medium;
    everything.chosenTier = Tier::Namespace;
    QTest::newRow("every value, longest id and name") << everything;

    // 200 code points of three bytes each: the limit counts characters, not bytes.
    std::string cjk;
    for (int i = 0; i < 200; ++i)
        cjk += "\xE4\xB8\xAD";
    Tenant unicode = makeTenant("agency", cjk);
    unicode.classifications = {Classification::CUI};
    unicode.regimes = {Regime::FedRamp};
    unicode.chosenTier = Tier::Schema;
    QTest::newRow("unicode name") << unicode;
}

void TestTenantRepository::roundTrips()
{
    QFETCH(Tenant, tenant);
    tenant.version = 99; // ignored by create
    const Tenant created = m_repo->create(tenant);
    Tenant expected = tenant;
    expected.version = 1;
    QCOMPARE(created, expected);
    QCOMPARE(m_repo->get(tenant.id), expected);
    QCOMPARE(m_repo->find(tenant.id), std::optional<Tenant>(expected));

    // Read back through another connection: what is committed, not what is cached.
    auto other = m_db->connect();
    TenantRepository reader(*other);
    QCOMPARE(reader.get(tenant.id), expected);
}

void TestTenantRepository::listsInIdOrder()
{
    QVERIFY(m_repo->list().empty());
    for (const char *id : {"mm", "a_z", "zz", "a1", "bb"})
        m_repo->create(makeTenant(id));
    std::vector<std::string> ids;
    for (const auto &t : m_repo->list())
        ids.push_back(t.id);
    QCOMPARE(ids, (std::vector<std::string>{"a1", "a_z", "bb", "mm", "zz"}));
}

void TestTenantRepository::rejectsInvalidTenantsBeforeSql_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("field");
    QTest::newRow("empty id") << QByteArray("") << QByteArray("Name") << "id";
    QTest::newRow("one-char id") << QByteArray("a") << QByteArray("Name") << "id";
    QTest::newRow("32-char id") << QByteArray(32, 'a') << QByteArray("Name") << "id";
    QTest::newRow("upper-case id") << QByteArray("Life") << QByteArray("Name") << "id";
    QTest::newRow("injection in id")
        << QByteArray("x'; DROP TABLE tenants; --") << QByteArray("Name") << "id";
    QTest::newRow("empty name") << QByteArray("life") << QByteArray("") << "name";
    QTest::newRow("blank name") << QByteArray("life") << QByteArray("   ") << "name";
    QTest::newRow("201-char name") << QByteArray("life") << QByteArray(201, 'x') << "name";
    QTest::newRow("control character") << QByteArray("life") << QByteArray("a\nb") << "name";
    QTest::newRow("invalid UTF-8") << QByteArray("life") << QByteArray("\xC0\xAF") << "name";
}

void TestTenantRepository::rejectsInvalidTenantsBeforeSql()
{
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, name);
    QFETCH(QString, field);
    const Tenant tenant = makeTenant(id.toStdString(), name.toStdString());

    auto error = captureError([&] { m_repo->create(tenant); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    QCOMPARE(QString::fromStdString(error->field()), field);
    QCOMPARE(rowCount(*m_connection), 0);

    // The same validation guards update (against a stored, valid tenant of the same id).
    if (field == QLatin1String("name")) {
        m_repo->create(makeTenant(tenant.id));
        error = captureError([&] { m_repo->update(tenant, 1); });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QCOMPARE(QString::fromStdString(error->field()), field);
        QCOMPARE(m_repo->get(tenant.id).name, std::string("A tenant"));
    } else {
        error = captureError([&] { m_repo->get(tenant.id); });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        error = captureError([&] { m_repo->remove(tenant.id, 1); });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    }
}

void TestTenantRepository::duplicateIdIsConflict()
{
    m_repo->create(makeTenant("life", "First"));
    const auto error = captureError([&] { m_repo->create(makeTenant("life", "Second")); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Conflict);
    QCOMPARE(error->field(), std::string("id"));
    QCOMPARE(m_repo->get("life").name, std::string("First"));
    QCOMPARE(m_repo->list().size(), std::size_t(1));
}

void TestTenantRepository::missingTenantIsNotFound()
{
    QVERIFY(!m_repo->find("ghost").has_value());
    auto error = captureError([&] { m_repo->get("ghost"); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::NotFound);
    QCOMPARE(error->field(), std::string("id"));
    error = captureError([&] { m_repo->update(makeTenant("ghost"), 1); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::NotFound);
    error = captureError([&] { m_repo->remove("ghost", 1); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::NotFound);
}

void TestTenantRepository::updateBumpsTheVersion()
{
    Tenant tenant = m_repo->create(makeTenant("life", "Life"));
    tenant.name = "Life & Health";
    tenant.classifications = {Classification::PHI};
    tenant.relationship = Relationship::External;
    tenant.threat = Threat::Medium;
    tenant.regimes = {Regime::HipaaBaa};
    tenant.chosenTier = Tier::Schema;
    const Tenant updated = m_repo->update(tenant, 1);
    QCOMPARE(updated.version, 2LL);
    Tenant expected = tenant;
    expected.version = 2;
    QCOMPARE(updated, expected);
    QCOMPARE(m_repo->get("life"), expected);

    // Back to empty sets and no tier.
    expected.classifications.clear();
    expected.regimes.clear();
    expected.chosenTier.reset();
    const Tenant cleared = m_repo->update(expected, 2);
    expected.version = 3;
    QCOMPARE(cleared, expected);
    QCOMPARE(m_repo->get("life"), expected);
}

void TestTenantRepository::staleUpdateIsVersionConflict()
{
    Tenant tenant = m_repo->create(makeTenant("life", "Original"));
    tenant.name = "First edit";
    m_repo->update(tenant, 1);
    tenant.name = "Stale edit";
    const auto error = captureError([&] { m_repo->update(tenant, 1); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::VersionConflict);
    QCOMPARE(error->field(), std::string("version"));
    const Tenant stored = m_repo->get("life");
    QCOMPARE(stored.name, std::string("First edit"));
    QCOMPARE(stored.version, 2LL);
}

void TestTenantRepository::concurrentEditsOneWinsOneConflicts()
{
    m_repo->create(makeTenant("life", "Original"));

    // A third session locks the row, so both editors are inside their UPDATE, waiting on the same
    // row, before either can write: a real race, lined up deterministically.
    auto locker = m_db->connect();
    pqxx::work lock(*locker);
    lock.exec1("SELECT 1 FROM tenants WHERE id = 'life' FOR UPDATE");

    struct Outcome
    {
        std::optional<Tenant> stored;
        std::optional<bulkhead::core::Error> error;
    };
    std::array<Outcome, 2> outcomes;
    std::array<std::unique_ptr<pqxx::connection>, 2> connections{m_db->connect(), m_db->connect()};
    std::vector<std::thread> editors;
    for (std::size_t i = 0; i < 2; ++i) {
        editors.emplace_back([&, i] {
            TenantRepository repo(*connections[i]);
            Tenant edit = makeTenant("life", i == 0 ? "Edit A" : "Edit B");
            edit.chosenTier = i == 0 ? Tier::Schema : Tier::Dedicated;
            outcomes[i].error = captureError([&] { outcomes[i].stored = repo.update(edit, 1); });
        });
    }
    const bool lined = m_db->waitForLockWaiters(2);
    lock.commit();
    for (auto &t : editors)
        t.join();
    QVERIFY(lined);

    const std::size_t winner = outcomes[0].stored ? 0 : 1;
    const std::size_t loser = 1 - winner;
    QVERIFY(outcomes[winner].stored.has_value());
    QVERIFY(!outcomes[winner].error.has_value());
    QVERIFY(!outcomes[loser].stored.has_value());
    QVERIFY(outcomes[loser].error.has_value());
    QCOMPARE(outcomes[loser].error->code(), ErrorCode::VersionConflict);
    // No lost update: the stored row is exactly the winner's edit, at version 2.
    QCOMPARE(outcomes[winner].stored->version, 2LL);
    QCOMPARE(m_repo->get("life"), *outcomes[winner].stored);
}

void TestTenantRepository::removeChecksTheVersion()
{
    Tenant tenant = m_repo->create(makeTenant("life"));
    tenant.name = "Edited";
    m_repo->update(tenant, 1);
    const auto error = captureError([&] { m_repo->remove("life", 1); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::VersionConflict);
    QVERIFY(m_repo->find("life").has_value());

    m_repo->remove("life", 2);
    QVERIFY(!m_repo->find("life").has_value());
    QCOMPARE(rowCount(*m_connection), 0);
    const auto again = captureError([&] { m_repo->remove("life", 2); });
    QVERIFY(again.has_value());
    QCOMPARE(again->code(), ErrorCode::NotFound);
}

void TestTenantRepository::rejectsBadVersions()
{
    m_repo->create(makeTenant("life"));
    for (long long version : {0LL, -1LL}) {
        auto error = captureError([&] { m_repo->update(makeTenant("life", "X"), version); });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QCOMPARE(error->field(), std::string("version"));
        error = captureError([&] { m_repo->remove("life", version); });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    }
    QCOMPARE(m_repo->get("life").version, 1LL);
}

void TestTenantRepository::aCallersTransactionCommitsAllOrNothing()
{
    // An admin request creates the tenant and its settings in one transaction: nothing of it
    // exists until the caller commits, and nothing remains when it does not.
    {
        pqxx::work tx(*m_connection);
        TenantRepository(tx).create(makeTenant("halfway"));
        bulkhead::store::ControlPlaneRepository(tx).ensureTenantSettings("halfway");
        QVERIFY(TenantRepository(tx).find("halfway").has_value());  // visible inside it
        // no commit: the request failed after these steps
    }
    QVERIFY(!m_repo->find("halfway").has_value());
    {
        pqxx::read_transaction tx(*m_connection);
        QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_settings WHERE tenant_id = 'halfway'")[0].as<int>(), 0);
    }
    {
        pqxx::work tx(*m_connection);
        TenantRepository(tx).create(makeTenant("whole"));
        bulkhead::store::ControlPlaneRepository settings(tx);
        settings.ensureTenantSettings("whole");
        settings.setSystemPrompt("whole", "You help whole.");
        tx.commit();
    }
    QVERIFY(m_repo->find("whole").has_value());
    QCOMPARE(bulkhead::store::ControlPlaneRepository(*m_connection).tenantSettings("whole").systemPrompt,
             std::string("You help whole."));
}

QTEST_GUILESS_MAIN(TestTenantRepository)
#include "tst_tenantrepository.moc"
