#include "ScopedEvidence.h"

#include <algorithm>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

// Enum-like words ("rls", "tenant_role") are what a probe detail may keep as text in a tenant
// pack; anything else (messages, key ids, routes) could carry a peer and is withheld.
bool isPlainWord(std::string_view text) noexcept
{
    if (text.empty() || text.size() > 40)
        return false;
    return std::all_of(text.begin(), text.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

} // namespace

ScopedEvidence::ScopedEvidence(const EvidenceInput &input)
    : m_input(input)
{
    std::vector<core::Tenant> all;
    all.reserve(input.tenants.size());
    for (const auto &t : input.tenants)
        all.push_back(t.tenant);
    m_decision = core::evaluatePolicy(all);

    std::vector<std::string> foreignIds;
    for (const auto &t : input.tenants) {
        if (inScope(t.tenant.id)) {
            m_inScope.push_back(&t);
            continue;
        }
        foreignIds.push_back(t.tenant.id);
        for (const std::string *token : {&t.tenant.id, &t.tenant.name, &t.canary})
            if (!token->empty())
                m_foreignTokens.push_back(*token);
        if (!t.canary.empty())
            m_foreignCanaries.push_back(t.canary);
    }
    // Peer numbers follow sorted ids, not inventory order.
    std::sort(foreignIds.begin(), foreignIds.end());
    for (std::size_t i = 0; i < foreignIds.size(); ++i)
        m_peerNames[foreignIds[i]] = "peer-" + std::to_string(i + 1);
}

bool ScopedEvidence::inScope(const std::string &tenantId) const
{
    return scope().platform() || tenantId == *scope().tenant;
}

const core::TenantDecision *ScopedEvidence::decisionFor(const std::string &tenantId) const
{
    if (!inScope(tenantId))
        return nullptr;
    for (const auto &d : m_decision.tenants)
        if (d.tenantId == tenantId)
            return &d;
    return nullptr;
}

std::string ScopedEvidence::nameOf(const std::string &tenantId) const
{
    if (inScope(tenantId))
        return tenantId;
    const auto it = m_peerNames.find(tenantId);
    return it != m_peerNames.end() ? it->second : std::string("peer");
}

bool ScopedEvidence::mentionsForeignTenant(std::string_view text) const
{
    return std::any_of(m_foreignTokens.begin(), m_foreignTokens.end(),
                       [&](const std::string &token) { return text.find(token) != std::string_view::npos; });
}

json ScopedEvidence::reduceDetail(const json &detail) const
{
    if (scope().platform())
        return detail;
    switch (detail.type()) {
    case json::value_t::object: {
        json out = json::object();
        for (const auto &[key, value] : detail.items())
            if (isPlainWord(key) && !mentionsForeignTenant(key))
                out[key] = reduceDetail(value);
        return out;
    }
    case json::value_t::array: {
        json out = json::array();
        for (const auto &value : detail)
            out.push_back(reduceDetail(value));
        return out;
    }
    case json::value_t::string: {
        const auto &text = detail.get_ref<const std::string &>();
        return isPlainWord(text) && !mentionsForeignTenant(text) ? detail : json("[withheld]");
    }
    default:
        return detail;  // numbers, booleans, null
    }
}

std::vector<ProbeRunFacts> ScopedEvidence::probeRuns() const
{
    std::vector<ProbeRunFacts> out;
    for (const auto &run : m_input.probeRuns) {
        ProbeRunFacts kept{run.id, run.startedAt, run.finishedAt, run.status, {}};
        bool failed = false, errored = false;
        for (const auto &r : run.results) {
            if (!inScope(r.attacker) && !inScope(r.victim))
                continue;
            kept.results.push_back({nameOf(r.attacker), nameOf(r.victim), r.layer, r.outcome, reduceDetail(r.detail)});
            failed = failed || r.outcome == "fail";
            errored = errored || r.outcome == "error";
        }
        if (scope().platform()) {
            out.push_back(run);
            continue;
        }
        if (kept.results.empty())
            continue;
        // The run's own status speaks for every pair; a tenant pack reports its pairs only.
        if (run.status != "running")
            kept.status = failed ? "failed" : errored ? "error" : "passed";
        out.push_back(std::move(kept));
    }
    return out;
}

std::vector<AuditFacts> ScopedEvidence::audit() const
{
    std::vector<AuditFacts> out;
    for (const auto &a : m_input.audit) {
        // The platform chain records admin actions over every tenant: platform packs only.
        if (scope().platform() || (inScope(a.tenantId) && a.tenantId == *scope().tenant))
            out.push_back(a);
    }
    return out;
}

std::vector<crypto::KeyEvidence> ScopedEvidence::keys() const
{
    std::vector<crypto::KeyEvidence> out;
    for (const auto &k : m_input.keys)
        if (inScope(k.tenantId))
            out.push_back(k);
    return out;
}

} // namespace bulkhead::evidence
