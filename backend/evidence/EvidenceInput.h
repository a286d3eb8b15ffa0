#pragma once

#include "core/Domain.h"
#include "crypto/KeyHierarchy.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::evidence {

// Who a pack speaks about: one tenant, or the whole platform.
struct PackScope
{
    std::optional<std::string> tenant;  // nullopt: every tenant (an "all" export)
    std::optional<std::string> since;   // RFC 3339: the start of the probe history window

    bool platform() const noexcept { return !tenant.has_value(); }
};

struct TenantFacts
{
    core::Tenant tenant;
    // Only ever used to keep it OUT of other tenants' packs (and to test that it stays out).
    std::string canary;
};

struct ProbeResultFacts
{
    std::string attacker;
    std::string victim;
    std::string layer;
    std::string outcome;  // pass, fail, error
    nlohmann::json detail = nlohmann::json::object();
};

struct ProbeRunFacts
{
    std::string id;
    std::string startedAt;   // RFC 3339 UTC
    std::string finishedAt;  // empty while running
    std::string status;      // running, passed, failed, error
    std::vector<ProbeResultFacts> results;
};

// One tenant's audit log as AuditVerifier found it.
struct AuditFacts
{
    std::string tenantId;
    bool ok = false;
    std::string problem;  // audit::toString(Problem): "none", "modified", ...
    std::optional<std::uint64_t> sequence;
    std::string detail;
    std::uint64_t records = 0;
    std::uint64_t checkpoints = 0;  // signed checkpoints verified
    std::string rootHex;            // root over every record read (when ok)
    std::string error;              // the log could not be read at all
    // The newest signed checkpoint as audit::checkpointToJson writes it (null when none): the
    // auditor keeps it, and the next pack's log is proven an extension of it (`bulkheadctl logs
    // prove --since`), so a history rewritten in between is caught.
    nlohmann::json newestCheckpoint;
};

// Everything a pack is made from, gathered by the daemon (EvidenceService) or a test. The pack
// builder decides what of it a scope may see: `tenants` holds every tenant of the platform
// because tier decisions depend on the peers, but a tenant pack names none of them.
struct EvidenceInput
{
    PackScope scope;
    std::string generatedAt;  // RFC 3339 UTC, from the caller's clock
    std::string generatorVersion;
    std::vector<TenantFacts> tenants;
    std::vector<ProbeRunFacts> probeRuns;  // in the window, newest first
    std::vector<AuditFacts> audit;
    std::vector<crypto::KeyEvidence> keys;
    std::string auditPublicKeyHex;  // the key audit checkpoints are verified with
    std::int64_t probeScheduleSeconds = 0;  // how often a full probe run starts (0: on request)
};

} // namespace bulkhead::evidence
