#pragma once

#include "Error.h"
#include "PolicyEngine.h"

#include <nlohmann/json_fwd.hpp>

namespace bulkhead::core {

// The wire form of a decision:
// {"ruleset":{"id","version"},"platform_assurance_tier":N|null,"violations":N,
//  "tenants":[{"id","chosen_tier","minimum_tier","violation","violated_rules":[ids],
//              "rules":[{"id","version","tier","title","triggered_by":[ids],"rationale"}]}]}
nlohmann::json decisionToJson(const PlatformDecision &decision);

// {"error":{"code","message","field"?, "allowed"?}}
nlohmann::json errorToJson(const Error &error);

} // namespace bulkhead::core
