#include "AuditProof.h"

#include "AuditRecord.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace bulkhead::audit {
namespace {

using nlohmann::json;

// Bounds on what a hostile file can make the verifier do: a path is at most 64 hashes for any
// tree size that fits in 64 bits.
constexpr std::size_t kMaxPathLength = 64;

json hashesToJson(const Proof &proof)
{
    json out = json::array();
    for (const auto &h : proof)
        out.push_back(crypto::toHex(h));
    return out;
}

std::optional<Hash> hashFromHex(const json &value)
{
    if (!value.is_string() || value.get_ref<const std::string &>().size() != 2 * kHashSize)
        return std::nullopt;
    try {
        return crypto::fromHex(value.get<std::string>());
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

std::optional<Proof> proofFromJson(const json &value)
{
    if (!value.is_array() || value.size() > kMaxPathLength)
        return std::nullopt;
    Proof out;
    for (const auto &h : value) {
        auto hash = hashFromHex(h);
        if (!hash)
            return std::nullopt;
        out.push_back(std::move(*hash));
    }
    return out;
}

std::optional<std::uint64_t> unsignedField(const json &object, const char *name)
{
    const auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer() || (!it->is_number_unsigned() && it->get<std::int64_t>() < 0))
        return std::nullopt;
    return it->get<std::uint64_t>();
}

std::optional<std::string> stringField(const json &object, const char *name)
{
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

ProofCheck failed(ProofCheck check, std::string problem, std::string detail)
{
    check.ok = false;
    check.problem = std::move(problem);
    check.detail = std::move(detail);
    return check;
}

ProofCheck checkInclusion(const json &doc, std::span<const std::uint8_t> publicKey, ProofCheck check)
{
    const auto seq = unsignedField(doc, "seq");
    const auto leafData = stringField(doc, "leaf_data");
    const auto path = doc.contains("inclusion_proof") ? proofFromJson(doc["inclusion_proof"]) : std::nullopt;
    const auto checkpoint = doc.contains("checkpoint") ? checkpointFromJson(doc["checkpoint"]) : std::nullopt;
    if (!seq || !leafData || !path || !checkpoint)
        return failed(check, "malformed", "seq, leaf_data, inclusion_proof or checkpoint is missing or malformed");
    check.treeSize = checkpoint->treeSize;
    if (checkpoint->tenantId != check.tenantId)
        return failed(check, "wrong_tenant", "the checkpoint is for another log than the proof");
    if (!verifyCheckpoint(*checkpoint, publicKey))
        return failed(check, "bad_checkpoint", "the checkpoint is not validly signed by the expected key");
    // The leaf binds tenant and position: a record of another tenant or place cannot pose as it.
    try {
        const AuditRecord record = recordFromJson(*leafData);
        if (record.tenantId != check.tenantId || record.sequence != *seq)
            return failed(check, "leaf_mismatch",
                          "the record names another tenant or position than the proof claims");
    } catch (const std::exception &) {
        return failed(check, "leaf_mismatch", "leaf_data is not an audit record");
    }
    const Hash leaf = leafHash(crypto::asBytes(*leafData));
    if (!MerkleTree::verifyInclusion(*seq, checkpoint->treeSize, leaf, *path, checkpoint->rootHash))
        return failed(check, "not_included",
                      "record " + std::to_string(*seq) + " as given is not in the log the checkpoint at size " +
                          std::to_string(checkpoint->treeSize) + " signed (altered, moved or never appended)");
    check.ok = true;
    check.detail = "record " + std::to_string(*seq) + " is in the signed log of size " +
                   std::to_string(checkpoint->treeSize);
    return check;
}

ProofCheck checkConsistency(const json &doc, std::span<const std::uint8_t> publicKey,
                            const std::optional<Checkpoint> &kept, ProofCheck check)
{
    const auto path = doc.contains("consistency_proof") ? proofFromJson(doc["consistency_proof"]) : std::nullopt;
    const auto to = doc.contains("checkpoint") ? checkpointFromJson(doc["checkpoint"]) : std::nullopt;
    std::optional<Checkpoint> from = kept;
    if (!from && doc.contains("from_checkpoint") && !doc["from_checkpoint"].is_null())
        from = checkpointFromJson(doc["from_checkpoint"]);
    if (!path || !to)
        return failed(check, "malformed", "consistency_proof or checkpoint is missing or malformed");
    if (!from)
        return failed(check, "malformed", "no earlier checkpoint to check against (give the one you kept)");
    check.treeSize = to->treeSize;
    if (to->tenantId != check.tenantId || from->tenantId != check.tenantId)
        return failed(check, "wrong_tenant", "the checkpoints are for another log than the proof");
    if (!verifyCheckpoint(*from, publicKey) || !verifyCheckpoint(*to, publicKey))
        return failed(check, "bad_checkpoint", "a checkpoint is not validly signed by the expected key");
    if (const auto claimed = unsignedField(doc, "from_size"); claimed && *claimed != from->treeSize)
        return failed(check, "inconsistent",
                      "the proof starts at size " + std::to_string(*claimed) + ", the earlier checkpoint is at " +
                          std::to_string(from->treeSize));
    if (!MerkleTree::verifyConsistency(from->treeSize, to->treeSize, *path, from->rootHash, to->rootHash))
        return failed(check, "inconsistent",
                      "the log signed at size " + std::to_string(to->treeSize) +
                          " does not extend the one signed at size " + std::to_string(from->treeSize) +
                          " (history was rewritten)");
    check.ok = true;
    check.detail = "the log signed at size " + std::to_string(to->treeSize) + " extends the one signed at size " +
                   std::to_string(from->treeSize);
    return check;
}

} // namespace

json checkpointToJson(const Checkpoint &c)
{
    return {{"tenant", c.tenantId},
            {"size", c.treeSize},
            {"root", crypto::toHex(c.rootHash)},
            {"time_us", c.timeUs},
            {"key_id", c.keyId},
            {"signature", crypto::toHex(c.signature)},
            {"signed_text", c.signedText()}};
}

std::optional<Checkpoint> checkpointFromJson(const json &value) noexcept
{
    try {
        if (!value.is_object())
            return std::nullopt;
        Checkpoint c;
        const auto tenant = stringField(value, "tenant");
        const auto size = unsignedField(value, "size");
        const auto root = hashFromHex(value.value("root", json()));
        const auto keyId = stringField(value, "key_id");
        const auto signature = stringField(value, "signature");
        const auto time = value.find("time_us");
        if (!tenant || !size || !root || !keyId || !signature || time == value.end() || !time->is_number_integer() ||
            signature->size() > 256)
            return std::nullopt;
        c.tenantId = *tenant;
        c.treeSize = *size;
        c.rootHash = *root;
        c.timeUs = time->get<std::int64_t>();
        c.keyId = *keyId;
        c.signature = crypto::fromHex(*signature);
        return c;
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

json toJson(const InclusionProof &proof)
{
    return {{"format", kProofFormat},
            {"kind", "inclusion"},
            {"tenant", proof.tenantId},
            {"seq", proof.sequence},
            {"leaf_data", proof.leafData},
            {"leaf_hash", crypto::toHex(proof.storedLeafHash)},
            {"tree_size", proof.checkpoint.treeSize},
            {"inclusion_proof", hashesToJson(proof.path)},
            {"checkpoint", checkpointToJson(proof.checkpoint)}};
}

json toJson(const ConsistencyProof &proof)
{
    return {{"format", kProofFormat},
            {"kind", "consistency"},
            {"tenant", proof.tenantId},
            {"from_size", proof.fromSize},
            {"to_size", proof.to.treeSize},
            {"consistency_proof", hashesToJson(proof.path)},
            {"from_checkpoint", proof.from ? checkpointToJson(*proof.from) : json()},
            {"checkpoint", checkpointToJson(proof.to)}};
}

ProofCheck verifyProofDocument(const json &document, std::span<const std::uint8_t> publicKey,
                               const std::optional<Checkpoint> &kept) noexcept
{
    ProofCheck check;
    try {
        if (!document.is_object() || document.value("format", json()) != kProofFormat)
            return failed(check, "malformed", std::string("not a ") + kProofFormat + " document");
        check.kind = document.value("kind", std::string());
        const auto tenant = stringField(document, "tenant");
        if (!tenant)
            return failed(check, "malformed", "tenant is missing");
        check.tenantId = *tenant;
        if (check.kind == "inclusion")
            return checkInclusion(document, publicKey, check);
        if (check.kind == "consistency")
            return checkConsistency(document, publicKey, kept, check);
        return failed(check, "malformed", "kind must be inclusion or consistency");
    } catch (const std::exception &) {
        return failed(check, "malformed", "unreadable proof");
    }
}

} // namespace bulkhead::audit
