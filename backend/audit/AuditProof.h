#pragma once

#include "Checkpoint.h"
#include "MerkleTree.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::audit {

// What a tenant's auditor takes away from the daemon and checks alone (`bulkheadctl logs
// verify-proof`, or sha256sum/openssl by hand): a record with its inclusion proof to a signed
// checkpoint, or a consistency proof from a checkpoint it kept to a newer one. The daemon only
// hands out what is stored; everything is decided here, offline, against the pinned key.

inline constexpr const char *kProofFormat = "bulkhead-audit-proof/v1";

// A record's leaf and its RFC 6962 audit path to `checkpoint`.
struct InclusionProof
{
    std::string tenantId;
    std::uint64_t sequence = 0;
    std::string leafData;  // the record's canonical JSON: leaf = SHA-256(0x00 || leafData)
    Hash storedLeafHash;   // the leaf hash the database holds (informational)
    Proof path;
    Checkpoint checkpoint;
};

// PROOF(from.treeSize, D[0:to.treeSize]) of RFC 6962 section 2.1.2.
struct ConsistencyProof
{
    std::string tenantId;
    std::uint64_t fromSize = 0;
    std::optional<Checkpoint> from;  // the checkpoint at fromSize: the database's, or the kept one
    Proof path;
    Checkpoint to;
};

// JSON forms. A checkpoint: {"tenant","size","root" (hex),"time_us","key_id","signature" (hex),
// "signed_text" (the exact signed bytes, for openssl; never trusted when reading)}.
nlohmann::json checkpointToJson(const Checkpoint &checkpoint);
// nullopt when a field is missing, of the wrong type or malformed hex.
std::optional<Checkpoint> checkpointFromJson(const nlohmann::json &value) noexcept;

// {"format","kind":"inclusion","tenant","seq","leaf_data","leaf_hash","tree_size",
//  "inclusion_proof":[hex],"checkpoint",...} and {"format","kind":"consistency","tenant",
//  "from_size","to_size","consistency_proof":[hex],"from_checkpoint"|null,"checkpoint"}; the public
// key (hex) and its fingerprint are added by the caller that knows them.
nlohmann::json toJson(const InclusionProof &proof);
nlohmann::json toJson(const ConsistencyProof &proof);

struct ProofCheck
{
    bool ok = false;
    std::string kind;     // "inclusion" or "consistency" (empty when unreadable)
    std::string problem;  // stable: malformed, bad_checkpoint, wrong_tenant, leaf_mismatch,
                          // not_included, inconsistent
    std::string detail;   // for people
    std::string tenantId;
    std::uint64_t treeSize = 0;
};

// Checks a proof document against `publicKey` (raw Ed25519, the pinned key). For a consistency
// proof, `kept` replaces the document's from_checkpoint: the one the auditor stored earlier.
// Never throws: anything malformed is "not proven".
ProofCheck verifyProofDocument(const nlohmann::json &document, std::span<const std::uint8_t> publicKey,
                               const std::optional<Checkpoint> &kept = std::nullopt) noexcept;

} // namespace bulkhead::audit
