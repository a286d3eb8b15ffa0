// `bulkheadctl policy evaluate` driven in-process: exit codes, the --json contract, the table.
#include "ctl/Cli.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

class TestPolicyCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void evaluatesToJson();
    void evaluatesToTable();
    void badInputExitsTwoWithJsonError_data();
    void badInputExitsTwoWithJsonError();
    void unknownCommandAndOptions();
    void helpAndVersion();

private:
    struct Run
    {
        int code;
        std::string out;
        std::string err;
    };
    Run run(std::vector<std::string> args);
    std::string write(const std::string &name, const std::string &content);

    QTemporaryDir m_dir;
};

TestPolicyCommand::Run TestPolicyCommand::run(std::vector<std::string> args)
{
    std::ostringstream out, err;
    const int code = bulkhead::ctl::runCli(args, out, err);
    return {code, out.str(), err.str()};
}

std::string TestPolicyCommand::write(const std::string &name, const std::string &content)
{
    const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path) << content;
    return path;
}

void TestPolicyCommand::init()
{
    QVERIFY(m_dir.isValid());
}

void TestPolicyCommand::evaluatesToJson()
{
    const auto file = write("inv.json", R"({"tenants":[
        {"id":"agency","name":"State agency","classifications":["CUI"],"relationship":"internal",
         "threat":"low","regimes":["FEDRAMP"],"tier":2},
        {"id":"retailer","name":"Retailer","classifications":["CUI"],"tier":1}]})");
    const auto r = run({"policy", "evaluate", file, "--json"});
    QCOMPARE(r.code, 0);
    const auto doc = nlohmann::json::parse(r.out);
    QCOMPARE(doc["platform_assurance_tier"].get<int>(), 1);
    QCOMPARE(doc["tenants"].size(), std::size_t{2});
    const auto &agency = doc["tenants"][0];
    QCOMPARE(agency["id"].get<std::string>(), std::string("agency"));
    QCOMPARE(agency["chosen_tier"].get<int>(), 2);
    QCOMPARE(agency["minimum_tier"].get<int>(), 3);
    QCOMPARE(agency["violation"].get<bool>(), true);
    QCOMPARE(agency["rules"][0]["id"].get<std::string>(), std::string("R3-fedramp-separation"));
    QCOMPARE(agency["rules"][0]["triggered_by"], nlohmann::json::array({"retailer"}));
    QCOMPARE(doc["tenants"][1]["violation"].get<bool>(), false);
    // --json before the command works too.
    QCOMPARE(run({"--json", "policy", "evaluate", file}).out, r.out);
}

void TestPolicyCommand::evaluatesToTable()
{
    const auto file = write("inv.json", R"({"tenants":[{"id":"hr","tier":1},
        {"id":"st_mary","classifications":["PHI"],"relationship":"external","tier":1}]})");
    const auto r = run({"policy", "evaluate", file});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.find("VIOLATION") != std::string::npos);
    QVERIFY(r.out.find("Platform assurance tier: 1") != std::string::npos);
    QVERIFY(r.out.find("st_mary runs at tier 1 but needs tier 3") != std::string::npos);
    QVERIFY(r.out.find("R4-external-phi-shared-platform") != std::string::npos);
}

void TestPolicyCommand::badInputExitsTwoWithJsonError_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("field");
    QTest::newRow("malformed") << R"({"tenants": [)" << "$";
    QTest::newRow("unknown classification")
        << R"({"tenants":[{"id":"a1","classifications":["PHX"]}]})"
        << "tenants[0].classifications[0]";
    QTest::newRow("duplicate id") << R"({"tenants":[{"id":"a1"},{"id":"a1"}]})"
                                  << "tenants[1].id";
    QTest::newRow("invalid id") << R"({"tenants":[{"id":"A-1"}]})" << "tenants[0].id";
}

void TestPolicyCommand::badInputExitsTwoWithJsonError()
{
    QFETCH(QString, content);
    QFETCH(QString, field);
    const auto file = write("bad.json", content.toStdString());
    const auto r = run({"policy", "evaluate", file, "--json"});
    QCOMPARE(r.code, 2);
    const auto doc = nlohmann::json::parse(r.out);
    QCOMPARE(doc["error"]["code"].get<std::string>(), std::string("invalid_argument"));
    QCOMPARE(QString::fromStdString(doc["error"]["field"].get<std::string>()), field);
    QVERIFY(!r.err.empty());
    if (field.contains(QStringLiteral("classifications")))
        QCOMPARE(doc["error"]["allowed"].size(), std::size_t{5});
    // Without --json: the message on stderr, nothing on stdout, same exit code.
    const auto plain = run({"policy", "evaluate", file});
    QCOMPARE(plain.code, 2);
    QVERIFY(plain.out.empty());
    QVERIFY(plain.err.find(field.toStdString()) != std::string::npos);
}

void TestPolicyCommand::unknownCommandAndOptions()
{
    QCOMPARE(run({"frobnicate"}).code, 2);
    QCOMPARE(run({"--bogus", "policy"}).code, 2);
    QCOMPARE(run({"policy", "evaluate"}).code, 2);
    QCOMPARE(run({"policy", "evaluate", "/nonexistent/inventory.json"}).code, 2);
    QCOMPARE(run({"policy", "explode"}).code, 2);
    QCOMPARE(run({}).code, 2);
}

void TestPolicyCommand::helpAndVersion()
{
    const auto help = run({"--help"});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.find("policy") != std::string::npos);
    const auto version = run({"--version"});
    QCOMPARE(version.code, 0);
    QCOMPARE(version.out, std::string("bulkheadctl ") + BULKHEAD_VERSION + "\n");
    const auto rules = run({"policy", "rules"});
    QCOMPARE(rules.code, 0);
    QCOMPARE(nlohmann::json::parse(rules.out)["rules"].size(), std::size_t{5});
}

QTEST_APPLESS_MAIN(TestPolicyCommand)
#include "tst_policycommand.moc"
