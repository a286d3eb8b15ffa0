#include "PolicyJson.h"

#include <nlohmann/json.hpp>

namespace bulkhead::core {

nlohmann::json decisionToJson(const PlatformDecision &decision)
{
    using nlohmann::json;
    json tenants = json::array();
    for (const auto &t : decision.tenants) {
        json rules = json::array();
        for (const auto &firing : t.firings) {
            rules.push_back({{"id", firing.rule->id},
                             {"version", firing.rule->version},
                             {"tier", tierNumber(firing.rule->tier)},
                             {"title", firing.rule->title},
                             {"triggered_by", firing.triggeredBy},
                             {"rationale", firing.rule->rationale}});
        }
        json violated = json::array();
        for (const auto *firing : t.violatedBy())
            violated.push_back(firing->rule->id);
        tenants.push_back({{"id", t.tenantId},
                           {"chosen_tier", t.chosenTier ? json(tierNumber(*t.chosenTier)) : json()},
                           {"minimum_tier", tierNumber(t.minimumTier)},
                           {"violation", t.violation()},
                           {"violated_rules", std::move(violated)},
                           {"rules", std::move(rules)}});
    }
    return {{"ruleset", {{"id", decision.rulesetId}, {"version", decision.rulesetVersion}}},
            {"platform_assurance_tier", decision.platformAssuranceTier
                                            ? json(tierNumber(*decision.platformAssuranceTier))
                                            : json()},
            {"violations", decision.violationCount()},
            {"tenants", std::move(tenants)}};
}

nlohmann::json errorToJson(const Error &error)
{
    nlohmann::json body{{"code", errorCodeName(error.code())}, {"message", error.what()}};
    if (!error.field().empty())
        body["field"] = error.field();
    if (!error.allowed().empty())
        body["allowed"] = error.allowed();
    return {{"error", std::move(body)}};
}

} // namespace bulkhead::core
