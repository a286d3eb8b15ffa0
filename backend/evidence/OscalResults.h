#pragma once

#include "ControlMapping.h"
#include "ScopedEvidence.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace bulkhead::evidence {

// A pack member as the OSCAL back matter cites it.
struct MemberDigest
{
    std::string name;
    std::string mediaType;
    std::string sha256Hex;
};

// Version 4 UUIDs (RFC 9562) from a source of 16 random bytes; the default is OpenSSL's DRBG.
using RandomSource = std::function<std::vector<std::uint8_t>(std::size_t)>;
std::string uuidV4(const RandomSource &random = {});

// The OSCAL release whose official JSON schema the document is tested against.
inline constexpr const char *kOscalVersion = "1.0.4";
inline constexpr const char *kOscalNamespace = "https://bulkhead.invalid/ns/oscal";

// An OSCAL property in Bulkhead's namespace (`cls`: the tenant it describes in a platform pack)
// and a string made fit for OSCAL (one line, not empty, no surrounding white space).
nlohmann::json oscalProp(const std::string &name, const std::string &value, const std::string &cls = {});
std::string oscalLine(std::string text);

// oscal-assessment-results.json: one result for the pack's scope. Each control is an
// observation (method TEST, its checks and evidence files, its status as a prop); controls
// that are satisfied or not satisfied also get a finding (OSCAL has no "not assessed" state,
// so those stay observations only). Tenant facts travel in props (ns kOscalNamespace, grouped
// by tenant id in a platform pack); the other pack members are back-matter resources with
// their SHA-256. Timestamps are RFC 3339 UTC; no array is ever empty.
nlohmann::json oscalAssessmentResults(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls,
                                      const std::vector<MemberDigest> &members, const RandomSource &random = {});

} // namespace bulkhead::evidence
