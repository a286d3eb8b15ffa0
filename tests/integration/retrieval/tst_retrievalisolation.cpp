// Tenant documents in every tier against real PostgreSQL with pgvector: tenant B never receives
// tenant A's chunks; with the proxy's tenant predicate removed, the second barrier of each tier
// (row-level security, a role per schema plus encryption, a database per tenant) still yields
// nothing readable of A's, and a Tier 1 table without RLS shows the drill can fail; a sealed row
// copied into another tenant's schema does not decrypt; the HNSW search under the tenant filter
// finds what exact search finds; key rotation keeps documents readable, also with an upload and a
// delete in flight; crypto-shredding makes saved ciphertext useless.
#include "RetrievalFixture.h"

#include "core/Error.h"
#include "store/ControlPlaneRepository.h"
#include "store/TenantRepository.h"
#include "crypto/SecureBytes.h"

#include <pqxx/pqxx>

#include <QtTest>

#include <set>
#include <thread>

using namespace bulkhead;
using nlohmann::json;
using testing::embedded;
using testing::embedding;

namespace {

const std::string kCanary = "bh-canary-5e1f0a9c acme merger plan codename bluefin";

std::vector<std::string> documentIdsOf(const std::vector<retrieval::RetrievalHit> &hits)
{
    std::vector<std::string> ids;
    for (const auto &h : hits)
        ids.push_back(h.documentId);
    return ids;
}

} // namespace

class TestRetrievalIsolation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<testsupport::TestDatabase>();
        testing::migrate(*m_db);
        m_masterKey = crypto::randomBytes(32);
        m_stack = std::make_unique<testing::RetrievalStack>(m_db->dsn(), crypto::SecureBytes(m_masterKey.view()));
    }
    void cleanup()
    {
        // Tier 3 databases live beside the test database: remove them with the tenants.
        for (const char *tenant : {"acme", "globex"})
            try {
                m_stack->documents.shred(retrieval::TenantScope(tenant));
            } catch (const std::exception &) {
            }
        m_stack.reset();
        m_db.reset();
    }

    void tenantNeverReceivesAnothersChunks_data();
    void tenantNeverReceivesAnothersChunks();
    void predicateDrillHoldsInEveryTier_data();
    void predicateDrillHoldsInEveryTier();
    void predicateDrillFailsWithoutRowLevelSecurity();
    void copiedSealedRowDoesNotDecrypt();
    void filteredSearchMatchesExactSearch();
    void rotationKeepsDocumentsReadable();
    void rotationUnderTrafficLosesNothingAndRestoresNothing();
    void aRevokedKeyStoresNothingAndCreatesNothing();
    void shreddingMakesSavedCiphertextUseless();
    void hostileNamesAreRefused();

private:
    std::string addAcmeCanary(int tier)
    {
        return m_stack->documents
            .add(retrieval::TenantScope("acme"), tier, {{"source", "board"}}, embedded({kCanary}))
            .id;
    }
    void addGlobexDocuments(int tier)
    {
        for (int i = 0; i < 5; ++i)
            m_stack->documents.add(retrieval::TenantScope("globex"), tier, {{"n", i}},
                                   embedded({"globex quarterly report number " + std::to_string(i)}));
    }

    std::unique_ptr<testsupport::TestDatabase> m_db;
    crypto::SecureBytes m_masterKey;
    std::unique_ptr<testing::RetrievalStack> m_stack;
};

void TestRetrievalIsolation::tenantNeverReceivesAnothersChunks_data()
{
    QTest::addColumn<int>("tier");
    QTest::newRow("tier 1: shared table") << 1;
    QTest::newRow("tier 2: schema and role") << 2;
    QTest::newRow("tier 3: database") << 3;
}

void TestRetrievalIsolation::tenantNeverReceivesAnothersChunks()
{
    QFETCH(int, tier);
    const std::string acmeDoc = addAcmeCanary(tier);
    addGlobexDocuments(tier);
    // Positive control: the owner finds its canary document first.
    const auto own = m_stack->documents.search(retrieval::TenantScope("acme"), embedding(kCanary), 5);
    QVERIFY(!own.empty());
    QCOMPARE(own.front().documentId, acmeDoc);
    QCOMPARE(own.front().text, kCanary);
    QCOMPARE(own.front().metadata.value("source", std::string()), std::string("board"));
    // The attacker asks with the victim's exact text and gets only its own documents.
    const auto stolen = m_stack->documents.search(retrieval::TenantScope("globex"), embedding(kCanary), 10);
    QCOMPARE(stolen.size(), std::size_t(5));
    for (const auto &hit : stolen) {
        QVERIFY(hit.documentId != acmeDoc);
        QVERIFY(hit.text.find("bh-canary") == std::string::npos);
    }
    QCOMPARE(m_stack->documents.currentTier(retrieval::TenantScope("acme")), std::optional<int>(tier));
}

void TestRetrievalIsolation::predicateDrillHoldsInEveryTier_data()
{
    QTest::addColumn<int>("victimTier");
    QTest::addColumn<int>("attackerTier");
    QTest::addColumn<QString>("barrier");
    QTest::newRow("tier 1 victim, tier 1 attacker") << 1 << 1 << QStringLiteral("row_level_security");
    QTest::newRow("tier 2 victim, tier 2 attacker") << 2 << 2 << QStringLiteral("permission_denied");
    QTest::newRow("tier 3 victim, tier 3 attacker") << 3 << 3 << QStringLiteral("permission_denied");
    QTest::newRow("tier 2 victim, tier 1 attacker") << 2 << 1 << QStringLiteral("permission_denied");
    QTest::newRow("tier 1 victim, tier 2 attacker") << 1 << 2 << QStringLiteral("permission_denied");
}

void TestRetrievalIsolation::predicateDrillHoldsInEveryTier()
{
    QFETCH(int, victimTier);
    QFETCH(int, attackerTier);
    QFETCH(QString, barrier);
    addAcmeCanary(victimTier);
    addGlobexDocuments(attackerTier);
    const auto drill = m_stack->documents.drillWithoutPredicate(retrieval::TenantScope("globex"), "acme",
                                                                embedding(kCanary), 10);
    QCOMPARE(drill.victimRowsReadable, std::size_t(0));
    QCOMPARE(QString::fromStdString(drill.barrier), barrier);
}

void TestRetrievalIsolation::predicateDrillFailsWithoutRowLevelSecurity()
{
    addAcmeCanary(1);
    addGlobexDocuments(1);
    {
        auto admin = m_db->connect();
        pqxx::work tx(*admin);
        tx.exec0("ALTER TABLE retrieval_shared.chunks DISABLE ROW LEVEL SECURITY");
        tx.commit();
    }
    const auto drill = m_stack->documents.drillWithoutPredicate(retrieval::TenantScope("globex"), "acme",
                                                                embedding(kCanary), 10);
    QVERIFY(drill.victimRowsReadable > 0);
    QCOMPARE(drill.barrier, std::string("none"));
    // The proxy's own predicate still holds on the normal path.
    for (const auto &hit : m_stack->documents.search(retrieval::TenantScope("globex"), embedding(kCanary), 10))
        QVERIFY(hit.text.find("bh-canary") == std::string::npos);
}

void TestRetrievalIsolation::copiedSealedRowDoesNotDecrypt()
{
    const std::string acmeDoc = addAcmeCanary(2);
    addGlobexDocuments(2);
    const std::string tag = m_stack->placements.placementFor("acme", 2).role;  // provisioned names
    Q_UNUSED(tag);
    {
        // A database administrator copies acme's sealed row into globex's schema, relabelled.
        auto admin = m_db->connect();
        pqxx::work tx(*admin);
        tx.exec_params("INSERT INTO t_globex.documents (tenant_id, id, chunk_count, content_sha256, metadata_sealed) "
                       "SELECT 'globex', id, chunk_count, content_sha256, metadata_sealed FROM t_acme.documents "
                       "WHERE id = $1",
                       acmeDoc);
        tx.exec_params("INSERT INTO t_globex.chunks (tenant_id, document_id, chunk_index, text_sealed, embedding) "
                       "SELECT 'globex', document_id, chunk_index, text_sealed, embedding FROM t_acme.chunks "
                       "WHERE document_id = $1",
                       acmeDoc);
        tx.commit();
    }
    bool refused = false;
    try {
        m_stack->documents.search(retrieval::TenantScope("globex"), embedding(kCanary), 10);
    } catch (const core::Error &e) {
        refused = e.code() == core::ErrorCode::NotFound || e.code() == core::ErrorCode::InvalidArgument;
    }
    QVERIFY2(refused, "a row sealed for acme must not open as globex's");
    // Sealed with acme's key and bound to its position: even acme's key on another row fails.
    auto admin = m_db->connect();
    pqxx::read_transaction tx(*admin);
    const auto envelope = crypto::fromHex(
        tx.exec_params1("SELECT encode(text_sealed, 'hex') FROM t_acme.chunks WHERE document_id = $1", acmeDoc)[0]
            .as<std::string>());
    QCOMPARE(std::string(reinterpret_cast<const char *>(
                             m_stack->keys.open("acme", "documents", envelope, acmeDoc + "/0").view().data()),
                         kCanary.size()),
             kCanary);
    QVERIFY_THROWS_EXCEPTION(core::Error, m_stack->keys.open("acme", "documents", envelope, acmeDoc + "/1"));
    QVERIFY_THROWS_EXCEPTION(core::Error, m_stack->keys.open("globex", "documents", envelope, acmeDoc + "/0"));
    // The ciphertext in the table is not the text.
    QVERIFY(std::string(envelope.begin(), envelope.end()).find("bluefin") == std::string::npos);
}

void TestRetrievalIsolation::filteredSearchMatchesExactSearch()
{
    // Six tenants in the shared table: a tenant's rows are a sixth of the HNSW graph, the case
    // where a post-filtered index scan returns fewer than k rows without iterative scans.
    const std::vector<std::string> tenants{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
    const std::vector<std::string> words{"invoice", "patient", "contract", "ledger", "audit", "shipment",
                                         "policy", "claim", "account", "report", "memo", "budget"};
    for (std::size_t t = 0; t < tenants.size(); ++t)
        for (int d = 0; d < 60; ++d) {
            const std::string text = tenants[t] + " " + words[d % words.size()] + " " +
                words[(d * 7 + t) % words.size()] + " item " + std::to_string(d * 13 + int(t));
            m_stack->documents.add(retrieval::TenantScope(tenants[t]), 1, json::object(), embedded({text}));
        }
    std::size_t expected = 0;
    std::size_t found = 0;
    for (const auto &tenant : tenants)
        for (const auto &word : words) {
            const auto query = embedding(word + " " + tenant + " item");
            const retrieval::TenantScope scope(tenant);
            const auto approximate = m_stack->documents.search(scope, query, 10);
            const auto exact = m_stack->documents.searchExact(scope, query, 10);
            QCOMPARE(approximate.size(), std::size_t(10));  // never fewer than k under the filter
            QCOMPARE(exact.size(), std::size_t(10));
            const auto truth = documentIdsOf(exact);
            const std::set<std::string> truthSet(truth.begin(), truth.end());
            expected += truthSet.size();
            for (const auto &id : documentIdsOf(approximate))
                found += truthSet.count(id);
        }
    const double recall = double(found) / double(expected);
    qInfo("recall@10 under the tenant filter: %.4f over %zu queries", recall, tenants.size() * words.size());
    QVERIFY2(recall >= 0.99, qPrintable(QStringLiteral("recall@10 %1").arg(recall)));
}

void TestRetrievalIsolation::rotationKeepsDocumentsReadable()
{
    const retrieval::TenantScope acme("acme");
    std::vector<std::string> texts;
    for (int i = 0; i < 8; ++i) {
        texts.push_back("acme design note " + std::to_string(i) + " about turbine blade " + std::to_string(i * 31));
        m_stack->documents.add(acme, 2, json::object(), embedded({texts.back()}));
    }
    auto allReadable = [&] {
        for (const auto &text : texts) {
            const auto hits = m_stack->documents.search(acme, embedding(text), 1);
            if (hits.empty() || hits.front().text != text)
                return false;
        }
        return true;
    };
    QVERIFY(allReadable());
    QCOMPARE(m_stack->keys.rotateKek("acme"), 2u);
    QVERIFY(allReadable());
    const std::string before = m_stack->keys.activeDataKeyId("acme", "documents");
    const std::string after = m_stack->keys.rotateDataKey("acme", "documents");
    QVERIFY(before != after);
    QVERIFY(allReadable());  // old key still there until re-encryption finishes
    QCOMPARE(m_stack->migrator.resealAndRetire(acme, before), 8);
    QVERIFY(allReadable());
    auto admin = m_db->connect();
    pqxx::read_transaction tx(*admin);
    for (const auto &row : tx.exec("SELECT encode(text_sealed, 'hex') FROM t_acme.chunks"))
        QCOMPARE(store::TenantKeyring::envelopeKeyId(crypto::fromHex(row[0].as<std::string>())), after);
    // A second daemon on the same database (fresh keyring, same master key) reads them too.
}

void TestRetrievalIsolation::rotationUnderTrafficLosesNothingAndRestoresNothing()
{
    const retrieval::TenantScope acme("acme");
    std::vector<std::string> kept;
    for (int i = 0; i < 3; ++i) {
        kept.push_back("acme ledger page " + std::to_string(i) + " on gearbox " + std::to_string(i * 17));
        m_stack->documents.add(acme, 2, json::object(), embedded({kept.back()}));
    }
    const std::string doomedText = "acme memo to be deleted while the key rotates";
    const std::string doomed = m_stack->documents.add(acme, 2, json::object(), embedded({doomedText})).id;
    const std::string before = m_stack->keys.activeDataKeyId("acme", "documents");

    // A second instance that has not heard of the rotation yet: its keyring still seals under
    // the old key (keyrings reload every 30 s).
    testing::RetrievalStack other(m_db->dsn(), crypto::SecureBytes(m_masterKey.view()));
    QCOMPARE(other.keys.activeDataKeyId("acme", "documents"), before);

    // The test holds the tenant's placement lock, so every step below queues behind it in order.
    auto holder = m_db->connect();
    pqxx::work hold(*holder);
    hold.exec("SELECT pg_advisory_xact_lock(1920234102, hashtext('acme'))");  // DocumentStore's space
    std::string uploadError, rotationError, deleteError;
    // 1. The rotation: a new active key, then the re-encryption's first scan.
    const std::string after = m_stack->keys.rotateDataKey("acme", "documents");
    std::thread rotation([&] {
        try {
            m_stack->migrator.resealAndRetire(acme, before);
        } catch (const std::exception &e) {
            rotationError = e.what();
        }
    });
    QVERIFY(m_db->waitForLockWaiters(1));
    // 2. An upload on the other instance, sealed under the old key, committing after the scan.
    const std::string lateText = "acme upload sealed under the old key, committed after the scan";
    std::thread upload([&] {
        try {
            other.documents.add(acme, 2, json::object(), embedded({lateText}));
        } catch (const std::exception &e) {
            uploadError = e.what();
        }
    });
    QVERIFY(m_db->waitForLockWaiters(2));
    // 3. A delete, also after the scan: it lands between the scan and the rewrite.
    std::thread removal([&] {
        try {
            m_stack->documents.remove(acme, doomed);
        } catch (const std::exception &e) {
            deleteError = e.what();
        }
    });
    QVERIFY(m_db->waitForLockWaiters(3));
    hold.commit();
    upload.join();
    rotation.join();
    removal.join();
    QVERIFY2(uploadError.empty(), uploadError.c_str());
    QVERIFY2(rotationError.empty(), rotationError.c_str());
    QVERIFY2(deleteError.empty(), deleteError.c_str());

    kept.push_back(lateText);
    for (const auto &text : kept) {
        const auto hits = m_stack->documents.search(acme, embedding(text), 1);
        QVERIFY2(!hits.empty() && hits.front().text == text, text.c_str());
    }
    const auto afterDelete = m_stack->documents.search(acme, embedding(doomedText), 10);
    for (const auto &hit : afterDelete)
        QVERIFY2(hit.documentId != doomed, "the deleted document came back");
    auto admin = m_db->connect();
    pqxx::read_transaction tx(*admin);
    QCOMPARE(tx.exec1("SELECT count(*) FROM t_acme.documents")[0].as<int>(), 4);
    for (const auto &row : tx.exec("SELECT encode(text_sealed, 'hex') FROM t_acme.chunks"))
        QCOMPARE(store::TenantKeyring::envelopeKeyId(crypto::fromHex(row[0].as<std::string>())), after);
    QVERIFY(tx.exec_params("SELECT 1 FROM tenant_data_keys WHERE key_id = $1", before).empty());  // retired
}

void TestRetrievalIsolation::aRevokedKeyStoresNothingAndCreatesNothing()
{
    // A request authenticated before the tenant's keys were revoked (by crypto-shredding or
    // removal) reaches the store afterwards: nothing is stored and nothing is created for it.
    auto admin = m_db->connect();
    core::Tenant tenant;
    tenant.id = "acme";
    tenant.name = "Acme";
    store::TenantRepository(*admin).create(tenant);
    const auto key = store::ControlPlaneRepository(*admin).issueApiKey("acme", "in flight");
    const retrieval::TenantScope acme("acme");
    QVERIFY(!m_stack->documents.add(acme, 2, json::object(), embedded({"acme note while the key is valid"}), key.record.id)
                 .id.empty());
    m_stack->documents.shred(acme);
    store::ControlPlaneRepository(*admin).revokeApiKey(key.record.id, "acme");
    for (int tier : {1, 2, 3}) {
        try {
            m_stack->documents.add(acme, tier, json::object(), embedded({"acme note after the revocation"}), key.record.id);
            QFAIL("a document was stored for a revoked key");
        } catch (const core::Error &e) {
            QCOMPARE(e.code(), core::ErrorCode::Unavailable);
        }
    }
    pqxx::read_transaction tx(*admin);
    QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_placements WHERE tenant_id = 'acme'")[0].as<int>(), 0);
    QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_data_keys WHERE tenant_id = 'acme'")[0].as<int>(), 0);
    QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_keks WHERE tenant_id = 'acme'")[0].as<int>(), 0);
}

void TestRetrievalIsolation::shreddingMakesSavedCiphertextUseless()
{
    const std::string acmeDoc = addAcmeCanary(2);
    std::vector<std::uint8_t> backup;
    {
        auto admin = m_db->connect();
        pqxx::read_transaction tx(*admin);
        backup = crypto::fromHex(
            tx.exec_params1("SELECT encode(text_sealed, 'hex') FROM t_acme.chunks WHERE document_id = $1", acmeDoc)[0]
                .as<std::string>());
    }
    QVERIFY(m_stack->keys.open("acme", "documents", backup, acmeDoc + "/0").size() > 0);
    m_stack->documents.shred(retrieval::TenantScope("acme"));
    QVERIFY_THROWS_EXCEPTION(core::Error, m_stack->keys.open("acme", "documents", backup, acmeDoc + "/0"));
    auto admin = m_db->connect();
    pqxx::read_transaction tx(*admin);
    QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_keks WHERE tenant_id = 'acme'")[0].as<int>(), 0);
    QCOMPARE(tx.exec1("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 't_acme'")[0].as<int>(), 0);
    QVERIFY(m_stack->documents.search(retrieval::TenantScope("acme"), embedding(kCanary), 5).empty());
}

void TestRetrievalIsolation::hostileNamesAreRefused()
{
    for (const std::string bad : {"acme'; DROP TABLE tenants; --", "Acme", "a", "acme\"x", "ümlaut", ""})
        QVERIFY_THROWS_EXCEPTION(core::Error, retrieval::TenantScope{bad});
    QVERIFY_THROWS_EXCEPTION(core::Error,
                             m_stack->documents.add(retrieval::TenantScope("acme"), 4, json::object(), embedded({"x"})));
    QVERIFY_THROWS_EXCEPTION(core::Error, m_stack->documents.add(retrieval::TenantScope("acme"), 1,
                                                                 json::array(), embedded({"x"})));
    auto admin = m_db->connect();
    pqxx::read_transaction tx(*admin);
    QCOMPARE(tx.exec1("SELECT count(*) FROM tenant_placements")[0].as<int>(), 0);  // nothing half-made
}

QTEST_GUILESS_MAIN(TestRetrievalIsolation)
#include "tst_retrievalisolation.moc"
