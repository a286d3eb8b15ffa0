#pragma once

#include "ScopedEvidence.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bulkhead::evidence {

// satisfied: every check has data and passes; not-satisfied: a check failed; not-assessed: no
// data for some check (never probed in the window, no key records, an unreadable log).
enum class ControlStatus { Satisfied, NotSatisfied, NotAssessed };
std::string_view toString(ControlStatus status) noexcept;

struct CheckResult
{
    std::string check;   // "probe:kv_cache", "tier-decisions", "audit-chains", ...
    ControlStatus status = ControlStatus::NotAssessed;
    std::string detail;  // what the data said, for people
};

struct ControlAssessment
{
    std::string id;         // "SC-4", "AU-9(3)", "LLM01"
    std::string oscalId;    // "sc-4", "au-9.3", "llm01"
    std::string catalog;    // "NIST SP 800-53 Rev. 5" or "OWASP Top 10 for LLM Applications 2025"
    std::string title;
    std::vector<std::string> files;  // pack members that evidence it
    std::vector<CheckResult> checks;
    ControlStatus status = ControlStatus::NotAssessed;
};

// Each control's checks evaluated on the scoped evidence; the status is derived, never stated.
std::vector<ControlAssessment> assessControls(const ScopedEvidence &evidence);

// controls.json
nlohmann::json controlsJson(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls);

} // namespace bulkhead::evidence
