#pragma once

// A three-tenant platform's evidence, as the daemon would gather it, with distinctive ids, names
// and canaries so a test can search pack bytes for them.
#include "evidence/EvidenceDocuments.h"
#include "evidence/EvidenceInput.h"

#include "crypto/Ed25519.h"

#include <string>
#include <vector>

namespace bulkhead::evidence::testing {

struct Peer
{
    std::string id, name, canary;
};

inline const std::vector<Peer> &peers()
{
    static const std::vector<Peer> list{
        {"tenant_alpha_x9", "Alpha Insurance Holdings", "bh-canary-0a1b2c3d4e5f60718293a4b5c6d7e8f9"},
        {"tenant_beta_q7", "Beta Hospital Network", "bh-canary-f9e8d7c6b5a4938271605f4e3d2c1b0a"},
        {"tenant_gamma_z3", "Gamma Federal Agency", "bh-canary-1122334455667788990011223344aabb"}};
    return list;
}

inline TenantFacts tenantFacts(const Peer &p, core::Tier tier, std::set<core::Classification> classes,
                               core::Relationship relationship = core::Relationship::Internal)
{
    core::Tenant t;
    t.id = p.id;
    t.name = p.name;
    t.classifications = std::move(classes);
    t.relationship = relationship;
    t.chosenTier = tier;
    return {t, p.canary};
}

// Every ordered pair, every layer passing, except what `failing` names ("layer").
inline ProbeRunFacts probeRun(const std::string &id, const std::string &startedAt, const std::string &failing = {})
{
    ProbeRunFacts run{id, startedAt, startedAt, failing.empty() ? "passed" : "failed", {}};
    for (const auto &victim : peers())
        for (const auto &attacker : peers()) {
            if (victim.id == attacker.id)
                continue;
            for (const auto &layer : probeLayers()) {
                // Details as the probes write them, including text that names the victim.
                nlohmann::json detail{{"attempts", 12},
                                      {"barrier", "rls"},
                                      {"victim_key", "dk_" + victim.id + "_0011"},
                                      {"note", "victim " + victim.name + " canary " + victim.canary},
                                      {victim.id, {{"upstream_leaks", 0}}}};
                run.results.push_back({attacker.id, victim.id, layer, failing == layer ? "fail" : "pass", detail});
            }
        }
    return run;
}

inline EvidenceInput platformInput()
{
    EvidenceInput in;
    in.generatedAt = "2026-11-28T12:00:00Z";
    in.generatorVersion = "0.1.0";
    const auto &p = peers();
    in.tenants = {tenantFacts(p[0], core::Tier::Schema, {core::Classification::PHI, core::Classification::PII}),
                  tenantFacts(p[1], core::Tier::Schema, {core::Classification::Financial}),
                  tenantFacts(p[2], core::Tier::Dedicated, {core::Classification::CUI})};
    in.probeRuns = {probeRun("run_00000000000000b2", "2026-11-28T11:00:00Z"),
                    probeRun("run_00000000000000a1", "2026-11-27T11:00:00Z", "kv_cache")};
    for (const auto &peer : p) {
        in.audit.push_back({peer.id, true, "none", std::nullopt, "", 42, 3, std::string(64, 'a'), ""});
        in.keys.push_back({peer.id, "tenant-kek", "kek_" + peer.id, "", 1, 1764300000, 0, true});
        in.keys.push_back({peer.id, "data-key", "dk_" + peer.id, "documents", 1, 1764300000, 1764310000, true});
    }
    in.audit.push_back({"platform", true, "none", std::nullopt, "", 7, 1, std::string(64, 'b'), ""});
    in.auditPublicKeyHex = std::string(64, 'c');
    return in;
}

inline EvidenceInput tenantInput(const std::string &tenant)
{
    auto in = platformInput();
    in.scope.tenant = tenant;
    return in;
}

inline crypto::Ed25519Key testKey()
{
    std::vector<std::uint8_t> seed(32);
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return crypto::Ed25519Key::fromSeed(seed);
}

} // namespace bulkhead::evidence::testing
