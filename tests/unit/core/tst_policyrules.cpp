// The rule set is data: these tests check that bad rule files are rejected whole, with the
// JSON path of the problem, and that custom rules change decisions.
#include "core/Error.h"
#include "core/InventoryReader.h"
#include "core/PolicyEngine.h"
#include "core/PolicyRules.h"

#include <QtTest>

using namespace bulkhead::core;

class TestPolicyRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinRulesAreVersionedAndExplained();
    void badRuleSetsAreRejected_data();
    void badRuleSetsAreRejected();
    void customRuleSetChangesDecisions();
};

void TestPolicyRules::builtinRulesAreVersionedAndExplained()
{
    const auto &rules = RuleSet::builtin();
    QVERIFY(!rules.version.empty());
    QCOMPARE(rules.rules.size(), std::size_t{5});
    for (const auto &rule : rules.rules) {
        QVERIFY(!rule.id.empty());
        QVERIFY(rule.version >= 1);
        QVERIFY(rule.rationale.size() > 40);
        QVERIFY(rule.tier != Tier::Namespace);
    }
}

void TestPolicyRules::badRuleSetsAreRejected_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");

    const QString head = QStringLiteral(R"({"id":"x","version":"1","rules":[)");
    const QString rule = QStringLiteral(R"({"id":"r","tier":2,"title":"t","rationale":"why",)");
    QTest::newRow("malformed") << QStringLiteral("{") << "$";
    QTest::newRow("no rules") << QStringLiteral(R"({"id":"x","version":"1","rules":[]})")
                              << "rules";
    QTest::newRow("tier 1 rule") << head + R"({"id":"r","tier":1,"title":"t","rationale":"w"}]})"
                                 << "rules[0].tier";
    QTest::newRow("tier 4 rule") << head + R"({"id":"r","tier":4,"title":"t","rationale":"w"}]})"
                                 << "rules[0].tier";
    QTest::newRow("unknown condition") << head + rule + R"("subject":{"colour":"red"}}]})"
                                       << "rules[0].subject";
    QTest::newRow("unknown classification")
        << head + rule + R"("subject":{"classification":"SECRET"}}]})"
        << "rules[0].subject.classification";
    QTest::newRow("peer-only condition on subject")
        << head + rule + R"("subject":{"classifications_differ":true}}]})"
        << "rules[0].subject.classifications_differ";
    QTest::newRow("two keys in one condition")
        << head + rule + R"("subject":{"regime":"GDPR","threat_at_least":"low"}}]})"
        << "rules[0].subject";
    QTest::newRow("empty all") << head + rule + R"("subject":{"all":[]}}]})"
                               << "rules[0].subject.all";
    QTest::newRow("duplicate id") << head + rule + R"("subject":{"always":true}},)" + rule +
                                         R"("subject":{"always":true}}]})"
                                  << "rules[1].id";
    QTest::newRow("unknown rule field") << head + rule + R"("when":{}}]})" << "rules[0].when";
    QTest::newRow("deeply nested") << QString(200, QLatin1Char('[')) << "$";
}

void TestPolicyRules::badRuleSetsAreRejected()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    try {
        RuleSet::fromJson(json.toStdString());
        QFAIL("accepted a bad rule set");
    } catch (const Error &e) {
        QVERIFY(e.code() == ErrorCode::InvalidArgument);
        QCOMPARE(QString::fromStdString(e.field()), field);
    }
}

void TestPolicyRules::customRuleSetChangesDecisions()
{
    const auto rules = RuleSet::fromJson(R"({"id":"strict","version":"7","rules":[
        {"id":"gdpr-dedicated","tier":3,"title":"GDPR","rationale":"test rule",
         "subject":{"all":[{"regime":"GDPR"},{"not":{"threat_at_least":"high"}}]}}]})");
    const auto tenants = readInventory(R"({"tenants":[
        {"id":"eu","regimes":["GDPR"]},{"id":"us"},{"id":"eu_hot","regimes":["GDPR"],"threat":"high"}]})");
    const auto decision = evaluatePolicy(tenants, rules);
    QCOMPARE(decision.rulesetVersion, std::string("7"));
    QCOMPARE(tierNumber(decision.tenants[0].minimumTier), 3);
    QCOMPARE(tierNumber(decision.tenants[1].minimumTier), 1);
    QCOMPARE(tierNumber(decision.tenants[2].minimumTier), 1);
}

QTEST_APPLESS_MAIN(TestPolicyRules)
#include "tst_policyrules.moc"
