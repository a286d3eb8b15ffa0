#pragma once

#include "ControlMapping.h"
#include "OscalResults.h"
#include "ScopedEvidence.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace bulkhead::evidence {

// The three OSCAL 1.0.4 documents a GRC tool imports together, each tested against NIST's schema:
//  - oscal-system-security-plan.json: the platform as the system (bulkheadd as its component),
//    the tenants in scope as inventory items with their classifications, regimes and tiers, the
//    information types their classifications imply, and one implemented requirement per
//    control (SC-4, AC-4, AU-9, AU-9(3), AU-10, SC-12, SC-13, SC-28, SC-7(21)) whose statement
//    says how Bulkhead implements it, with the policy rules' rationale where they decide it;
//  - oscal-assessment-plan.json: imports the SSP; one activity per probe layer (what it tests,
//    which controls), the tenants and bulkheadd as subjects, and the probe run as a task with
//    its schedule (every probe-schedule-seconds, or the window this pack covers);
//  - oscal-assessment-results.json: imports the AP; the control observations and findings of
//    oscalAssessmentResults(), plus one observation per probed layer (the hostile-upstream
//    channel layer egress_channels among them) with the SSP's subjects, and a finding for every
//    violation: each failed layer and each tenant below its minimum tier.
// Every uuid one document refers to is defined in one of the three (tested).
struct OscalBundle
{
    nlohmann::json systemSecurityPlan;
    nlohmann::json assessmentPlan;
    nlohmann::json assessmentResults;
};

inline constexpr const char *kOscalSspMember = "oscal-system-security-plan.json";
inline constexpr const char *kOscalApMember = "oscal-assessment-plan.json";

// `members`: the pack members written before (cited with their SHA-256 in the results).
OscalBundle oscalBundle(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls,
                        const std::vector<MemberDigest> &members, const RandomSource &random = {});

} // namespace bulkhead::evidence
