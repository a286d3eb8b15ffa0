#pragma once

#include "ScopedEvidence.h"

#include <nlohmann/json.hpp>

#include <string>

namespace bulkhead::evidence {

// The data files of a pack, each built from what the scope may see (ScopedEvidence).

// inventory.json: the tenants in scope as the control plane holds them (tenant JSON), and how
// many tenants share the platform.
nlohmann::json inventoryJson(const ScopedEvidence &evidence);

// classification-matrix.csv: one row per tenant in scope, one column per classification, then
// relationship, threat, regimes and tiers. Cells that a spreadsheet would run as a formula are
// prefixed with a quote.
std::string classificationMatrixCsv(const ScopedEvidence &evidence);

// tier-decisions.json: per tenant in scope the rules that fired (with rationale; peers that
// triggered a rule appear by id in a platform pack, as a count in a tenant pack), violations,
// and the platform assurance tier (rule 5).
nlohmann::json tierDecisionsJson(const ScopedEvidence &evidence);

// probe-results.json: every run in the window with the pairs the scope may see, and per layer
// the latest run's counts.
nlohmann::json probeResultsJson(const ScopedEvidence &evidence);

// audit-verification.json: per tenant (and the platform chain in a platform pack) the record
// count, head (tree size and root), signed checkpoints verified, and whether the log is whole.
nlohmann::json auditVerificationJson(const ScopedEvidence &evidence);

// key-management.json: key ids, versions, creation and rotation dates; never key material.
nlohmann::json keyManagementJson(const ScopedEvidence &evidence);

// Pass/fail/error counts of one layer in the newest run (of `runs`, newest first) that probed it.
struct LayerOutcome
{
    std::string runId;
    std::string startedAt;
    std::size_t pass = 0;
    std::size_t fail = 0;
    std::size_t error = 0;
    bool probed() const noexcept { return pass + fail + error > 0; }
};
LayerOutcome latestOutcome(const std::vector<ProbeRunFacts> &runs, const std::string &layer);

// The probe layers Bulkhead knows, in report order.
const std::vector<std::string> &probeLayers();

} // namespace bulkhead::evidence
