#include "CryptoTestSupport.h"
#include "crypto/Aead.h"

#include <QTest>

using namespace bulkhead;
using namespace bulkhead::crypto;
using test::errorCodeOf;

class AeadTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownAnswer_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("iv");
        QTest::addColumn<QString>("aad");
        QTest::addColumn<QString>("plaintext");
        QTest::addColumn<QString>("ciphertext");
        QTest::addColumn<QString>("tag");
        // The GCM specification's AES-256 test cases 13-16 (McGrew & Viega, as used by NIST).
        const QString zeroKey(64, QLatin1Char('0'));
        const QString key = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
        QTest::newRow("case 13") << zeroKey << "000000000000000000000000" << "" << "" << ""
                                 << "530f8afbc74536b9a963b4f1c4cb738b";
        QTest::newRow("case 14") << zeroKey << "000000000000000000000000" << ""
                                 << "00000000000000000000000000000000"
                                 << "cea7403d4d606b6e074ec5d3baf39d18"
                                 << "d0d1c8a799996bf0265b98b5d48ab919";
        QTest::newRow("case 15")
            << key << "cafebabefacedbaddecaf888" << ""
            << "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
            << "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"
            << "b094dac5d93471bdec1a502270e3cc6c";
        QTest::newRow("case 16")
            << key << "cafebabefacedbaddecaf888" << "feedfacedeadbeeffeedfacedeadbeefabaddad2"
            << "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
            << "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
            << "76fc6ece0f4e1768cddf8853bb2d551b";
    }

    void knownAnswer()
    {
        QFETCH(QString, key);
        QFETCH(QString, iv);
        QFETCH(QString, aad);
        QFETCH(QString, plaintext);
        QFETCH(QString, ciphertext);
        QFETCH(QString, tag);
        const auto k = fromHex(key.toStdString());
        const auto n = fromHex(iv.toStdString());
        const auto a = fromHex(aad.toStdString());
        const auto p = fromHex(plaintext.toStdString());
        const GcmOutput out = aesGcmEncrypt(k, n, a, p);
        QCOMPARE(QString::fromStdString(toHex(out.ciphertext)), ciphertext);
        QCOMPARE(QString::fromStdString(toHex(out.tag)), tag);
        const SecureBytes back = aesGcmDecrypt(k, n, a, out.ciphertext, out.tag);
        QCOMPARE(QString::fromStdString(toHex(back.view())), plaintext);
        auto badTag = out.tag;
        badTag[0] ^= 1;
        QCOMPARE(errorCodeOf([&] { aesGcmDecrypt(k, n, a, out.ciphertext, badTag); }),
                 core::ErrorCode::InvalidArgument);
    }

    void envelopeRoundTripAndLayout()
    {
        const SecureBytes key = randomBytes(kAeadKeySize);
        const std::string text = "patient record 17";
        const auto envelope = Aead::seal(key.view(), "dk_0011", {"acme", "documents"}, asBytes(text));
        QCOMPARE(envelope[0], kEnvelopeVersion);
        QCOMPARE(envelope[1], std::uint8_t(7));
        QCOMPARE(envelope.size(), 2 + 7 + kAeadNonceSize + text.size() + kAeadTagSize);
        QCOMPARE(Aead::envelopeKeyId(envelope), std::string("dk_0011"));
        const SecureBytes back = Aead::open(key.view(), {"acme", "documents"}, envelope);
        QCOMPARE(std::string(back.data(), back.data() + back.size()), text);
        // Random nonces: sealing twice never gives the same envelope.
        QVERIFY(Aead::seal(key.view(), "dk_0011", {"acme", "documents"}, asBytes(text)) != envelope);
    }

    void everyFlippedByteIsDetected()
    {
        const SecureBytes key = randomBytes(kAeadKeySize);
        const auto envelope = Aead::seal(key.view(), "dk_1", {"acme", "audit"}, asBytes(std::string_view("secret")));
        for (std::size_t i = 0; i < envelope.size(); ++i) {
            auto tampered = envelope;
            tampered[i] ^= 0x01;
            const auto code = errorCodeOf([&] { Aead::open(key.view(), {"acme", "audit"}, tampered); });
            QVERIFY2(code == core::ErrorCode::InvalidArgument, qPrintable(QStringLiteral("byte %1").arg(i)));
        }
        auto truncated = envelope;
        truncated.pop_back();
        QVERIFY(errorCodeOf([&] { Aead::open(key.view(), {"acme", "audit"}, truncated); }).has_value());
    }

    void wrongContextFails_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("purpose");
        QTest::newRow("other tenant") << "globex" << "documents";
        QTest::newRow("other purpose") << "acme" << "audit";
        QTest::newRow("tenant prefix") << "acm" << "documents";
        QTest::newRow("shifted boundary") << "acmed" << "ocuments";
    }

    void wrongContextFails()
    {
        QFETCH(QString, tenant);
        QFETCH(QString, purpose);
        const SecureBytes key = randomBytes(kAeadKeySize);
        const auto envelope = Aead::seal(key.view(), "dk_1", {"acme", "documents"}, asBytes(std::string_view("row")));
        QCOMPARE(errorCodeOf([&] { Aead::open(key.view(), {tenant.toStdString(), purpose.toStdString()}, envelope); }),
                 core::ErrorCode::InvalidArgument);
    }

    void wrongKeyFails()
    {
        const SecureBytes key = randomBytes(kAeadKeySize);
        const SecureBytes other = randomBytes(kAeadKeySize);
        const auto envelope = Aead::seal(key.view(), "dk_1", {"acme", "documents"}, asBytes(std::string_view("row")));
        QCOMPARE(errorCodeOf([&] { Aead::open(other.view(), {"acme", "documents"}, envelope); }),
                 core::ErrorCode::InvalidArgument);
    }

    void unknownVersionRefused()
    {
        const SecureBytes key = randomBytes(kAeadKeySize);
        auto envelope = Aead::seal(key.view(), "dk_1", {"acme", "documents"}, asBytes(std::string_view("row")));
        envelope[0] = 2;
        std::string message;
        QCOMPARE(errorCodeOf([&] { Aead::open(key.view(), {"acme", "documents"}, envelope); }, &message),
                 core::ErrorCode::InvalidArgument);
        QVERIFY(message.find("version 2") != std::string::npos);
    }

    void wrapUnwrap()
    {
        const SecureBytes kek = randomBytes(kAeadKeySize);
        const SecureBytes key = randomBytes(kAeadKeySize);
        const auto wrapped = wrapKey(kek.view(), "kek_1", {"acme", "v1"}, key.view());
        const SecureBytes back = unwrapKey(kek.view(), {"acme", "v1"}, wrapped);
        QVERIFY(constantTimeEquals(back.view(), key.view()));
        QCOMPARE(errorCodeOf([&] { unwrapKey(kek.view(), {"globex", "v1"}, wrapped); }), core::ErrorCode::InvalidArgument);
        // A wrapped key is not a data envelope for the same context.
        QCOMPARE(errorCodeOf([&] { Aead::open(kek.view(), {"acme", "v1"}, wrapped); }), core::ErrorCode::InvalidArgument);
    }

    void badKeySizeRefused()
    {
        const SecureBytes shortKey = randomBytes(16);
        QCOMPARE(errorCodeOf([&] { Aead::seal(shortKey.view(), "k", {"a", "b"}, {}); }), core::ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(AeadTest)
#include "tst_aead.moc"
