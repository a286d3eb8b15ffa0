#pragma once

#include <nlohmann/json.hpp>

namespace bulkhead::ctl {

// The demo platform of DESIGN.md: a reinsurer's four lines of business, two hospital systems,
// a state agency and a commercial client, covering all three tiers (and one deliberate
// violation, so the console has something to flag). Each entry is a tenant document plus
// "system_prompt" and, for Tier 3, "dedicated_upstream": true.
const nlohmann::json &demoTenants();

} // namespace bulkhead::ctl
