#pragma once

#include "Tokenizer.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bulkhead::refmodel {

using BlockHash = std::uint64_t;

// Automatic prefix caching the way vLLM does it, minus the GPU: the prompt's tokens are cut
// into full blocks, each block is named by a hash chained over its parent block, its tokens
// and the request's cache salt, and a request reuses the longest run of leading blocks already
// present. Because the salt enters every block hash, requests with different salts never share
// a block, which is the whole point of a per-tenant `cache_salt`. With `ignoreSalt` the cache
// plays a vulnerable engine that shares prefixes across tenants.
//
// Bounded to `capacityBlocks`, least recently used first; a request touches its blocks from the
// last to the first, so the tails of old prompts are evicted before their shared heads.
// Thread-safe.
class PrefixCache final
{
public:
    PrefixCache(std::size_t capacityBlocks, std::size_t blockSize = 16, bool ignoreSalt = false);

    // The number of leading prompt tokens served from the cache; then caches all full blocks.
    // Like vLLM, at least the last prompt token is always computed, so a fully cached,
    // block-aligned prompt reports one block less.
    std::size_t lookupAndInsert(std::span<const TokenId> tokens, std::string_view salt);

    // What lookupAndInsert would report, without inserting or touching anything.
    std::size_t cachedPrefix(std::span<const TokenId> tokens, std::string_view salt) const;

    // The chained hashes of the full blocks of `tokens`.
    static std::vector<BlockHash> blockHashes(std::span<const TokenId> tokens,
                                              std::string_view salt, std::size_t blockSize);

    std::size_t size() const;
    std::size_t capacity() const noexcept { return m_capacity; }
    std::size_t blockSize() const noexcept { return m_blockSize; }
    bool ignoresSalt() const noexcept { return m_ignoreSalt; }
    std::uint64_t evictions() const;
    void clear();

private:
    std::size_t hitBlocksLocked(const std::vector<BlockHash> &hashes, std::size_t limit) const;

    std::size_t m_capacity;
    std::size_t m_blockSize;
    bool m_ignoreSalt;
    mutable std::mutex m_mutex;
    std::list<BlockHash> m_lru;  // front: most recently used
    std::unordered_map<BlockHash, std::list<BlockHash>::iterator> m_index;
    std::uint64_t m_evictions = 0;
};

} // namespace bulkhead::refmodel
