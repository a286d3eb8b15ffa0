#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace bulkhead::audit {

// A SHA-256 digest. Kept as a vector (not std::array) so verifiers can be handed the malformed
// inputs an attacker controls (empty or truncated hashes) and reject them instead of refusing to
// compile them.
using Hash = std::vector<std::uint8_t>;
using Proof = std::vector<Hash>;

inline constexpr std::size_t kHashSize = 32;

// RFC 6962 section 2.1 hashing, domain-separated so a leaf can never pose as an inner node.
Hash leafHash(std::span<const std::uint8_t> data);           // SHA-256(0x00 || data)
Hash nodeHash(std::span<const std::uint8_t> left,
              std::span<const std::uint8_t> right);           // SHA-256(0x01 || left || right)
Hash emptyRoot();                                              // SHA-256("")

// An append-only RFC 6962 Merkle tree over leaf hashes, held in memory. The audit layer keeps one
// per tenant: the writer to sign checkpoints, the verifier to recompute them.
class MerkleTree final
{
public:
    MerkleTree() = default;

    // `hash` must be a leaf hash (kHashSize bytes); throws core::Error(InvalidArgument) if not.
    // Amortised one node hash: the roots of the perfect subtrees along the right edge are
    // kept, so the root of the whole tree costs O(log n) hashes, not n (a checkpoint of a long
    // log used to rehash all of it).
    void append(Hash hash);
    std::uint64_t size() const noexcept { return m_leaves.size(); }
    const Hash &leaf(std::uint64_t index) const { return m_leaves.at(index); }

    // Root of the first `treeSize` leaves (MTH(D[0:treeSize])); emptyRoot() for 0.
    // Throws core::Error(InvalidArgument) if treeSize > size().
    Hash root(std::uint64_t treeSize) const;
    Hash root() const { return root(size()); }

    // PATH(index, D[0:treeSize]) and PROOF(size1, D[0:size2]) of RFC 6962 section 2.1.1/2.1.2.
    // Throw core::Error(InvalidArgument) for indices or sizes the tree cannot prove.
    Proof inclusionProof(std::uint64_t index, std::uint64_t treeSize) const;
    Proof consistencyProof(std::uint64_t size1, std::uint64_t size2) const;

    // The verifiers never throw: anything malformed is simply "not proven".
    static bool verifyInclusion(std::uint64_t index, std::uint64_t treeSize,
                                std::span<const std::uint8_t> leaf, const Proof &proof,
                                std::span<const std::uint8_t> root) noexcept;
    // size1 == 0 is rejected: a proof from the empty tree proves nothing about history, and the
    // audit layer never signs an empty checkpoint.
    static bool verifyConsistency(std::uint64_t size1, std::uint64_t size2, const Proof &proof,
                                  std::span<const std::uint8_t> root1,
                                  std::span<const std::uint8_t> root2) noexcept;

private:
    Hash subtreeRoot(std::uint64_t begin, std::uint64_t end) const;
    void path(std::uint64_t index, std::uint64_t begin, std::uint64_t end, Proof &out) const;
    void subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool complete,
                  Proof &out) const;

    std::vector<Hash> m_leaves;
    // Roots of the perfect subtrees that make up the tree, largest (leftmost) first: one per
    // set bit of size().
    std::vector<Hash> m_rightEdge;
};

} // namespace bulkhead::audit
