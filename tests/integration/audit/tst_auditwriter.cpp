// AuditWriter against real PostgreSQL: group commit (many records, few transactions, counted by
// PostgreSQL itself), durability when the future resolves, per-tenant contiguous sequences,
// checkpoints every N records, two writers sharing a tenant, a database still without the
// one-statement append, Tier 2 tenants in one transaction whose roles may not see public,
// failing closed, and a checkpointed chain leaving the shared tables (removal, move out of Tier 1).
#include "AuditFixture.h"
#include "audit/AuditVerifier.h"
#include "audit/AuditWriter.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "support/CaptureError.h"
#include "support/WaitUntil.h"
#include "store/Migrations.h"
#include "store/LocalCluster.h"
#include "store/AuditPlacementRepository.h"
#include "store/PlacementProvisioning.h"
#include "store/TenantRepository.h"

#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <set>
#include <thread>

using bulkhead::audit::AuditVerifier;
using bulkhead::audit::AuditWriter;
using bulkhead::audit::AuditWriterOptions;
using bulkhead::audit::TenantScope;
using bulkhead::core::ErrorCode;
using bulkhead::testsupport::AuditDatabase;
using bulkhead::testsupport::makeRecord;
using bulkhead::testsupport::testSigner;

namespace {

// Tenant "acme" with 7 records and 3 signed checkpoints (every 3 records, and the rest at close).
// A checkpoint every 3 records, none by time.
AuditWriterOptions checkpointEveryThree()
{
    AuditWriterOptions options;
    options.checkpointEvery = 3;
    options.checkpointInterval = std::chrono::hours(1);
    return options;
}

void writeCheckpointedChain(AuditDatabase &db, pqxx::connection &connection)
{
    bulkhead::core::Tenant acme;
    acme.id = "acme";
    acme.name = "Acme";
    bulkhead::store::TenantRepository(connection).create(acme);
    AuditWriter writer(*db.pool, testSigner(), checkpointEveryThree());
    for (int i = 0; i < 7; ++i)
        writer.append(makeRecord("acme", i)).get();
    writer.flushCheckpoints().get();
}

} // namespace

class TestAuditWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupCommitBatchesManyRequests();
    void resolvedMeansCommitted();
    void checkpointsEveryNRecords();
    void twoWritersShareATenant();
    void knownTenantsCommitInOneStatement();
    void aDatabaseWithoutTheAppendFunctionGetsIt();
    void tenantRolesThatCannotSeePublicShareATransaction();
    void databaseFailureFailsTheFutures();
    void rejectsInvalidRecordsAtOnce();
    void aPausedTenantsRecordsWaitAndLandAfterwards();
    void oneTenantsFailureFailsOnlyItsRecords();
    void withoutASynchronousStandbyNothingIsCommitted();
    void aCommitReleasedWithoutItsStandbyIsNotAcknowledged();
    void aTenantWithSignedCheckpointsIsRemovedWithItsChainArchived();
    void aMoveOutOfTierOneTakesTheSignedCheckpointsToo();
};

void TestAuditWriter::groupCommitBatchesManyRequests()
{
    AuditDatabase db;
    constexpr int kThreads = 8;
    constexpr int kPerThread = 250;
    const std::vector<std::string> tenants = {"acme", "globex", "initech", "umbrella"};
    std::vector<std::uint8_t> publicKey;
    {
        AuditWriter writer(*db.pool, testSigner(), {});
        publicKey = writer.publicKey();
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                // Like a request handler: append, wait for the commit, answer, next request.
                for (int i = 0; i < kPerThread; ++i) {
                    try {
                        const auto result =
                            writer.append(makeRecord(tenants[t % tenants.size()], t * 1000 + i))
                                .get();
                        if (result.leafHash.size() != 32)
                            ++failures;
                    } catch (...) {
                        ++failures;
                    }
                }
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(failures.load(), 0);
        writer.flushCheckpoints().get();
        const auto stats = writer.stats();
        QCOMPARE(stats.records, std::uint64_t{kThreads * kPerThread});
        qInfo("%llu records in %llu transactions, %llu checkpoints",
              static_cast<unsigned long long>(stats.records),
              static_cast<unsigned long long>(stats.transactions),
              static_cast<unsigned long long>(stats.checkpoints));
        QVERIFY(stats.transactions * 3 < stats.records);
    }
    // PostgreSQL's own count: rows sharing an xmin were inserted by one transaction.
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records"), kThreads * kPerThread);
    const auto transactions = db.scalar("SELECT count(DISTINCT xmin::text) FROM audit_records");
    QVERIFY2(transactions * 3 < kThreads * kPerThread,
             qPrintable(QString::number(transactions)));
    auto connection = db.database.connect();
    for (const auto &tenant : tenants) {
        const auto report = AuditVerifier(*connection).verify(TenantScope(tenant), publicKey);
        QVERIFY2(report.ok(), report.detail.c_str());
        QCOMPARE(report.records, std::uint64_t{kPerThread * kThreads / tenants.size()});
        QVERIFY(report.checkpoints >= 1);
    }
}

void TestAuditWriter::resolvedMeansCommitted()
{
    AuditDatabase db;
    AuditWriter writer(*db.pool, testSigner());
    auto observer = db.database.connect();
    for (int i = 0; i < 20; ++i) {
        const auto result = writer.append(makeRecord("acme", i)).get();
        QCOMPARE(result.sequence, std::uint64_t(i));
        QCOMPARE(result.tenantId, std::string("acme"));
        // Another session sees it the moment the future resolved: committed, not just queued.
        pqxx::read_transaction tx(*observer);
        QCOMPARE(tx.exec_params1("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme' "
                                 "AND seq = $1 AND leaf_hash = decode($2, 'hex')",
                                 result.sequence, bulkhead::crypto::toHex(result.leafHash))[0]
                     .as<int>(),
                 1);
    }
}

void TestAuditWriter::checkpointsEveryNRecords()
{
    AuditDatabase db;
    AuditWriterOptions options;
    options.checkpointEvery = 10;
    options.checkpointInterval = std::chrono::hours(1);
    options.clockUs = [] { return std::int64_t{1'800'000'000'000'000}; };
    AuditWriter writer(*db.pool, testSigner(), options);
    for (int i = 0; i < 25; ++i)
        writer.append(makeRecord("acme", i)).get();
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints"), 2);
    QCOMPARE(db.scalar("SELECT max(tree_size) FROM audit_checkpoints"), 20);
    writer.flushCheckpoints().get();
    QCOMPARE(db.scalar("SELECT max(tree_size) FROM audit_checkpoints"), 25);
    QCOMPARE(db.scalar("SELECT min(signed_at_us) FROM audit_checkpoints"), 1'800'000'000'000'000);
    writer.flushCheckpoints().get();  // nothing new: no duplicate checkpoint
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints"), 3);
}

void TestAuditWriter::twoWritersShareATenant()
{
    // Two daemons on one database: each sees the other's appends and continues the same chain.
    AuditDatabase db;
    bulkhead::store::ConnectionPool otherPool(db.database.dsn(), 1);
    AuditWriterOptions options;
    options.checkpointEvery = 7;
    AuditWriter first(*db.pool, testSigner(), options);
    AuditWriter second(otherPool, testSigner(), options);
    std::vector<std::future<bulkhead::audit::AppendResult>> results;
    for (int i = 0; i < 60; ++i)
        results.push_back((i % 2 == 0 ? first : second).append(makeRecord("acme", i)));
    std::set<std::uint64_t> sequences;
    for (auto &r : results)
        sequences.insert(r.get().sequence);
    QCOMPARE(sequences.size(), std::size_t{60});
    QCOMPARE(*sequences.rbegin(), std::uint64_t{59});
    first.flushCheckpoints().get();
    second.flushCheckpoints().get();
    auto connection = db.database.connect();
    const auto report =
        AuditVerifier(*connection).verify(TenantScope("acme"), first.publicKey());
    QVERIFY2(report.ok(), report.detail.c_str());
    QCOMPARE(report.records, std::uint64_t{60});
}

void TestAuditWriter::knownTenantsCommitInOneStatement()
{
    // Once the writer knows its tenants' chains, a batch spanning them is one statement in
    // autocommit. A tenant another daemon appended to meanwhile is left out of it and written
    // after its chain is read again, in a transaction of its own, while the others' rows are
    // already committed; a tenant whose records are refused fails the statement, and then each
    // tenant goes alone, so only its own records fail. Every chain verifies.
    AuditDatabase db;
    bulkhead::store::ConnectionPool otherPool(db.database.dsn(), 1);
    AuditWriterOptions options;
    options.batchDelay = std::chrono::milliseconds(300); // a round's records in one batch
    AuditWriter writer(*db.pool, testSigner(), options);
    AuditWriter other(otherPool, testSigner());
    const std::vector<std::string> tenants = {"acme", "globex", "initech"};
    int n = 0;
    const auto round = [&] {
        std::vector<std::future<bulkhead::audit::AppendResult>> futures;
        for (const auto &tenant : tenants)
            futures.push_back(writer.append(makeRecord(tenant, ++n)));
        std::vector<long long> sequences;
        for (auto &f : futures) {
            try {
                sequences.push_back(static_cast<long long>(f.get().sequence));
            } catch (const bulkhead::core::Error &) {
                sequences.push_back(-1);
            }
        }
        return sequences;
    };
    const auto transactionsOf = [&](const std::string &rows) {
        return db.scalar("SELECT count(DISTINCT xmin::text) FROM audit_records WHERE (tenant_id, seq) IN (" +
                         rows + ")");
    };
    QCOMPARE(round(), (std::vector<long long>{0, 0, 0})); // first sight: chains read, one transaction
    QCOMPARE(round(), (std::vector<long long>{1, 1, 1}));
    QCOMPARE(transactionsOf("('acme', 1), ('globex', 1), ('initech', 1)"), 1LL);

    QCOMPARE(other.append(makeRecord("globex", 100)).get().sequence, std::uint64_t(2));
    QCOMPARE(round(), (std::vector<long long>{2, 3, 2}));
    // acme's and initech's rows went in the one statement; globex's after it, on its own.
    QCOMPARE(transactionsOf("('acme', 2), ('initech', 2)"), 1LL);
    QCOMPARE(transactionsOf("('acme', 2), ('globex', 3), ('initech', 2)"), 2LL);

    // globex is removed while this writer still knows its chain: its record is refused (a request
    // that outlived the removal), and acme's and initech's still land.
    {
        auto admin = db.database.connect();
        pqxx::work tx(*admin);
        tx.exec0("INSERT INTO offboarded_tenants (incarnation, tenant_id, created_at, records) "
                 "VALUES (gen_random_uuid(), 'globex', now() - interval '1 day', 0)");
        tx.commit();
    }
    QCOMPARE(round(), (std::vector<long long>{3, -1, 3}));
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'globex'"), 4LL);

    writer.flushCheckpoints().get();
    other.flushCheckpoints().get();
    auto connection = db.database.connect();
    for (const auto &[tenant, records] : std::map<std::string, std::uint64_t>{{"acme", 4}, {"globex", 4}, {"initech", 4}}) {
        const auto report = AuditVerifier(*connection).verify(TenantScope(tenant), writer.publicKey());
        QVERIFY2(report.ok(), report.detail.c_str());
        QCOMPARE(report.records, records);
    }
}

void TestAuditWriter::aDatabaseWithoutTheAppendFunctionGetsIt()
{
    // A tenant's own database (Tier 3) made before the one-statement append has the tables but not
    // the function: the append that finds it missing adds it and goes on, nothing lost. The
    // test's database stands in for the tenant's, reached through the placement's connection.
    AuditDatabase db;
    bulkhead::store::ConnectionPool ownDatabase(db.database.dsn(), 1);
    AuditWriterOptions options;
    options.placement.locate = [](const std::string &) {
        bulkhead::audit::AuditLocation location;
        location.connectionKey = "db:acme";
        return location;
    };
    options.placement.connect = [&](const bulkhead::audit::AuditLocation &,
                                    const std::function<void(pqxx::connection &)> &work) {
        ownDatabase.run([&](pqxx::connection &c) { work(c); });
    };
    AuditWriter writer(*db.pool, testSigner(), options);
    QCOMPARE(writer.append(makeRecord("acme", 0)).get().sequence, std::uint64_t{0});
    db.tamper("DROP FUNCTION public.audit_append");
    QCOMPARE(db.scalar("SELECT count(*) FROM pg_proc WHERE proname = 'audit_append'"), 0);
    QCOMPARE(writer.append(makeRecord("acme", 1)).get().sequence, std::uint64_t{1});
    QCOMPARE(writer.append(makeRecord("acme", 2)).get().sequence, std::uint64_t{2});
    QCOMPARE(db.scalar("SELECT count(*) FROM pg_proc WHERE proname = 'audit_append'"), 1);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 3);
    writer.flushCheckpoints().get();
    auto connection = db.database.connect();
    const auto report = AuditVerifier(*connection).verify(TenantScope("acme"), writer.publicKey());
    QVERIFY2(report.ok(), report.detail.c_str());
    QCOMPARE(report.records, std::uint64_t{3});
}

void TestAuditWriter::tenantRolesThatCannotSeePublicShareATransaction()
{
    // Two Tier 2 tenants, each log in its own schema of the control plane's database, provisioned
    // as the daemon provisions them, in a database that took USAGE on public from PUBLIC: a
    // tenant's role sees its schema only. Both tenants' records in one transaction, at first sight
    // and again once known: each append is called as the writer's login, never under the role the
    // tenant before it left.
    AuditDatabase db;
    std::map<std::string, bulkhead::audit::AuditLocation> locations;
    {
        auto connection = db.database.connect();
        pqxx::work tx(*connection);
        for (const std::string tenant : {"acme", "globex"}) {
            bulkhead::audit::AuditLocation location;
            location.schema = "t_" + tenant;
            location.role = db.database.name() + "_" + tenant;
            bulkhead::store::provisionTenantSchema(tx, location.schema, location.role);
            locations[tenant] = location;
        }
        tx.exec0("REVOKE USAGE ON SCHEMA public FROM PUBLIC");
        tx.commit();
    }
    // A Tier 2 schema calls public's append and has none of its own.
    QCOMPARE(db.scalar("SELECT count(*) FROM pg_proc WHERE proname = 'audit_append'"), 1LL);
    AuditWriterOptions options;
    options.placement.locate = [&](const std::string &tenant) { return locations.at(tenant); };
    options.batchDelay = std::chrono::seconds(2); // both tenants' records in one batch
    AuditWriter writer(*db.pool, testSigner(), options);
    for (std::uint64_t round = 0; round < 2; ++round) {
        auto acme = writer.append(makeRecord("acme", 2 * round));
        auto globex = writer.append(makeRecord("globex", 2 * round + 1));
        QCOMPARE(acme.get().sequence, round);
        QCOMPARE(globex.get().sequence, round);
        QCOMPARE(writer.stats().transactions, round + 1);
    }
    QCOMPARE(db.scalar("SELECT count(*) FROM t_acme.audit_records WHERE tenant_id = 'acme'"), 2LL);
    QCOMPARE(db.scalar("SELECT count(*) FROM t_globex.audit_records WHERE tenant_id = 'globex'"), 2LL);
    QCOMPARE(db.scalar("SELECT count(*) FROM public.audit_records"), 0LL);
}

void TestAuditWriter::databaseFailureFailsTheFutures()
{
    // A database without the audit tables: every append of the batch fails with core::Error,
    // so the caller can fail its request closed.
    bulkhead::testsupport::TestDatabase bare;
    bulkhead::store::ConnectionPool pool(bare.dsn(), 1);
    AuditWriter writer(pool, testSigner());
    auto a = writer.append(makeRecord("acme", 1));
    auto b = writer.append(makeRecord("globex", 2));
    for (auto *f : {&a, &b}) {
        const auto error = bulkhead::testsupport::captureError([&] { f->get(); });
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::Internal);
    }
    QVERIFY(writer.stats().failedTransactions >= 1);
    QCOMPARE(writer.stats().records, std::uint64_t{0});

    // An unreachable server: Unavailable.
    bulkhead::store::ConnectionPool nowhere("host=/nonexistent-socket-dir dbname=x", 1,
                                            std::chrono::milliseconds(200));
    AuditWriter lost(nowhere, testSigner());
    const auto error =
        bulkhead::testsupport::captureError([&] { lost.append(makeRecord("acme", 1)).get(); });
    QVERIFY(error);
    QCOMPARE(error->code(), ErrorCode::Unavailable);
}

void TestAuditWriter::rejectsInvalidRecordsAtOnce()
{
    AuditDatabase db;
    AuditWriter writer(*db.pool, testSigner());
    auto record = makeRecord("acme", 1);
    record.tenantId = "NOT A TENANT";
    const auto error = bulkhead::testsupport::captureError([&] { writer.append(record); });
    QVERIFY(error);
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records"), 0);
}


void TestAuditWriter::aPausedTenantsRecordsWaitAndLandAfterwards()
{
    // What a log move relies on: while one tenant is paused, its records are held (not failed,
    // not written) and other tenants' go on; afterwards they land in order, after the others.
    AuditDatabase db;
    AuditWriter writer(*db.pool, testSigner());
    QCOMPARE(writer.append(makeRecord("acme", 0)).get().sequence, std::uint64_t(0));
    std::future<bulkhead::audit::AppendResult> held;
    writer.whilePaused("acme", [&] {
        held = writer.append(makeRecord("acme", 1));
        // globex's commit proves the writer went past acme's queued record without writing it.
        QCOMPARE(writer.append(makeRecord("globex", 2)).get().sequence, std::uint64_t(0));
        QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 1LL);
        QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'globex'"), 1LL);
    });
    QCOMPARE(held.get().sequence, std::uint64_t(1));
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 2LL);
    // A pause that throws releases the tenant just the same.
    bool threw = false;
    try {
        writer.whilePaused("acme", [] { throw std::runtime_error("move failed"); });
    } catch (const std::runtime_error &) {
        threw = true;
    }
    QVERIFY(threw);
    QCOMPARE(writer.append(makeRecord("acme", 3)).get().sequence, std::uint64_t(2));
}

void TestAuditWriter::oneTenantsFailureFailsOnlyItsRecords()
{
    // "gone" was offboarded, so the shared tables refuse its records (a request that outlived
    // the removal). Batched with acme's, it fails the shared transaction; acme's record must
    // still land, and only gone's fail.
    AuditDatabase db;
    {
        auto admin = db.database.connect();
        pqxx::work tx(*admin);
        tx.exec0("INSERT INTO offboarded_tenants (incarnation, tenant_id, created_at, records) "
                 "VALUES (gen_random_uuid(), 'gone', now() - interval '1 day', 0)");
        tx.commit();
    }
    AuditWriterOptions options;
    options.batchDelay = std::chrono::milliseconds(300);  // both records in one batch
    AuditWriter writer(*db.pool, testSigner(), options);
    auto gone = writer.append(makeRecord("gone", 1));
    auto acme = writer.append(makeRecord("acme", 2));
    QCOMPARE(acme.get().sequence, std::uint64_t(0));
    const auto goneError = bulkhead::testsupport::captureError([&] { gone.get(); });
    QVERIFY(goneError.has_value());
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 1LL);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'gone'"), 0LL);
    // The shared transaction and gone's own second try both failed.
    QCOMPARE(writer.stats().failedTransactions, std::uint64_t(2));
}

void TestAuditWriter::withoutASynchronousStandbyNothingIsCommitted()
{
    // A server that would acknowledge a commit alone (here: no synchronous standby at all)
    // takes no record when the writer requires a standby: the append fails as Unavailable and
    // nothing is stored. Without the requirement it commits. (With a standby the requirement
    // is met: tst_failover, on a pg_auto_failover formation.)
    const auto appendAs = [](AuditDatabase &db, bool requireStandby) -> std::optional<bulkhead::core::ErrorCode> {
        AuditWriterOptions options;
        options.requireSynchronousStandby = requireStandby;
        AuditWriter writer(*db.pool, testSigner(), options);
        try {
            writer.append(makeRecord("acme", 1)).get();
            return std::nullopt;
        } catch (const bulkhead::core::Error &e) {
            return e.code();
        }
    };
    {
        AuditDatabase db;
        QCOMPARE(appendAs(db, true), std::optional(bulkhead::core::ErrorCode::Unavailable));
        QCOMPARE(db.scalar("SELECT count(*) FROM audit_records"), 0);
        QCOMPARE(appendAs(db, false), std::nullopt);
        QCOMPARE(db.scalar("SELECT count(*) FROM audit_records"), 1);
    }
}

void TestAuditWriter::aCommitReleasedWithoutItsStandbyIsNotAcknowledged()
{
    // A commit waits for a synchronous standby; the standby is then dropped from
    // synchronous_standby_names (what pg_auto_failover does when its secondary looks
    // unhealthy), which releases the waiting commit as successful although no standby has the
    // record. The writer notices after the commit: the append fails as Unavailable, and the
    // record stays in the chain, committed but never acknowledged. A private cluster: the
    // setting is server-wide.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    bulkhead::store::LocalClusterOptions clusterOptions;
    clusterOptions.directory = folder.path().toStdString();
    bulkhead::store::LocalCluster cluster(clusterOptions);
    struct Stop
    {
        bulkhead::store::LocalCluster &cluster;
        ~Stop()
        {
            try {
                cluster.stop();
            } catch (...) {
            }
        }
    } stop{cluster};
    cluster.start();
    pqxx::connection admin(cluster.connectionString());
    bulkhead::store::applyMigrations(admin);
    const auto setStandbys = [&](const std::string &names) {
        pqxx::nontransaction tx(admin);
        tx.exec0("ALTER SYSTEM SET synchronous_standby_names = " + tx.quote(names));
        tx.exec("SELECT pg_reload_conf()");
    };
    setStandbys("phantom");  // a standby that never confirms: commits wait

    bulkhead::store::ConnectionPool pool(cluster.connectionString(), 1);
    AuditWriterOptions options;
    options.requireSynchronousStandby = true;
    AuditWriter writer(pool, testSigner(), options);
    auto pending = writer.append(makeRecord("acme", 1));
    QVERIFY(bulkhead::testsupport::waitUntil([&] {
        pqxx::nontransaction tx(admin);
        return tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")[0].as<int>() == 1;
    }));
    setStandbys("");  // the standby is dropped: the waiting commit returns
    const auto error = bulkhead::testsupport::captureError([&] { pending.get(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), bulkhead::core::ErrorCode::Unavailable);
    pqxx::nontransaction tx(admin);
    QCOMPARE(tx.exec1("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'")[0].as<int>(), 1);
}


void TestAuditWriter::aTenantWithSignedCheckpointsIsRemovedWithItsChainArchived()
{
    // Once a tenant's chain has a signed checkpoint, its removal must still archive and delete
    // it (the append-only guard once failed on a checkpoint row), and leave nothing behind.
    AuditDatabase db;
    auto connection = db.database.connect();
    writeCheckpointedChain(db, *connection);
    bulkhead::store::TenantRepository tenants(*connection);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints WHERE tenant_id = 'acme'"), 3LL);

    const auto removal = tenants.remove("acme", 1);
    QCOMPARE(removal.archivedRecords, std::uint64_t(7));
    QCOMPARE(removal.archivedCheckpoints, std::uint64_t(3));
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 0LL);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints WHERE tenant_id = 'acme'"), 0LL);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints_archive WHERE tenant_id = 'acme'"), 3LL);
    // The guard still refuses a checkpoint's deletion outside a removal.
    AuditWriter other(*db.pool, testSigner(), checkpointEveryThree());
    for (int i = 0; i < 3; ++i)
        other.append(makeRecord("globex", i)).get();
    QVERIFY_THROWS_EXCEPTION(pqxx::insufficient_privilege, [&] {
        pqxx::work tx(*connection);
        tx.exec0("DELETE FROM audit_checkpoints WHERE tenant_id = 'globex'");
        tx.commit();
    }());
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints WHERE tenant_id = 'globex'"), 1LL);
}

void TestAuditWriter::aMoveOutOfTierOneTakesTheSignedCheckpointsToo()
{
    // The shared rows of a tenant whose log moved out of Tier 1 go, checkpoints included (the
    // same guard as a removal's), and only for the move recorded in that transaction.
    AuditDatabase db;
    auto connection = db.database.connect();
    writeCheckpointedChain(db, *connection);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints WHERE tenant_id = 'acme'"), 3LL);
    bulkhead::store::AuditPlacementRepository::Relocation move;
    move.tenantId = "acme";
    move.fromTier = 1;
    move.toTier = 2;
    move.records = 7;
    pqxx::work tx(*connection);
    bulkhead::store::AuditPlacementRepository::switchOver(tx, move);
    tx.commit();
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme'"), 0LL);
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_checkpoints WHERE tenant_id = 'acme'"), 0LL);
}

QTEST_GUILESS_MAIN(TestAuditWriter)
#include "tst_auditwriter.moc"
