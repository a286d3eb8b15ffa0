#pragma once

#include "EvidenceInput.h"

#include "core/PolicyEngine.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::evidence {

// The evidence a pack's scope may see, decided once for every file of the pack. A platform pack
// sees everything. A tenant pack sees its tenant's own records only: other tenants never appear
// by id, name, canary or record; where a fact depends on them (a rule triggered by a peer, a
// probe pair) they are counted or appear as "peer-N", and free text that could carry them
// (probe error messages, key ids) is withheld.
class ScopedEvidence final
{
public:
    explicit ScopedEvidence(const EvidenceInput &input);

    const EvidenceInput &input() const noexcept { return m_input; }
    const PackScope &scope() const noexcept { return m_input.scope; }
    bool inScope(const std::string &tenantId) const;
    // The tenants the pack is about, in inventory order.
    const std::vector<const TenantFacts *> &tenants() const noexcept { return m_inScope; }
    std::size_t platformTenantCount() const noexcept { return m_input.tenants.size(); }
    // The policy decision over the whole platform (peers included): read it through the scope.
    const core::PlatformDecision &decision() const noexcept { return m_decision; }
    const core::TenantDecision *decisionFor(const std::string &tenantId) const;

    // A tenant as this pack may name it: its id in scope, "peer-N" otherwise.
    std::string nameOf(const std::string &tenantId) const;
    // Probe runs with only the pairs the scope may see (the other side as "peer-N", details
    // reduced to what cannot carry a peer), runs without such pairs dropped, statuses
    // recomputed from what is left.
    std::vector<ProbeRunFacts> probeRuns() const;
    std::vector<AuditFacts> audit() const;
    std::vector<crypto::KeyEvidence> keys() const;

    // True when `text` holds anything of a tenant outside the scope (id, name or canary).
    bool mentionsForeignTenant(std::string_view text) const;
    // Canaries of tenants outside the scope: what the pack builder checks the bytes against.
    const std::vector<std::string> &foreignCanaries() const noexcept { return m_foreignCanaries; }

private:
    nlohmann::json reduceDetail(const nlohmann::json &detail) const;

    const EvidenceInput &m_input;
    std::vector<const TenantFacts *> m_inScope;
    core::PlatformDecision m_decision;
    std::map<std::string, std::string> m_peerNames;  // foreign id -> peer-N
    std::vector<std::string> m_foreignTokens;          // ids, names, canaries
    std::vector<std::string> m_foreignCanaries;
};

} // namespace bulkhead::evidence
