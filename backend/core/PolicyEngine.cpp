#include "PolicyEngine.h"

#include <algorithm>

namespace bulkhead::core {

std::vector<const RuleFiring *> TenantDecision::violatedBy() const
{
    std::vector<const RuleFiring *> out;
    if (!chosenTier)
        return out;
    for (const auto &firing : firings)
        if (firing.rule->tier > *chosenTier)
            out.push_back(&firing);
    return out;
}

std::size_t PlatformDecision::violationCount() const noexcept
{
    return static_cast<std::size_t>(std::count_if(
        tenants.begin(), tenants.end(), [](const TenantDecision &d) { return d.violation(); }));
}

PlatformDecision evaluatePolicy(const std::vector<Tenant> &tenants, const RuleSet &rules)
{
    PlatformDecision platform;
    platform.rulesetId = rules.id;
    platform.rulesetVersion = rules.version;
    platform.tenants.reserve(tenants.size());

    for (const Tenant &subject : tenants) {
        TenantDecision decision;
        decision.tenantId = subject.id;
        decision.chosenTier = subject.chosenTier;
        for (const Rule &rule : rules.rules) {
            if (!rule.subject.matches(subject, subject))
                continue;
            RuleFiring firing{&rule, {}};
            if (rule.hasPeerCondition) {
                for (const Tenant &peer : tenants) {
                    if (&peer != &subject && rule.peer.matches(peer, subject))
                        firing.triggeredBy.push_back(peer.id);
                }
                if (firing.triggeredBy.empty())
                    continue;
            } else {
                firing.triggeredBy.push_back(subject.id);
            }
            decision.minimumTier = std::max(decision.minimumTier, rule.tier);
            decision.firings.push_back(std::move(firing));
        }
        if (subject.chosenTier) {
            platform.platformAssuranceTier =
                platform.platformAssuranceTier
                    ? std::min(*platform.platformAssuranceTier, *subject.chosenTier)
                    : *subject.chosenTier;
        }
        platform.tenants.push_back(std::move(decision));
    }
    return platform;
}

} // namespace bulkhead::core
