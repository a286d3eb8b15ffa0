// The offline proof verifier (audit/AuditProof): proofs built from a real tree and a real
// signature verify after a round trip through their JSON form, and every field an attacker could
// touch, or a key other than the pinned one, makes them fail with a stable problem code. It never
// throws, whatever the document holds.
#include "audit/AuditProof.h"
#include "audit/AuditRecord.h"
#include "crypto/SecureBytes.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <functional>

using namespace bulkhead::audit;
using nlohmann::json;

namespace {

constexpr std::uint64_t kRecords = 11;  // not a power of two: proofs with border nodes

std::string recordText(std::uint64_t seq)
{
    AuditRecord r;
    r.tenantId = "acme";
    r.sequence = seq;
    r.recordedAtUs = 1700000000000000 + static_cast<std::int64_t>(seq);
    r.requestId = "req-" + std::to_string(seq);
    r.principal = "0123456789abcdef0123456789abcdef";
    r.route = "/v1/chat/completions";
    r.model = "m";
    return canonicalJson(r);
}

std::vector<std::uint8_t> seed(std::uint8_t first)
{
    std::vector<std::uint8_t> s(32);
    for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = static_cast<std::uint8_t>(first + i);
    return s;
}

} // namespace

class TestAuditProof final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inclusionProofsOfEveryRecordVerify();
    void tamperedInclusionProofsFail_data();
    void tamperedInclusionProofsFail();
    void consistencyProofsVerifyAndCatchARewrite();
    void anotherKeyIsRefused();
    void garbageNeverThrows();

private:
    Checkpoint signedAt(const MerkleTree &tree, std::uint64_t size) const;
    json inclusion(std::uint64_t seq) const;

    CheckpointSigner m_signer = CheckpointSigner::fromSeed(seed(1));
    MerkleTree m_tree;
};

Checkpoint TestAuditProof::signedAt(const MerkleTree &tree, std::uint64_t size) const
{
    Checkpoint c{"acme", size, tree.root(size), 1700000001000000, {}, {}};
    signCheckpoint(c, m_signer);
    return c;
}

json TestAuditProof::inclusion(std::uint64_t seq) const
{
    InclusionProof p{"acme", seq, recordText(seq), m_tree.leaf(seq), m_tree.inclusionProof(seq, kRecords),
                     signedAt(m_tree, kRecords)};
    return json::parse(toJson(p).dump());  // as a file would carry it
}

void TestAuditProof::initTestCase()
{
    for (std::uint64_t i = 0; i < kRecords; ++i)
        m_tree.append(leafHash(bulkhead::crypto::asBytes(recordText(i))));
}

void TestAuditProof::inclusionProofsOfEveryRecordVerify()
{
    for (std::uint64_t seq = 0; seq < kRecords; ++seq) {
        const auto check = verifyProofDocument(inclusion(seq), m_signer.publicKey());
        QVERIFY2(check.ok, check.detail.c_str());
        QCOMPARE(check.kind, std::string("inclusion"));
        QCOMPARE(check.treeSize, kRecords);
    }
}

void TestAuditProof::tamperedInclusionProofsFail_data()
{
    QTest::addColumn<std::function<void(json &)>>("change");
    QTest::addColumn<QString>("problem");
    QTest::newRow("record changed") << std::function<void(json &)>([](json &d) {
        auto r = json::parse(d["leaf_data"].get<std::string>());
        r["model"] = "n";
        d["leaf_data"] = canonicalForm(r.dump());
    }) << "not_included";
    QTest::newRow("another record's leaf") << std::function<void(json &)>([](json &d) {
        d["leaf_data"] = recordText(4);
    }) << "leaf_mismatch";
    QTest::newRow("seq moved") << std::function<void(json &)>([](json &d) { d["seq"] = 4; }) << "leaf_mismatch";
    QTest::newRow("path node changed") << std::function<void(json &)>([](json &d) {
        d["inclusion_proof"][1] = std::string(64, '0');
    }) << "not_included";
    QTest::newRow("path shortened") << std::function<void(json &)>([](json &d) {
        d["inclusion_proof"].erase(d["inclusion_proof"].size() - 1);
    }) << "not_included";
    QTest::newRow("path too long") << std::function<void(json &)>([](json &d) {
        d["inclusion_proof"] = json::array();
        for (int i = 0; i < 65; ++i)
            d["inclusion_proof"].push_back(std::string(64, 'a'));
    }) << "malformed";
    QTest::newRow("checkpoint size") << std::function<void(json &)>([](json &d) { d["checkpoint"]["size"] = 10; })
                                     << "bad_checkpoint";
    QTest::newRow("checkpoint root") << std::function<void(json &)>([](json &d) {
        d["checkpoint"]["root"] = std::string(64, 'b');
    }) << "bad_checkpoint";
    QTest::newRow("checkpoint of another log") << std::function<void(json &)>([](json &d) {
        d["checkpoint"]["tenant"] = "globex";
    }) << "wrong_tenant";
    QTest::newRow("not hex") << std::function<void(json &)>([](json &d) { d["inclusion_proof"][0] = "zz"; })
                             << "malformed";
    QTest::newRow("negative seq") << std::function<void(json &)>([](json &d) { d["seq"] = -1; }) << "malformed";
    QTest::newRow("other format") << std::function<void(json &)>([](json &d) { d["format"] = "x/v2"; })
                                  << "malformed";
    QTest::newRow("unknown kind") << std::function<void(json &)>([](json &d) { d["kind"] = "both"; })
                                  << "malformed";
}

void TestAuditProof::tamperedInclusionProofsFail()
{
    QFETCH(std::function<void(json &)>, change);
    QFETCH(QString, problem);
    auto doc = inclusion(5);
    change(doc);
    const auto check = verifyProofDocument(doc, m_signer.publicKey());
    QVERIFY(!check.ok);
    QCOMPARE(QString::fromStdString(check.problem), problem);
}

void TestAuditProof::consistencyProofsVerifyAndCatchARewrite()
{
    const Checkpoint kept = signedAt(m_tree, 6);
    const ConsistencyProof honest{"acme", 6, kept, m_tree.consistencyProof(6, kRecords), signedAt(m_tree, kRecords)};
    const json doc = json::parse(toJson(honest).dump());
    QVERIFY(verifyProofDocument(doc, m_signer.publicKey()).ok);
    QVERIFY(verifyProofDocument(doc, m_signer.publicKey(), kept).ok);

    // History rewritten at record 2 and signed on: the proof from the kept checkpoint fails,
    // whichever copy of the earlier checkpoint the document carries.
    MerkleTree rewritten;
    for (std::uint64_t i = 0; i < kRecords; ++i)
        rewritten.append(i == 2 ? leafHash(bulkhead::crypto::asBytes(std::string("{}"))) : m_tree.leaf(i));
    const ConsistencyProof forged{"acme", 6, signedAt(rewritten, 6), rewritten.consistencyProof(6, kRecords),
                                  signedAt(rewritten, kRecords)};
    const json forgedDoc = json::parse(toJson(forged).dump());
    QVERIFY(verifyProofDocument(forgedDoc, m_signer.publicKey()).ok);  // consistent with itself
    const auto check = verifyProofDocument(forgedDoc, m_signer.publicKey(), kept);
    QVERIFY(!check.ok);
    QCOMPARE(check.problem, std::string("inconsistent"));

    // No earlier checkpoint at all, or one of another size than the proof starts from.
    auto noFrom = doc;
    noFrom["from_checkpoint"] = nullptr;
    QCOMPARE(verifyProofDocument(noFrom, m_signer.publicKey()).problem, std::string("malformed"));
    QCOMPARE(verifyProofDocument(doc, m_signer.publicKey(), signedAt(m_tree, 5)).problem, std::string("inconsistent"));
    // The same size proves only the same root.
    const ConsistencyProof same{"acme", kRecords, signedAt(m_tree, kRecords), {}, signedAt(m_tree, kRecords)};
    QVERIFY(verifyProofDocument(toJson(same), m_signer.publicKey()).ok);
}

void TestAuditProof::anotherKeyIsRefused()
{
    const auto other = CheckpointSigner::fromSeed(seed(2));
    const auto check = verifyProofDocument(inclusion(3), other.publicKey());
    QVERIFY(!check.ok);
    QCOMPARE(check.problem, std::string("bad_checkpoint"));
}

void TestAuditProof::garbageNeverThrows()
{
    for (const json &doc : {json(), json::array(), json("x"), json{{"format", kProofFormat}},
                            json{{"format", kProofFormat}, {"kind", "inclusion"}, {"tenant", 5}},
                            json{{"format", kProofFormat}, {"kind", "inclusion"}, {"tenant", "acme"},
                                 {"checkpoint", json::array()}}}) {
        const auto check = verifyProofDocument(doc, m_signer.publicKey());
        QVERIFY(!check.ok);
        QCOMPARE(check.problem, std::string("malformed"));
    }
    QVERIFY(!checkpointFromJson(json{{"tenant", "acme"}, {"size", 1}, {"root", "ab"}}));
}

QTEST_GUILESS_MAIN(TestAuditProof)
#include "tst_auditproof.moc"
