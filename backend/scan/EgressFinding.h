#pragma once

#include "EgressPolicy.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::scan {

// Whose material leaked and how it was recognised. The names are the wire format (audit, CLI).
enum class LeakKind : std::uint8_t {
    Canary,                   // another tenant's canary
    SystemPromptFingerprint,  // another tenant's system prompt (shingles or a distinctive term)
    DocumentCanary,           // a canary planted in another tenant's documents
    SecretFormat,             // a Bulkhead secret (tenant API key, admin token)
    SelfSystemPrompt,         // the requesting tenant's own system prompt or canary
};

// Where in the response the hit was seen.
enum class ScanChannel : std::uint8_t { Text, Base64, Hex };

std::string_view toString(LeakKind kind) noexcept;
std::optional<LeakKind> parseLeakKind(std::string_view text) noexcept;
std::string_view toString(ScanChannel channel) noexcept;

// One hit. Safe to audit: it names the owner and the kind of material, never the material.
struct EgressFinding
{
    std::string ownerTenantId;  // empty for SecretFormat (Bulkhead's own)
    LeakKind kind = LeakKind::Canary;
    EgressAction action = EgressAction::Flag;
    ScanChannel channel = ScanChannel::Text;
    std::uint64_t offset = 0;  // byte offset of the match start in the response as fed
    std::uint64_t length = 0;  // bytes of the response the match covers
    // Which piece of material, without revealing it: "canary[0]", "shingles 3/12",
    // "term[2]", "format tenant_api_key".
    std::string detail;
};

} // namespace bulkhead::scan
