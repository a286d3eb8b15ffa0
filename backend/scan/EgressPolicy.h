#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace bulkhead::scan {

// What the egress scanner does with a hit, per tenant policy.
enum class EgressAction : std::uint8_t {
    Flag,    // audit only; the text is released unchanged
    Redact,  // the matched bytes are replaced with kRedactionMarker before release
    Block,   // nothing from the match on is released; the stream ends (streaming: an error event)
};

inline constexpr std::string_view kRedactionMarker = "[REDACTED]";

std::string_view toString(EgressAction action) noexcept;
std::optional<EgressAction> parseEgressAction(std::string_view text) noexcept;

// The requesting tenant's egress policy. Cross-tenant leaks and Bulkhead's own secrets block by
// default; a tenant's own system prompt reaching its own users is its own business, so it is
// flagged unless the tenant asks for more.
struct EgressPolicy
{
    EgressAction crossTenant = EgressAction::Block;   // canary, prompt fingerprint, document canary
    EgressAction secretFormat = EgressAction::Block;  // bh_live_ / bh_admin_ keys
    bool detectSelfLeak = true;
    EgressAction selfLeak = EgressAction::Flag;       // the tenant's own system prompt or canary

    // Flag-only policies need no hold-back: text is released as soon as it is scanned.
    bool holdsBack() const noexcept
    {
        return crossTenant != EgressAction::Flag || secretFormat != EgressAction::Flag
               || (detectSelfLeak && selfLeak != EgressAction::Flag);
    }
};

} // namespace bulkhead::scan
