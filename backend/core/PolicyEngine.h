#pragma once

#include "Domain.h"
#include "PolicyRules.h"

#include <optional>
#include <string>
#include <vector>

namespace bulkhead::core {

struct RuleFiring
{
    const Rule *rule = nullptr;
    std::vector<std::string> triggeredBy;  // tenant ids: the peers, or the subject itself
};

struct TenantDecision
{
    std::string tenantId;
    std::optional<Tier> chosenTier;
    Tier minimumTier = Tier::Namespace;
    std::vector<RuleFiring> firings;  // every rule that raised the floor, in rule-set order

    bool violation() const noexcept { return chosenTier && *chosenTier < minimumTier; }
    // The rules whose floor is above the chosen tier: what an auditor reads as "why".
    std::vector<const RuleFiring *> violatedBy() const;
};

struct PlatformDecision
{
    std::string rulesetId;
    std::string rulesetVersion;
    // Rule 5: the platform can claim no more than the lowest tier actually deployed.
    std::optional<Tier> platformAssuranceTier;
    std::vector<TenantDecision> tenants;  // in inventory order

    std::size_t violationCount() const noexcept;
};

// Pure function of the inventory and the rules: no clock, no I/O, deterministic output.
// Tenant ids must be unique (the inventory reader and the repository guarantee it).
PlatformDecision evaluatePolicy(const std::vector<Tenant> &tenants,
                                const RuleSet &rules = RuleSet::builtin());

} // namespace bulkhead::core
