// The tamper-detection matrix: a superuser (who bypasses RLS and, with triggers off, the
// append-only rule) modifies, deletes, inserts, reorders or truncates a tenant's records or forges
// a checkpoint, and AuditVerifier names the first problem. Other tenants stay verifiable.
#include "AuditFixture.h"
#include "audit/AuditVerifier.h"
#include "audit/AuditWriter.h"
#include "crypto/SecureBytes.h"

#include <QtTest>

using bulkhead::audit::AuditVerifier;
using bulkhead::audit::AuditWriter;
using bulkhead::audit::AuditWriterOptions;
using bulkhead::audit::Checkpoint;
using bulkhead::audit::Problem;
using bulkhead::audit::TenantScope;
using bulkhead::testsupport::AuditDatabase;
using bulkhead::testsupport::makeRecord;
using bulkhead::testsupport::testSigner;

Q_DECLARE_METATYPE(bulkhead::audit::Problem)

namespace {

constexpr int kRecords = 20;  // checkpoints at 5, 10, 15, 20

// acme and globex, kRecords each, appended one by one so every 5th record is checkpointed.
std::vector<std::uint8_t> fill(AuditDatabase &db)
{
    AuditWriterOptions options;
    options.checkpointEvery = 5;
    AuditWriter writer(*db.pool, testSigner(), options);
    for (int i = 0; i < kRecords; ++i) {
        writer.append(makeRecord("acme", i)).get();
        writer.append(makeRecord("globex", i)).get();
    }
    return writer.publicKey();
}

// A forged record that is internally consistent: right tenant, right embedded sequence, and a
// leaf hash matching its content. Only the signed checkpoints can give it away.
std::string forgedInsert(int seq, const std::string &tenant = "acme",
                         const std::string &claimedTenant = "acme")
{
    auto r = makeRecord(claimedTenant, 999);
    r.sequence = static_cast<std::uint64_t>(seq);
    r.model = "forged";
    const auto json = bulkhead::audit::canonicalJson(r);
    const auto leaf = bulkhead::crypto::toHex(bulkhead::audit::recordLeafHash(r));
    return "INSERT INTO audit_records (tenant_id, seq, recorded_at, request_id, route, decision, "
           "record, leaf_hash) VALUES ('" + tenant + "', " + std::to_string(seq) +
           ", now(), 'forged', '/v1/chat/completions', 'allowed', '" + json +
           "'::jsonb, decode('" + leaf + "', 'hex'))";
}

// Moves a tenant's rows with seq >= from by delta, around the primary key.
std::string shift(int from, int delta)
{
    return "UPDATE audit_records SET seq = seq + 1000000 WHERE tenant_id = 'acme' AND seq >= " +
           std::to_string(from) + "; UPDATE audit_records SET seq = seq - 1000000 + " +
           std::to_string(delta) + " WHERE tenant_id = 'acme' AND seq >= 1000000";
}

} // namespace

class TestAuditVerifier final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void untouchedLogVerifies();
    void detectsTampering_data();
    void detectsTampering();
    void trustedCheckpointCatchesWholesaleTruncation();
    void wrongKeyFailsEveryCheckpoint();
};

void TestAuditVerifier::untouchedLogVerifies()
{
    AuditDatabase db;
    const auto key = fill(db);
    auto connection = db.database.connect();
    const auto report = AuditVerifier(*connection).verify(TenantScope("acme"), key);
    QVERIFY2(report.ok(), report.detail.c_str());
    QCOMPARE(report.records, std::uint64_t{kRecords});
    QCOMPARE(report.checkpoints, std::uint64_t{4});
    QCOMPARE(report.root.size(), std::size_t{32});
    // An unknown tenant is an empty, consistent log.
    QVERIFY(AuditVerifier(*connection).verify(TenantScope("nobody"), key).ok());
}

void TestAuditVerifier::detectsTampering_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<Problem>("expected");
    QTest::addColumn<int>("sequence");  // -1: no single place

    QTest::newRow("modified content")
        << QString::fromLatin1("UPDATE audit_records SET record = jsonb_set(record, '{model}', "
                               "'\"other\"') WHERE tenant_id = 'acme' AND seq = 7")
        << Problem::Modified << 7;
    QTest::newRow("modified decision, added key")
        << QString::fromLatin1("UPDATE audit_records SET record = record || '{\"note\": 1}' "
                               "WHERE tenant_id = 'acme' AND seq = 3")
        << Problem::Modified << 3;
    QTest::newRow("modified leaf hash")
        << QString::fromLatin1("UPDATE audit_records SET leaf_hash = sha256('x') "
                               "WHERE tenant_id = 'acme' AND seq = 11")
        << Problem::Modified << 11;
    QTest::newRow("replaced with a consistent forgery")
        << QString::fromStdString("DELETE FROM audit_records WHERE tenant_id = 'acme' AND seq = 12; " +
                                  forgedInsert(12))
        << Problem::Modified << -1;
    QTest::newRow("deleted")
        << QString::fromLatin1("DELETE FROM audit_records WHERE tenant_id = 'acme' AND seq = 7")
        << Problem::Deleted << 7;
    QTest::newRow("deleted, later ones renumbered")
        << QString::fromStdString("DELETE FROM audit_records WHERE tenant_id = 'acme' AND seq = 7; " +
                                  shift(8, -1))
        << Problem::Deleted << 7;
    QTest::newRow("inserted, later ones renumbered")
        << QString::fromStdString(shift(7, 1) + "; " + forgedInsert(7)) << Problem::Inserted << 8;
    QTest::newRow("inserted from another tenant")
        << QString::fromStdString(forgedInsert(kRecords, "acme", "globex")) << Problem::Inserted
        << kRecords;
    QTest::newRow("reordered (swapped)")
        << QString::fromLatin1(
               "UPDATE audit_records SET seq = 1000007 WHERE tenant_id = 'acme' AND seq = 7; "
               "UPDATE audit_records SET seq = 7 WHERE tenant_id = 'acme' AND seq = 8; "
               "UPDATE audit_records SET seq = 8 WHERE tenant_id = 'acme' AND seq = 1000007")
        << Problem::Reordered << 7;
    QTest::newRow("truncated")
        << QString::fromLatin1("DELETE FROM audit_records WHERE tenant_id = 'acme' AND seq >= 17")
        << Problem::Truncated << 17;
    QTest::newRow("forged checkpoint")
        << QString::fromLatin1("INSERT INTO audit_checkpoints VALUES ('acme', 12, sha256('x'), 0, "
                               "'0000000000000000', decode(repeat('00', 64), 'hex'))")
        << Problem::BadCheckpoint << 12;
    QTest::newRow("checkpoint root altered")
        << QString::fromLatin1("UPDATE audit_checkpoints SET root_hash = sha256('x') "
                               "WHERE tenant_id = 'acme' AND tree_size = 10")
        << Problem::BadCheckpoint << 10;
}

void TestAuditVerifier::detectsTampering()
{
    QFETCH(QString, sql);
    QFETCH(Problem, expected);
    QFETCH(int, sequence);
    AuditDatabase db;
    const auto key = fill(db);
    db.tamper(sql.toStdString());

    auto connection = db.database.connect();
    const auto report = AuditVerifier(*connection).verify(TenantScope("acme"), key);
    QCOMPARE(bulkhead::audit::toString(report.problem), bulkhead::audit::toString(expected));
    if (sequence >= 0) {
        QVERIFY(report.sequence);
        QCOMPARE(*report.sequence, std::uint64_t(sequence));
    }
    QVERIFY(!report.detail.empty());
    // The neighbour's chain is untouched and still proves.
    const auto other = AuditVerifier(*connection).verify(TenantScope("globex"), key);
    QVERIFY2(other.ok(), other.detail.c_str());
}

void TestAuditVerifier::trustedCheckpointCatchesWholesaleTruncation()
{
    AuditDatabase db;
    const auto key = fill(db);
    auto connection = db.database.connect();
    // An auditor kept the latest checkpoint.
    Checkpoint kept;
    {
        pqxx::read_transaction tx(*connection);
        const auto row = tx.exec1(
            "SELECT tree_size, encode(root_hash, 'hex'), signed_at_us, key_id, "
            "encode(signature, 'hex') FROM audit_checkpoints WHERE tenant_id = 'acme' "
            "ORDER BY tree_size DESC LIMIT 1");
        kept = {"acme", row[0].as<std::uint64_t>(), bulkhead::crypto::fromHex(row[1].c_str()),
                row[2].as<std::int64_t>(), row[3].as<std::string>(),
                bulkhead::crypto::fromHex(row[4].c_str())};
    }
    // The attacker removes the tail AND every checkpoint covering it.
    db.tamper("DELETE FROM audit_records WHERE tenant_id = 'acme' AND seq >= 12; "
              "DELETE FROM audit_checkpoints WHERE tenant_id = 'acme' AND tree_size > 12");
    // The database alone now looks consistent (a documented limit) ...
    QVERIFY(AuditVerifier(*connection).verify(TenantScope("acme"), key).ok());
    // ... the auditor's copy is not fooled.
    const auto report = AuditVerifier(*connection).verify(TenantScope("acme"), key, {kept});
    QCOMPARE(bulkhead::audit::toString(report.problem), std::string_view("truncated"));
    QCOMPARE(*report.sequence, std::uint64_t{12});
}

void TestAuditVerifier::wrongKeyFailsEveryCheckpoint()
{
    AuditDatabase db;
    fill(db);
    auto connection = db.database.connect();
    const auto report = AuditVerifier(*connection).verify(TenantScope("acme"),
                                                          testSigner(0x01).publicKey());
    QCOMPARE(bulkhead::audit::toString(report.problem), std::string_view("bad_checkpoint"));
}

QTEST_GUILESS_MAIN(TestAuditVerifier)
#include "tst_auditverifier.moc"
