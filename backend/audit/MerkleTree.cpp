#include "MerkleTree.h"

#include "core/Error.h"

#include "crypto/SecureBytes.h"

#include <bit>

namespace bulkhead::audit {
namespace {

using core::Error;
using core::ErrorCode;

Hash digest(std::uint8_t prefix, std::span<const std::uint8_t> a, std::span<const std::uint8_t> b)
{
    return crypto::sha256({std::span<const std::uint8_t>(&prefix, 1), a, b});
}

// The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point k.
std::uint64_t splitPoint(std::uint64_t n) noexcept
{
    return std::bit_floor(n - 1);
}

bool sameBytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// The proof shape for leaf `index` in a tree of `size`: `inner` hashes below the point where the
// paths to `index` and to the last leaf meet, then `border` hashes of left siblings above it.
struct ProofShape
{
    int inner;
    int border;
};

ProofShape inclusionShape(std::uint64_t index, std::uint64_t size) noexcept
{
    const int inner = std::bit_width(index ^ (size - 1));
    const int border = std::popcount(index >> inner);
    return {inner, border};
}

bool wellFormed(const Proof &proof) noexcept
{
    for (const auto &h : proof)
        if (h.size() != kHashSize)
            return false;
    return true;
}

} // namespace

Hash leafHash(std::span<const std::uint8_t> data)
{
    return digest(0x00, data, {});
}

Hash nodeHash(std::span<const std::uint8_t> left, std::span<const std::uint8_t> right)
{
    return digest(0x01, left, right);
}

Hash emptyRoot()
{
    return crypto::sha256(std::span<const std::uint8_t>{});
}

void MerkleTree::append(Hash hash)
{
    if (hash.size() != kHashSize)
        throw Error(ErrorCode::InvalidArgument, "a leaf hash has 32 bytes", "leafHash");
    m_rightEdge.push_back(hash);
    // Two perfect subtrees of equal size merge, as a binary counter carries.
    for (auto carried = m_leaves.size(); carried & 1; carried >>= 1) {
        Hash right = std::move(m_rightEdge.back());
        m_rightEdge.pop_back();
        m_rightEdge.back() = nodeHash(m_rightEdge.back(), right);
    }
    m_leaves.push_back(std::move(hash));
}

Hash MerkleTree::root(std::uint64_t treeSize) const
{
    if (treeSize > size())
        throw Error(ErrorCode::InvalidArgument, "tree size beyond the leaves held", "treeSize");
    if (treeSize == 0)
        return emptyRoot();
    if (treeSize == size()) {
        // RFC 6962 splits at the largest power of two below n: the perfect subtrees, folded
        // from the right.
        Hash root = m_rightEdge.back();
        for (auto i = m_rightEdge.size() - 1; i-- > 0;)
            root = nodeHash(m_rightEdge[i], root);
        return root;
    }
    return subtreeRoot(0, treeSize);
}

Hash MerkleTree::subtreeRoot(std::uint64_t begin, std::uint64_t end) const
{
    const auto n = end - begin;
    if (n == 1)
        return m_leaves[begin];
    const auto k = splitPoint(n);
    return nodeHash(subtreeRoot(begin, begin + k), subtreeRoot(begin + k, end));
}

Proof MerkleTree::inclusionProof(std::uint64_t index, std::uint64_t treeSize) const
{
    if (treeSize > size() || index >= treeSize)
        throw Error(ErrorCode::InvalidArgument, "no such leaf in a tree of that size", "index");
    Proof out;
    path(index, 0, treeSize, out);
    return out;
}

void MerkleTree::path(std::uint64_t index, std::uint64_t begin, std::uint64_t end,
                      Proof &out) const
{
    const auto n = end - begin;
    if (n <= 1)
        return;
    const auto k = splitPoint(n);
    if (index < k) {
        path(index, begin, begin + k, out);
        out.push_back(subtreeRoot(begin + k, end));
    } else {
        path(index - k, begin + k, end, out);
        out.push_back(subtreeRoot(begin, begin + k));
    }
}

Proof MerkleTree::consistencyProof(std::uint64_t size1, std::uint64_t size2) const
{
    if (size2 > size() || size1 == 0 || size1 > size2)
        throw Error(ErrorCode::InvalidArgument, "no consistency proof between those sizes",
                    "size1");
    Proof out;
    if (size1 < size2)
        subproof(size1, 0, size2, true, out);
    return out;
}

void MerkleTree::subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool complete,
                          Proof &out) const
{
    const auto n = end - begin;
    if (m == n) {
        if (!complete)
            out.push_back(subtreeRoot(begin, end));
        return;
    }
    const auto k = splitPoint(n);
    if (m <= k) {
        subproof(m, begin, begin + k, complete, out);
        out.push_back(subtreeRoot(begin + k, end));
    } else {
        subproof(m - k, begin + k, end, false, out);
        out.push_back(subtreeRoot(begin, begin + k));
    }
}

bool MerkleTree::verifyInclusion(std::uint64_t index, std::uint64_t treeSize,
                                 std::span<const std::uint8_t> leaf, const Proof &proof,
                                 std::span<const std::uint8_t> root) noexcept
{
    try {
        if (index >= treeSize || leaf.size() != kHashSize || !wellFormed(proof))
            return false;
        const auto shape = inclusionShape(index, treeSize);
        if (proof.size() != static_cast<std::size_t>(shape.inner + shape.border))
            return false;
        Hash seed(leaf.begin(), leaf.end());
        for (int i = 0; i < shape.inner; ++i)
            seed = ((index >> i) & 1) == 0 ? nodeHash(seed, proof[i]) : nodeHash(proof[i], seed);
        for (std::size_t i = shape.inner; i < proof.size(); ++i)
            seed = nodeHash(proof[i], seed);
        return sameBytes(seed, root);
    } catch (...) {
        return false;
    }
}

bool MerkleTree::verifyConsistency(std::uint64_t size1, std::uint64_t size2, const Proof &proof,
                                   std::span<const std::uint8_t> root1,
                                   std::span<const std::uint8_t> root2) noexcept
{
    try {
        if (size1 == 0 || size2 < size1)
            return false;
        if (size1 == size2)
            return proof.empty() && sameBytes(root1, root2);
        if (proof.empty() || !wellFormed(proof))
            return false;
        // Now 0 < size1 < size2: the proof is the suffix of the inclusion proof of leaf size1-1
        // in the larger tree, starting at the level of the largest complete subtree it shares.
        auto shape = inclusionShape(size1 - 1, size2);
        const int shift = std::countr_zero(size1);
        shape.inner -= shift;
        std::size_t start = 1;
        Hash seed;
        if (size1 == (std::uint64_t{1} << shift)) {
            seed.assign(root1.begin(), root1.end());
            start = 0;
        } else {
            seed = proof[0];
        }
        if (proof.size() != start + static_cast<std::size_t>(shape.inner + shape.border))
            return false;
        const auto mask = (size1 - 1) >> shift;
        Hash hash1 = seed;
        Hash hash2 = seed;
        for (int i = 0; i < shape.inner; ++i) {
            const auto &h = proof[start + i];
            if (((mask >> i) & 1) == 1) {
                hash1 = nodeHash(h, hash1);
                hash2 = nodeHash(h, hash2);
            } else {
                hash2 = nodeHash(hash2, h);
            }
        }
        for (std::size_t i = start + shape.inner; i < proof.size(); ++i) {
            hash1 = nodeHash(proof[i], hash1);
            hash2 = nodeHash(proof[i], hash2);
        }
        return sameBytes(hash1, root1) && sameBytes(hash2, root2);
    } catch (...) {
        return false;
    }
}

} // namespace bulkhead::audit
