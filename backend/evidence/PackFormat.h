#pragma once

#include <string_view>

namespace bulkhead::evidence {

// The members of a version 1 pack. manifest.json lists every other member with its SHA-256 and
// size; manifest.sig signs the exact bytes of manifest.json.
inline constexpr std::string_view kPackFormat = "bulkhead-evidence-pack/v1";
inline constexpr std::string_view kManifestName = "manifest.json";
inline constexpr std::string_view kSignatureName = "manifest.sig";
inline constexpr std::string_view kContentMembers[] = {
    "inventory.json",          "classification-matrix.csv", "tier-decisions.json",
    "probe-results.json",      "audit-verification.json",   "key-management.json",
    "controls.json",           "oscal-system-security-plan.json", "oscal-assessment-plan.json",
    "oscal-assessment-results.json", "report.html", "report.pdf"};

// Members that packs signed by earlier versions do not have (the OSCAL SSP and assessment plan).
// The verifier does not require them: the signed manifest already fixes a pack's member list, so
// none can be removed from a pack that had them.
inline constexpr std::string_view kMembersAddedLater[] = {"oscal-system-security-plan.json",
                                                          "oscal-assessment-plan.json"};

} // namespace bulkhead::evidence
