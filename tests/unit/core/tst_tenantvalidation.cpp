#include "core/Error.h"
#include "core/TenantValidation.h"

#include <QtTest>

using namespace bulkhead::core;

class TestTenantValidation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenantIds_data();
    void tenantIds();
    void utf8_data();
    void utf8();
    void names_data();
    void names();
};

void TestTenantValidation::tenantIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << "life" << true;
    QTest::newRow("two chars") << "ab" << true;
    QTest::newRow("digits and underscore") << "st_mary_2" << true;
    QTest::newRow("31 chars") << QString(31, QLatin1Char('a')) << true;
    QTest::newRow("32 chars") << QString(32, QLatin1Char('a')) << false;
    QTest::newRow("one char") << "a" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("leading digit") << "1abc" << false;
    QTest::newRow("leading underscore") << "_abc" << false;
    QTest::newRow("upper case") << "Abc" << false;
    QTest::newRow("hyphen") << "st-mary" << false;
    QTest::newRow("space") << "st mary" << false;
    QTest::newRow("quote") << "a\"b" << false;
    QTest::newRow("non-ASCII") << QStringLiteral("caf\u00e9") << false;
}

void TestTenantValidation::tenantIds()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(isValidTenantId(id.toStdString()), valid);
}

void TestTenantValidation::utf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("count");  // -1: invalid
    QTest::newRow("ascii") << QByteArray("abc") << 3;
    QTest::newRow("two-byte") << QByteArray("\xC3\xA9") << 1;
    QTest::newRow("three-byte") << QByteArray("\xE2\x82\xAC") << 1;
    QTest::newRow("four-byte emoji") << QByteArray("\xF0\x9F\x98\x80") << 1;
    QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << -1;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << -1;
    QTest::newRow("truncated") << QByteArray("\xE2\x82") << -1;
    QTest::newRow("lone continuation") << QByteArray("\x80") << -1;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << -1;
}

void TestTenantValidation::utf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, count);
    const auto got = utf8CodePointCount(std::string_view(bytes.constData(), bytes.size()));
    QCOMPARE(got ? static_cast<int>(*got) : -1, count);
}

void TestTenantValidation::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << "Life & Health" << true;
    QTest::newRow("200 accented") << QString(200, QChar(0x00E9)) << true;
    QTest::newRow("200 CJK") << QString(200, QChar(0x4E2D)) << true;
    QTest::newRow("201 accented") << QString(201, QChar(0x00E9)) << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("blank") << "   " << false;
    QTest::newRow("newline") << "a\nb" << false;
    QTest::newRow("SQL metacharacters") << "Robert'); DROP TABLE tenants;--" << true;
}

void TestTenantValidation::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    bool ok = true;
    try {
        validateTenantName(name.toStdString());
    } catch (const Error &e) {
        ok = false;
        QCOMPARE(e.field(), std::string("name"));
    }
    QCOMPARE(ok, valid);
}

QTEST_APPLESS_MAIN(TestTenantValidation)
#include "tst_tenantvalidation.moc"
