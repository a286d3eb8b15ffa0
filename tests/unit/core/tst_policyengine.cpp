// Policy decisions as data: each row is an inventory and the tiers, rules and violations it
// must produce. The scenarios are the ones DESIGN.md and the foundation issue name.
#include "core/InventoryReader.h"
#include "core/PolicyEngine.h"
#include "core/PolicyJson.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace bulkhead::core;

namespace {

// "id=tier,id=tier" -> map
QMap<QString, int> tiers(const QString &spec)
{
    QMap<QString, int> out;
    for (const auto &pair : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto parts = pair.split(QLatin1Char('='));
        out.insert(parts.at(0).trimmed(), parts.at(1).toInt());
    }
    return out;
}

const TenantDecision &decisionFor(const PlatformDecision &d, const std::string &id)
{
    for (const auto &t : d.tenants)
        if (t.tenantId == id)
            return t;
    qFatal("no decision for tenant");
}

const RuleFiring *firing(const TenantDecision &d, const std::string &ruleId)
{
    for (const auto &f : d.firings)
        if (f.rule->id == ruleId)
            return &f;
    return nullptr;
}

} // namespace

class TestPolicyEngine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void minimumTiers_data();
    void minimumTiers();
    void triggeredByNamesThePeers();
    void violationCarriesRationale();
    void platformAssuranceIsLowestChosenTier();
    void undecidedTenantsDoNotCountTowardsAssurance();
    void decisionJsonHasTheDocumentedShape();
    void evaluationIsDeterministic();
};

void TestPolicyEngine::minimumTiers_data()
{
    QTest::addColumn<QString>("inventory");
    QTest::addColumn<QString>("expected");  // id=minimum tier

    QTest::newRow("four internal departments, no regulated data, low threat")
        << R"({"tenants":[
              {"id":"hr","relationship":"internal","threat":"low"},
              {"id":"legal_ops","relationship":"internal","threat":"low"},
              {"id":"marketing","relationship":"internal","threat":"low"},
              {"id":"engineering","relationship":"internal","threat":"low"}]})"
        << "hr=1,legal_ops=1,marketing=1,engineering=1";

    QTest::newRow("reinsurer lines: life holds PHI, specialty financial data")
        << R"({"tenants":[
              {"id":"property","classifications":[]},
              {"id":"casualty","classifications":[]},
              {"id":"life","classifications":["PHI","PII"],"regimes":["HIPAA_BAA"]},
              {"id":"specialty","classifications":["FINANCIAL"]}]})"
        << "property=2,casualty=2,life=2,specialty=2";

    QTest::newRow("same classification set everywhere stays at tier 1")
        << R"({"tenants":[{"id":"north","classifications":["PII"]},
                          {"id":"south","classifications":["pii"]}]})"
        << "north=1,south=1";

    QTest::newRow("two hospital systems, each an external PHI client")
        << R"({"tenants":[
              {"id":"st_mary","classifications":["PHI","PII"],"relationship":"external",
               "regimes":["HIPAA_BAA"]},
              {"id":"mercy_health","classifications":["PHI","PII"],"relationship":"external",
               "regimes":["HIPAA_BAA"]}]})"
        << "st_mary=3,mercy_health=3";

    QTest::newRow("external PHI client without its own regime still tier 3 on a shared platform")
        << R"({"tenants":[{"id":"clinic","classifications":["PHI"],"relationship":"external"},
                          {"id":"internal_it"}]})"
        << "clinic=3,internal_it=2";

    QTest::newRow("FedRAMP agency beside a commercial tenant")
        << R"({"tenants":[
              {"id":"agency","classifications":["CUI"],"regimes":["FEDRAMP"]},
              {"id":"retailer","classifications":["CUI"]}]})"
        << "agency=3,retailer=1";

    QTest::newRow("FedRAMP tenants only: no separation rule")
        << R"({"tenants":[{"id":"agency_a","regimes":["FEDRAMP"]},
                          {"id":"agency_b","regimes":["FEDRAMP"]}]})"
        << "agency_a=1,agency_b=1";

    QTest::newRow("external client without regime, low threat -> tier 2")
        << R"({"tenants":[{"id":"client","relationship":"external"}]})"
        << "client=2";

    QTest::newRow("external client with its own regulatory posture -> tier 3")
        << R"({"tenants":[{"id":"bank","relationship":"external","regimes":["OCC_HEIGHTENED"]}]})"
        << "bank=3";

    QTest::newRow("internal, medium threat -> tier 2")
        << R"({"tenants":[{"id":"research","threat":"medium"}]})" << "research=2";

    QTest::newRow("internal, high threat -> tier 3")
        << R"({"tenants":[{"id":"red_team","threat":"high"}]})" << "red_team=3";

    QTest::newRow("lone external PHI client: no other tenant shares the platform")
        << R"({"tenants":[{"id":"solo","classifications":["PHI"],"relationship":"external"}]})"
        << "solo=2";

    QTest::newRow("empty inventory") << R"({"tenants":[]})" << "";
}

void TestPolicyEngine::minimumTiers()
{
    QFETCH(QString, inventory);
    QFETCH(QString, expected);
    const auto decision = evaluatePolicy(readInventory(inventory.toStdString()));
    const auto want = tiers(expected);
    QCOMPARE(decision.tenants.size(), static_cast<std::size_t>(want.size()));
    for (const auto &t : decision.tenants) {
        const QString id = QString::fromStdString(t.tenantId);
        QVERIFY2(want.contains(id), qPrintable(id));
        QCOMPARE(tierNumber(t.minimumTier), want.value(id));
        // A raised floor is always explained by at least one rule at that tier.
        if (t.minimumTier != Tier::Namespace) {
            const bool explained = std::any_of(t.firings.begin(), t.firings.end(), [&](auto &f) {
                return f.rule->tier == t.minimumTier && !f.triggeredBy.empty();
            });
            QVERIFY2(explained, qPrintable(id));
        } else {
            QVERIFY(t.firings.empty());
        }
    }
}

void TestPolicyEngine::triggeredByNamesThePeers()
{
    const auto decision = evaluatePolicy(readInventory(R"({"tenants":[
        {"id":"property"},{"id":"casualty"},
        {"id":"life","classifications":["PHI","PII"]},
        {"id":"specialty","classifications":["FINANCIAL"]}]})"));
    const auto *mixed = firing(decisionFor(decision, "property"), "R1-mixed-classifications");
    QVERIFY(mixed);
    // casualty has the same (empty) set as property, so it is not a trigger.
    QCOMPARE(mixed->triggeredBy, (std::vector<std::string>{"life", "specialty"}));
    const auto *forLife = firing(decisionFor(decision, "life"), "R1-mixed-classifications");
    QVERIFY(forLife);
    QCOMPARE(forLife->triggeredBy,
             (std::vector<std::string>{"property", "casualty", "specialty"}));

    const auto hospitals = evaluatePolicy(readInventory(R"({"tenants":[
        {"id":"st_mary","classifications":["PHI"],"relationship":"external"},
        {"id":"mercy_health","classifications":["PHI"],"relationship":"external"}]})"));
    const auto *phi = firing(decisionFor(hospitals, "st_mary"), "R4-external-phi-shared-platform");
    QVERIFY(phi);
    QCOMPARE(phi->triggeredBy, std::vector<std::string>{"mercy_health"});
}

void TestPolicyEngine::violationCarriesRationale()
{
    const auto decision = evaluatePolicy(readInventory(R"({"tenants":[
        {"id":"agency","classifications":["CUI"],"regimes":["FEDRAMP"],"tier":2},
        {"id":"retailer","classifications":["CUI"],"tier":1}]})"));
    const auto &agency = decisionFor(decision, "agency");
    QVERIFY(agency.violation());
    const auto violated = agency.violatedBy();
    QCOMPARE(violated.size(), std::size_t{1});
    QCOMPARE(violated.front()->rule->id, std::string("R3-fedramp-separation"));
    QVERIFY(violated.front()->rule->rationale.find("FedRAMP") != std::string::npos);
    QCOMPARE(violated.front()->triggeredBy, std::vector<std::string>{"retailer"});
    QVERIFY(!decisionFor(decision, "retailer").violation());
    QCOMPARE(decision.violationCount(), std::size_t{1});

    const auto json = decisionToJson(decision);
    const auto &agencyJson = json["tenants"][0];
    QCOMPARE(agencyJson["violation"].get<bool>(), true);
    QCOMPARE(agencyJson["violated_rules"][0].get<std::string>(),
             std::string("R3-fedramp-separation"));
}

void TestPolicyEngine::platformAssuranceIsLowestChosenTier()
{
    const auto decision = evaluatePolicy(readInventory(R"({"tenants":[
        {"id":"agency","regimes":["FEDRAMP"],"tier":3},
        {"id":"retailer","tier":2},
        {"id":"wholesale","tier":3}]})"));
    QVERIFY(decision.platformAssuranceTier);
    QCOMPARE(tierNumber(*decision.platformAssuranceTier), 2);
    QCOMPARE(decision.violationCount(), std::size_t{0});
}

void TestPolicyEngine::undecidedTenantsDoNotCountTowardsAssurance()
{
    const auto none = evaluatePolicy(readInventory(R"({"tenants":[{"id":"a1"},{"id":"b1"}]})"));
    QVERIFY(!none.platformAssuranceTier);
    QVERIFY(!none.tenants[0].violation());
    const auto some =
        evaluatePolicy(readInventory(R"({"tenants":[{"id":"a1","tier":3},{"id":"b1"}]})"));
    QCOMPARE(tierNumber(*some.platformAssuranceTier), 3);
}

void TestPolicyEngine::decisionJsonHasTheDocumentedShape()
{
    const auto json = decisionToJson(evaluatePolicy(readInventory(R"({"tenants":[
        {"id":"life","name":"Life & Health","classifications":["PHI","PII"],
         "relationship":"internal","threat":"low","regimes":["HIPAA_BAA"],"tier":1},
        {"id":"property","tier":1}]})")));
    QCOMPARE(json["platform_assurance_tier"].get<int>(), 1);
    QCOMPARE(json["ruleset"]["id"].get<std::string>(), std::string("bulkhead-isolation"));
    const auto &life = json["tenants"][0];
    QCOMPARE(life["id"].get<std::string>(), std::string("life"));
    QCOMPARE(life["chosen_tier"].get<int>(), 1);
    QCOMPARE(life["minimum_tier"].get<int>(), 2);
    QCOMPARE(life["violation"].get<bool>(), true);
    const auto &rule = life["rules"][0];
    QCOMPARE(rule["id"].get<std::string>(), std::string("R1-mixed-classifications"));
    QCOMPARE(rule["triggered_by"], nlohmann::json::array({"property"}));
    QVERIFY(!rule["rationale"].get<std::string>().empty());
}

void TestPolicyEngine::evaluationIsDeterministic()
{
    // Many tenants with every combination of attributes: two evaluations agree exactly.
    nlohmann::json inv{{"tenants", nlohmann::json::array()}};
    const char *classes[] = {"PHI", "PII", "CUI", "FINANCIAL", "PRIVILEGED"};
    const char *regimes[] = {"HIPAA_BAA", "FEDRAMP", "OCC_HEIGHTENED", "PCI_DSS", "GDPR"};
    for (int i = 0; i < 200; ++i) {
        inv["tenants"].push_back({{"id", "t" + std::to_string(i)},
                                  {"classifications", {classes[i % 5]}},
                                  {"regimes", i % 3 ? nlohmann::json::array({regimes[i % 5]})
                                                    : nlohmann::json::array()},
                                  {"relationship", i % 2 ? "external" : "internal"},
                                  {"threat", i % 7 == 0 ? "high" : "low"},
                                  {"tier", 1 + i % 3}});
    }
    const auto tenants = readInventory(inv.dump());
    QCOMPARE(decisionToJson(evaluatePolicy(tenants)), decisionToJson(evaluatePolicy(tenants)));
}

QTEST_APPLESS_MAIN(TestPolicyEngine)
#include "tst_policyengine.moc"
