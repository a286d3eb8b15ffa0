#include "CryptoTestSupport.h"
#include "crypto/Ed25519.h"
#include "crypto/KeyProvider.h"

#include <QTest>

using namespace bulkhead;
using namespace bulkhead::crypto;

class Ed25519Test : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc8032Vectors_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("publicKey");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("signature");
        QTest::newRow("RFC 8032 test 1")
            << "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
            << "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
            << ""
            << "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    }

    void rfc8032Vectors()
    {
        QFETCH(QString, secret);
        QFETCH(QString, publicKey);
        QFETCH(QString, message);
        QFETCH(QString, signature);
        const Ed25519Key key = Ed25519Key::fromSeed(fromHex(secret.toStdString()));
        QCOMPARE(QString::fromStdString(toHex(key.publicKey())), publicKey);
        const auto msg = fromHex(message.toStdString());
        const auto sig = key.sign(msg);
        QCOMPARE(QString::fromStdString(toHex(sig)), signature);
        QVERIFY(ed25519Verify(key.publicKey(), msg, sig));
    }

    void signVerifyAndTamper()
    {
        const Ed25519Key key = Ed25519Key::generate();
        const std::string manifest = R"({"tenant":"acme","chain_head":"ab12"})";
        auto sig = key.sign(asBytes(manifest));
        QVERIFY(ed25519Verify(key.publicKey(), asBytes(manifest), sig));
        QVERIFY(!ed25519Verify(key.publicKey(), asBytes(std::string_view("{}")), sig));
        sig[10] ^= 1;
        QVERIFY(!ed25519Verify(key.publicKey(), asBytes(manifest), sig));
        QVERIFY(!ed25519Verify(Ed25519Key::generate().publicKey(), asBytes(manifest), key.sign(asBytes(manifest))));
        QVERIFY(!ed25519Verify(key.publicKey(), asBytes(manifest), std::vector<std::uint8_t>(12)));
    }

    void fingerprint()
    {
        const Ed25519Key key = Ed25519Key::generate();
        QVERIFY(key.fingerprint().starts_with("SHA256:"));
        QCOMPARE(key.fingerprint().size(), std::size_t(7 + 64));
        QCOMPARE(key.fingerprint(), ed25519Fingerprint(key.publicKey()));
    }

    void signingKeyStoredThroughProvider()
    {
        InMemoryKeyProvider provider;
        const Ed25519Key first = loadOrCreateSigningKey(provider);
        const Ed25519Key second = loadOrCreateSigningKey(provider);
        QCOMPARE(first.publicKey(), second.publicKey());
        // The signing seed is a different secret from the master key.
        QVERIFY(!constantTimeEquals(provider.loadOrCreateMasterKey().view(), first.seed().view()));
        provider.setUnavailable(std::string("the keychain is locked"));
        QCOMPARE(test::errorCodeOf([&] { loadOrCreateSigningKey(provider); }), core::ErrorCode::Unavailable);
    }
};

QTEST_GUILESS_MAIN(Ed25519Test)
#include "tst_ed25519.moc"
