#pragma once

#include "MerkleTree.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::audit {

enum class Decision { Allowed, Blocked };

std::string_view toString(Decision decision) noexcept;  // "allowed" / "blocked"
std::optional<Decision> parseDecision(std::string_view text) noexcept;

// A scanner hit, by whose material it was and what kind of rule fired. Never the material itself:
// an audit row that quoted tenant A's canary would leak it to whoever reads tenant B's log.
struct AuditFinding
{
    std::string ownerTenant;
    std::string kind;

    bool operator==(const AuditFinding &) const = default;
};

// One data-plane request, as the audit log keeps it. Prompt and response are kept only as
// SHA-256 digests (hex), so the log proves what was sent without holding it.
struct AuditRecord
{
    std::string tenantId;
    std::uint64_t sequence = 0;     // set by AuditWriter: the leaf index in the tenant's tree
    std::int64_t recordedAtUs = 0;  // Unix time, microseconds (the caller's injected clock)
    std::string requestId;
    std::string principal;          // the API key's lookup id, never the key
    std::string route;              // e.g. "/v1/chat/completions"
    std::string model;
    std::string upstream;           // upstream id, empty when the request never left
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    Decision decision = Decision::Allowed;
    std::vector<std::string> reasons;  // why blocked (or flagged), as stable codes
    std::vector<AuditFinding> findings;
    std::vector<std::string> documentIds;  // retrieved documents, by id
    std::int64_t latencyMs = 0;
    std::string promptSha256;    // hex, empty when there was none
    std::string responseSha256;  // hex, empty when there was none
    // Opt-in per tenant: {"prompt", "response"} sealed with the tenant's audit-content key,
    // bound to the request id (hex envelope); empty (and absent from the JSON) by default.
    std::string sealedContent;

    bool operator==(const AuditRecord &) const = default;
};

// Checks what the writer relies on (tenant id format, required fields, non-negative counters,
// hex digests); throws core::Error(InvalidArgument) naming the field.
void validateRecord(const AuditRecord &record);

// The canonical serialisation: JSON with keys in byte order, no whitespace, integers only, ASCII
// (non-ASCII escaped as \uXXXX), including tenant and sequence so a record cannot be moved to
// another position or tenant without changing its leaf. Stable across versions: a field added
// later must be omitted when it has its default so old leaves still verify.
std::string canonicalJson(const AuditRecord &record);

// Parses what canonicalJson wrote (or the same document after a round trip through jsonb).
// Throws core::Error(InvalidArgument) on anything else.
AuditRecord recordFromJson(std::string_view json);

// The canonical form of any JSON text (keys in byte order, compact, ASCII): what the verifier
// hashes when it re-reads a stored row, so an added, removed or changed key changes the leaf.
// Throws core::Error(InvalidArgument) if `json` does not parse.
std::string canonicalForm(std::string_view json);

// leafHash(canonicalJson(record)).
Hash recordLeafHash(const AuditRecord &record);

} // namespace bulkhead::audit
