// Bad inventories: every error names the JSON path and, for enumerations, the allowed values.
#include "core/Error.h"
#include "core/InventoryReader.h"

#include <QtTest>

using namespace bulkhead::core;

class TestInventoryReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheDocumentedFormat();
    void defaults();
    void enumerationsAreCaseInsensitive();
    void badInventories_data();
    void badInventories();
};

void TestInventoryReader::readsTheDocumentedFormat()
{
    const auto tenants = readInventory(R"({"tenants":[{"id":"life","name":"Life & Health",
        "classifications":["PHI","PII"],"relationship":"internal","threat":"low",
        "regimes":["HIPAA_BAA"],"tier":1}]})");
    QCOMPARE(tenants.size(), std::size_t{1});
    const Tenant &t = tenants.front();
    QCOMPARE(t.id, std::string("life"));
    QCOMPARE(t.name, std::string("Life & Health"));
    QVERIFY(t.classifications == (std::set{Classification::PHI, Classification::PII}));
    QVERIFY(t.relationship == Relationship::Internal);
    QVERIFY(t.threat == Threat::Low);
    QVERIFY(t.regimes == std::set{Regime::HipaaBaa});
    QVERIFY(t.chosenTier == std::optional{Tier::Namespace});
}

void TestInventoryReader::defaults()
{
    const auto t = readInventory(R"({"tenants":[{"id":"ops"}]})").front();
    QCOMPARE(t.name, std::string("ops"));
    QVERIFY(t.classifications.empty());
    QVERIFY(t.regimes.empty());
    QVERIFY(t.relationship == Relationship::Internal);
    QVERIFY(t.threat == Threat::Low);
    QVERIFY(!t.chosenTier);
    const auto none = readInventory(R"({"tenants":[{"id":"ops","classifications":["NONE"],
                                       "regimes":["none"]}]})").front();
    QVERIFY(none.classifications.empty());
    QVERIFY(none.regimes.empty());
}

void TestInventoryReader::enumerationsAreCaseInsensitive()
{
    const auto t = readInventory(R"({"tenants":[{"id":"x1","classifications":["phi","Financial"],
        "relationship":"EXTERNAL","threat":"High","regimes":["pci_dss"]}]})").front();
    QVERIFY(t.classifications == (std::set{Classification::PHI, Classification::Financial}));
    QVERIFY(t.relationship == Relationship::External);
    QVERIFY(t.threat == Threat::High);
    QVERIFY(t.regimes == std::set{Regime::PciDss});
}

void TestInventoryReader::badInventories_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("mustMention");

    QTest::newRow("malformed JSON") << QByteArray(R"({"tenants":[{"id":"a1",}]})") << "$"
                                    << "malformed JSON";
    QTest::newRow("not an object") << QByteArray("[1,2]") << "tenants" << "tenants";
    QTest::newRow("tenants not array") << QByteArray(R"({"tenants":{}})") << "tenants" << "array";
    QTest::newRow("unknown top-level field") << QByteArray(R"({"tenants":[],"tenant":[]})")
                                             << "tenant" << "unknown field";
    QTest::newRow("unknown classification")
        << QByteArray(R"({"tenants":[{"id":"a1","classifications":["PHI","SECRET"]}]})")
        << "tenants[0].classifications[1]" << "PHI, PII, CUI, FINANCIAL or PRIVILEGED";
    QTest::newRow("unknown regime")
        << QByteArray(R"({"tenants":[{"id":"a1","regimes":["SOX"]}]})") << "tenants[0].regimes[0]"
        << "HIPAA_BAA, FEDRAMP, OCC_HEIGHTENED, PCI_DSS, GDPR or STATE_GOVERNANCE";
    QTest::newRow("unknown relationship")
        << QByteArray(R"({"tenants":[{"id":"a1","relationship":"partner"}]})")
        << "tenants[0].relationship" << "internal or external";
    QTest::newRow("unknown threat") << QByteArray(R"({"tenants":[{"id":"a1","threat":"extreme"}]})")
                                    << "tenants[0].threat" << "low, medium or high";
    QTest::newRow("NONE combined")
        << QByteArray(R"({"tenants":[{"id":"a1","classifications":["NONE","PHI"]}]})")
        << "tenants[0].classifications" << "NONE";
    QTest::newRow("duplicate id")
        << QByteArray(R"({"tenants":[{"id":"a1"},{"id":"b1"},{"id":"a1"}]})")
        << "tenants[2].id" << "tenants[0]";
    QTest::newRow("missing id") << QByteArray(R"({"tenants":[{"name":"x"}]})") << "tenants[0].id"
                                << "required";
    QTest::newRow("upper-case id") << QByteArray(R"({"tenants":[{"id":"Life"}]})")
                                   << "tenants[0].id" << "^[a-z][a-z0-9_]{1,30}$";
    QTest::newRow("id with quote") << QByteArray(R"({"tenants":[{"id":"a1\"; drop"}]})")
                                   << "tenants[0].id" << "^[a-z]";
    QTest::newRow("id too long") << QByteArray(R"({"tenants":[{"id":"a2345678901234567890123456789012"}]})")
                                 << "tenants[0].id" << "31";
    QTest::newRow("misspelt field")
        << QByteArray(R"({"tenants":[{"id":"a1","regime":["FEDRAMP"]}]})") << "tenants[0].regime"
        << "unknown field";
    QTest::newRow("tier 0") << QByteArray(R"({"tenants":[{"id":"a1","tier":0}]})")
                            << "tenants[0].tier" << "1, 2 or 3";
    QTest::newRow("tier as string") << QByteArray(R"({"tenants":[{"id":"a1","tier":"2"}]})")
                                    << "tenants[0].tier" << "1, 2 or 3";
    QTest::newRow("name too long")
        << QByteArray(R"({"tenants":[{"id":"a1","name":")") + QString(201, QChar(0x00E9)).toUtf8() +
               R"("}]})"
        << "tenants[0].name" << "200";
    QTest::newRow("name invalid UTF-8")
        << QByteArray("{\"tenants\":[{\"id\":\"a1\",\"name\":\"\xC3\x28\"}]}") << "$"
        << "malformed JSON";
    QTest::newRow("name with control char")
        << QByteArray(R"({"tenants":[{"id":"a1","name":"a\u0007b"}]})") << "tenants[0].name"
        << "control";
    QTest::newRow("nested 100000 deep") << QByteArray(100000, '[') << "$" << "nested deeper";
}

void TestInventoryReader::badInventories()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, mustMention);
    try {
        readInventory(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        QFAIL("accepted a bad inventory");
    } catch (const Error &e) {
        QVERIFY(e.code() == ErrorCode::InvalidArgument);
        QCOMPARE(QString::fromStdString(e.field()), field);
        QVERIFY2(QString::fromUtf8(e.what()).contains(mustMention), e.what());
    }
}

QTEST_APPLESS_MAIN(TestInventoryReader)
#include "tst_inventoryreader.moc"
