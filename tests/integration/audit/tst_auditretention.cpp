// Retention against real PostgreSQL: the oldest records lose their content, never their place
// in the Merkle tree, so the log still verifies against its signed checkpoints and the verifier
// says how many are pruned. Only what a checkpoint covers is pruned; the append-only trigger lets
// nothing else through; content removed out of order or beyond the checkpoints is caught.
#include "AuditFixture.h"
#include "audit/AuditQuery.h"
#include "audit/AuditRetention.h"
#include "audit/AuditVerifier.h"
#include "audit/AuditWriter.h"

#include <QtTest>

using namespace bulkhead;
using bulkhead::testsupport::AuditDatabase;
using bulkhead::testsupport::makeRecord;
using bulkhead::testsupport::testSigner;

namespace {

// makeRecord(n) is recorded at 1.7e15 + n ms (in microseconds); n < 12 is before this cutoff.
constexpr std::int64_t kCutoffUs = 1'700'000'000'000'000 + 12 * 1000;
constexpr int kRecords = 20;  // checkpoints at 5, 10, 15, 20

std::vector<std::uint8_t> fill(AuditDatabase &db, int records = kRecords)
{
    audit::AuditWriterOptions options;
    options.checkpointEvery = 5;
    audit::AuditWriter writer(*db.pool, testSigner(), options);
    for (int i = 0; i < records; ++i) {
        writer.append(makeRecord("acme", i)).get();
        writer.append(makeRecord("globex", i)).get();
    }
    return writer.publicKey();
}

// The writer checkpoints whatever is left when it stops; dropping that last checkpoint leaves
// records 10..12 as a running daemon has them between two checkpoints.
void uncoverTail(AuditDatabase &db)
{
    db.tamper("DELETE FROM audit_checkpoints WHERE tenant_id = 'acme' AND tree_size = 13");
}

audit::VerificationReport verify(AuditDatabase &db, const std::vector<std::uint8_t> &key, const char *tenant = "acme")
{
    auto c = db.database.connect();
    return audit::AuditVerifier(*c).verify(audit::TenantScope(tenant), key, {});
}

audit::PruneResult prune(AuditDatabase &db, std::int64_t cutoffUs)
{
    auto c = db.database.connect();
    return audit::pruneBefore(*c, audit::TenantScope("acme"), cutoffUs);
}

} // namespace

class TestAuditRetention final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oldRecordsArePrunedAndTheLogStillVerifies();
    void onlyWhatACheckpointCoversIsPruned();
    void pruningIsIdempotent();
    void theTriggerAllowsOnlyTheMarker();
    void contentRemovedOutOfOrderIsCaught();
    void contentRemovedBeyondTheCheckpointsIsCaught();
};

void TestAuditRetention::oldRecordsArePrunedAndTheLogStillVerifies()
{
    AuditDatabase db;
    const auto key = fill(db);
    const auto result = prune(db, kCutoffUs);
    QCOMPARE(result.pruned, std::uint64_t{12});
    QCOMPARE(result.through.value(), std::uint64_t{11});
    QCOMPARE(result.coveredBy, std::uint64_t{20});
    const auto report = verify(db, key);
    QVERIFY2(report.ok(), report.detail.c_str());
    QCOMPARE(report.records, std::uint64_t{20});
    QCOMPARE(report.pruned, std::uint64_t{12});
    // The query API no longer returns them; the other tenant is untouched.
    auto c = db.database.connect();
    const auto page = audit::AuditQuery(*c).records(audit::TenantScope("acme"), {});
    QCOMPARE(page.records.size(), std::size_t{8});
    QCOMPARE(page.records.front().sequence, std::uint64_t{12});
    const auto other = verify(db, key, "globex");
    QVERIFY(other.ok());
    QCOMPARE(other.pruned, std::uint64_t{0});
    // Sequence, time, request id and leaf stay in the row.
    QCOMPARE(db.scalar("SELECT count(*) FROM audit_records WHERE tenant_id = 'acme' AND request_id LIKE 'acme-req-%'"),
             20LL);
}

void TestAuditRetention::onlyWhatACheckpointCoversIsPruned()
{
    AuditDatabase db;
    const auto key = fill(db, 13);
    uncoverTail(db);  // checkpoints at 5 and 10; records 10..12 not yet covered
    const auto result = prune(db, kCutoffUs + 1'000'000'000);  // every record is old enough
    QCOMPARE(result.coveredBy, std::uint64_t{10});
    QCOMPARE(result.pruned, std::uint64_t{10});
    const auto report = verify(db, key);
    QVERIFY2(report.ok(), report.detail.c_str());
    QCOMPARE(report.pruned, std::uint64_t{10});
}

void TestAuditRetention::pruningIsIdempotent()
{
    AuditDatabase db;
    const auto key = fill(db);
    QCOMPARE(prune(db, kCutoffUs).pruned, std::uint64_t{12});
    const auto again = prune(db, kCutoffUs);
    QCOMPARE(again.pruned, std::uint64_t{0});
    QCOMPARE(again.through.value(), std::uint64_t{11});
    QVERIFY(verify(db, key).ok());
}

void TestAuditRetention::theTriggerAllowsOnlyTheMarker()
{
    AuditDatabase db;
    fill(db);
    auto c = db.database.connect();
    const auto attempt = [&](const std::string &setting, const std::string &update) {
        try {
            pqxx::work tx(*c);
            if (!setting.empty())
                tx.exec("SELECT set_config('bulkhead.pruning', '" + setting + "', true)");
            tx.exec0(update);
            tx.commit();
            return true;
        } catch (const pqxx::sql_error &) {
            return false;
        }
    };
    const std::string marker = "UPDATE audit_records SET record = '{\"pruned\": true}'::jsonb WHERE tenant_id = 'acme' AND seq = 0";
    QVERIFY(!attempt("", marker));  // not without asking for it
    QVERIFY(!attempt("on", "UPDATE audit_records SET record = '{\"pruned\": false}'::jsonb WHERE seq = 0"));
    QVERIFY(!attempt("on", "UPDATE audit_records SET record = '{\"pruned\": true}'::jsonb, "
                           "leaf_hash = decode(repeat('00', 32), 'hex') WHERE seq = 0"));
    QVERIFY(!attempt("on", "UPDATE audit_records SET record = '{\"pruned\": true}'::jsonb, seq = 100 WHERE "
                           "tenant_id = 'acme' AND seq = 0"));
    QVERIFY(!attempt("on", "DELETE FROM audit_records WHERE seq = 0"));
    QVERIFY(attempt("on", marker));
}

void TestAuditRetention::contentRemovedOutOfOrderIsCaught()
{
    AuditDatabase db;
    const auto key = fill(db);
    // Record 7 alone loses its content: not a prefix, so not retention.
    db.tamper("UPDATE audit_records SET record = '{\"pruned\": true}'::jsonb WHERE tenant_id = 'acme' AND seq = 7");
    const auto report = verify(db, key);
    QVERIFY2(report.problem == audit::Problem::Deleted, report.detail.c_str());
    QCOMPARE(report.sequence.value(), std::uint64_t{7});
}

void TestAuditRetention::contentRemovedBeyondTheCheckpointsIsCaught()
{
    AuditDatabase db;
    const auto key = fill(db, 13);
    uncoverTail(db);  // checkpoints cover 0..9
    db.tamper("UPDATE audit_records SET record = '{\"pruned\": true}'::jsonb WHERE tenant_id = 'acme' AND seq < 12");
    const auto report = verify(db, key);
    QVERIFY2(report.problem == audit::Problem::Modified, report.detail.c_str());
    QVERIFY2(report.detail.find("no signed checkpoint") != std::string::npos, report.detail.c_str());
}

QTEST_GUILESS_MAIN(TestAuditRetention)
#include "tst_auditretention.moc"
