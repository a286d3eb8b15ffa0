// Checkpoint signing: Ed25519 through OpenSSL (seed or EVP key), the exact signed text, and
// rejection of forged, altered, re-keyed and malformed checkpoints.
#include "audit/Checkpoint.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <QtTest>
#include <openssl/evp.h>

using bulkhead::audit::Checkpoint;
using bulkhead::audit::CheckpointSigner;

namespace {

std::vector<std::uint8_t> seed(std::uint8_t fill)
{
    return std::vector<std::uint8_t>(32, fill);
}

Checkpoint signedSample(const CheckpointSigner &signer)
{
    Checkpoint c{"acme", 42, std::vector<std::uint8_t>(32, 0xab), 1700000000000000, {}, {}};
    bulkhead::audit::signCheckpoint(c, signer);
    return c;
}

} // namespace

class TestCheckpoint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc8032Vector();
    void signedTextIsPinned();
    void signsAndVerifies();
    void rejectsAlterations_data();
    void rejectsAlterations();
    void rejectsAForgery();
    void acceptsAnEvpKey();
    void rejectsBadKeys();
};

void TestCheckpoint::rfc8032Vector()
{
    // RFC 8032 section 7.1, TEST 1: empty message.
    const auto signer = CheckpointSigner::fromSeed(bulkhead::crypto::fromHex(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    QCOMPARE(bulkhead::crypto::toHex(signer.publicKey()),
             std::string("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    QCOMPARE(bulkhead::crypto::toHex(signer.sign("")),
             std::string("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                         "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
}

void TestCheckpoint::signedTextIsPinned()
{
    Checkpoint c{"acme", 3, std::vector<std::uint8_t>(32, 0x01), 17, {}, {}};
    QCOMPARE(c.signedText(),
             std::string("bulkhead-audit-checkpoint/v1\ntenant acme\nsize 3\nroot "
                         "0101010101010101010101010101010101010101010101010101010101010101"
                         "\ntime 17\n"));
}

void TestCheckpoint::signsAndVerifies()
{
    const auto signer = CheckpointSigner::fromSeed(seed(7));
    const auto c = signedSample(signer);
    QCOMPARE(c.signature.size(), std::size_t{64});
    QCOMPARE(c.keyId, bulkhead::audit::keyIdFor(signer.publicKey()));
    QCOMPARE(c.keyId.size(), std::size_t{16});
    QVERIFY(bulkhead::audit::verifyCheckpoint(c, signer.publicKey()));
}

void TestCheckpoint::rejectsAlterations_data()
{
    QTest::addColumn<int>("alteration");
    QTest::newRow("tenant") << 0;
    QTest::newRow("size") << 1;
    QTest::newRow("root") << 2;
    QTest::newRow("time") << 3;
    QTest::newRow("signature bit") << 4;
    QTest::newRow("signature truncated") << 5;
    QTest::newRow("root truncated") << 6;
    QTest::newRow("key id") << 7;
}

void TestCheckpoint::rejectsAlterations()
{
    QFETCH(int, alteration);
    const auto signer = CheckpointSigner::fromSeed(seed(7));
    auto c = signedSample(signer);
    switch (alteration) {
    case 0: c.tenantId = "globex"; break;
    case 1: c.treeSize = 41; break;
    case 2: c.rootHash[5] ^= 1; break;
    case 3: c.timeUs += 1; break;
    case 4: c.signature[10] ^= 0x40; break;
    case 5: c.signature.pop_back(); break;
    case 6: c.rootHash.pop_back(); break;
    case 7: c.keyId = "0000000000000000"; break;
    }
    QVERIFY(!bulkhead::audit::verifyCheckpoint(c, signer.publicKey()));
}

void TestCheckpoint::rejectsAForgery()
{
    // Signed by another key, even carrying the platform key's id.
    const auto platform = CheckpointSigner::fromSeed(seed(7));
    const auto attacker = CheckpointSigner::fromSeed(seed(8));
    auto forged = signedSample(attacker);
    QVERIFY(!bulkhead::audit::verifyCheckpoint(forged, platform.publicKey()));
    forged.keyId = platform.keyId();
    QVERIFY(!bulkhead::audit::verifyCheckpoint(forged, platform.publicKey()));
    QVERIFY(!bulkhead::audit::verifyCheckpoint(signedSample(platform), std::vector<std::uint8_t>(31)));
}

void TestCheckpoint::acceptsAnEvpKey()
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    QVERIFY(key != nullptr);
    const CheckpointSigner signer(key);
    EVP_PKEY_free(key);  // the signer holds its own reference
    QVERIFY(bulkhead::audit::verifyCheckpoint(signedSample(signer), signer.publicKey()));
}

void TestCheckpoint::rejectsBadKeys()
{
    QVERIFY_THROWS_EXCEPTION(bulkhead::core::Error,
                             CheckpointSigner::fromSeed(std::vector<std::uint8_t>(31)));
    EVP_PKEY *ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    QVERIFY(ec != nullptr);
    QVERIFY_THROWS_EXCEPTION(bulkhead::core::Error, CheckpointSigner{ec});
    EVP_PKEY_free(ec);
}

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
