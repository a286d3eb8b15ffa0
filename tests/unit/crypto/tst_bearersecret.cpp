#include "crypto/BearerSecret.h"
#include "crypto/SecureBytes.h"

#include <QtTest>

#include <set>

using namespace bulkhead::crypto;

class TestBearerSecret final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void issuedSecretsHaveTheDocumentedShape();
    void verifyAcceptsOnlyTheIssuedSecret();
    void shapeCheck_data();
    void shapeCheck();
    void knownVectors();
};

void TestBearerSecret::issuedSecretsHaveTheDocumentedShape()
{
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const auto s = issueSecret(kTenantKeyPrefix);
        QVERIFY(hasSecretShape(s.plaintext, kTenantKeyPrefix));
        QCOMPARE(s.lookupId.size(), std::size_t{32});
        QCOMPARE(s.saltHex.size(), std::size_t{32});
        QCOMPARE(s.hashHex.size(), std::size_t{64});
        QCOMPARE(s.lookupId, secretLookupId(s.plaintext));
        QVERIFY(seen.insert(s.plaintext).second);
        // The stored forms never contain the secret.
        QVERIFY(s.hashHex.find(s.plaintext.substr(8, 10)) == std::string::npos);
    }
}

void TestBearerSecret::verifyAcceptsOnlyTheIssuedSecret()
{
    const auto a = issueSecret(kAdminTokenPrefix);
    const auto b = issueSecret(kAdminTokenPrefix);
    QVERIFY(verifySecret(a.plaintext, a.saltHex, a.hashHex));
    QVERIFY(!verifySecret(b.plaintext, a.saltHex, a.hashHex));
    QVERIFY(!verifySecret(a.plaintext, b.saltHex, a.hashHex));
    std::string flipped = a.plaintext;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    QVERIFY(!verifySecret(flipped, a.saltHex, a.hashHex));
    QVERIFY(!verifySecret(a.plaintext, "zz", a.hashHex));
    QVERIFY(!verifySecret(a.plaintext, a.saltHex, ""));
}

void TestBearerSecret::shapeCheck_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    const QString body(43, QLatin1Char('x'));
    QTest::newRow("valid") << "bh_live_" + body << true;
    QTest::newRow("base64url alphabet") << "bh_live_" + QString(41, QLatin1Char('a')) + "-_" << true;
    QTest::newRow("admin prefix on tenant key") << "bh_admin_" + body << false;
    QTest::newRow("short") << "bh_live_" + body.left(42) << false;
    QTest::newRow("long") << "bh_live_" + body + "x" << false;
    QTest::newRow("plus sign") << "bh_live_" + body.left(42) + "+" << false;
    QTest::newRow("empty") << "" << false;
}

void TestBearerSecret::shapeCheck()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(hasSecretShape(text.toStdString(), kTenantKeyPrefix), ok);
}

void TestBearerSecret::knownVectors()
{
    // RFC 4231 test case 2 and the SHA-256 of "abc" (FIPS 180-2).
    const std::string key = "Jefe";
    QCOMPARE(toHex(hmacSha256(asBytes(key), "what do ya want for nothing?")),
             std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    QCOMPARE(toHex(sha256(std::string_view("abc"))),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const std::uint8_t bytes[] = {0xfb, 0xff, 0x01};
    QCOMPARE(base64UrlEncode(bytes), std::string("-_8B"));
    QCOMPARE(base64UrlEncode(std::span(bytes, 2)), std::string("-_8"));
    QCOMPARE(toHex(fromHex("00ff10")), std::string("00ff10"));
    QVERIFY_THROWS_EXCEPTION(std::exception, fromHex("0g"));
}

QTEST_APPLESS_MAIN(TestBearerSecret)
#include "tst_bearersecret.moc"
