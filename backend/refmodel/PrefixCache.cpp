#include "PrefixCache.h"

#include <algorithm>

namespace bulkhead::refmodel {
namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

void mixBytes(std::uint64_t &hash, const unsigned char *bytes, std::size_t size)
{
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= kFnvPrime;
    }
}

void mixWord(std::uint64_t &hash, std::uint64_t value)
{
    for (int i = 0; i < 8; ++i) {
        hash ^= (value >> (8 * i)) & 0xFF;
        hash *= kFnvPrime;
    }
}

// splitmix64's finaliser: spreads FNV's weak low bits before the hash is used as a key.
std::uint64_t finish(std::uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}

} // namespace

PrefixCache::PrefixCache(std::size_t capacityBlocks, std::size_t blockSize, bool ignoreSalt)
    : m_capacity(capacityBlocks), m_blockSize(std::max<std::size_t>(1, blockSize)),
      m_ignoreSalt(ignoreSalt)
{
}

std::vector<BlockHash> PrefixCache::blockHashes(std::span<const TokenId> tokens,
                                                std::string_view salt, std::size_t blockSize)
{
    std::vector<BlockHash> hashes;
    if (blockSize == 0)
        return hashes;
    const std::size_t blocks = tokens.size() / blockSize;
    hashes.reserve(blocks);
    BlockHash parent = 0;
    for (std::size_t b = 0; b < blocks; ++b) {
        std::uint64_t hash = kFnvOffset;
        mixWord(hash, parent);
        // Length-prefixed so no salt/token split can collide with another.
        mixWord(hash, salt.size());
        mixBytes(hash, reinterpret_cast<const unsigned char *>(salt.data()), salt.size());
        for (std::size_t i = 0; i < blockSize; ++i)
            mixWord(hash, tokens[b * blockSize + i]);
        parent = finish(hash);
        hashes.push_back(parent);
    }
    return hashes;
}

std::size_t PrefixCache::hitBlocksLocked(const std::vector<BlockHash> &hashes,
                                         std::size_t limit) const
{
    std::size_t hits = 0;
    while (hits < limit && hits < hashes.size() && m_index.count(hashes[hits]) != 0)
        ++hits;
    return hits;
}

std::size_t PrefixCache::cachedPrefix(std::span<const TokenId> tokens, std::string_view salt) const
{
    if (tokens.empty())
        return 0;
    const auto hashes = blockHashes(tokens, m_ignoreSalt ? std::string_view() : salt, m_blockSize);
    const std::size_t limit = (tokens.size() - 1) / m_blockSize;
    std::lock_guard lock(m_mutex);
    return hitBlocksLocked(hashes, limit) * m_blockSize;
}

std::size_t PrefixCache::lookupAndInsert(std::span<const TokenId> tokens, std::string_view salt)
{
    if (tokens.empty())
        return 0;
    const auto hashes = blockHashes(tokens, m_ignoreSalt ? std::string_view() : salt, m_blockSize);
    const std::size_t limit = (tokens.size() - 1) / m_blockSize;
    std::lock_guard lock(m_mutex);
    const std::size_t hits = hitBlocksLocked(hashes, limit);
    if (m_capacity == 0)
        return hits * m_blockSize;
    for (auto it = hashes.rbegin(); it != hashes.rend(); ++it) {
        const auto found = m_index.find(*it);
        if (found != m_index.end()) {
            m_lru.splice(m_lru.begin(), m_lru, found->second);
        } else {
            m_lru.push_front(*it);
            m_index.emplace(*it, m_lru.begin());
        }
    }
    while (m_lru.size() > m_capacity) {
        m_index.erase(m_lru.back());
        m_lru.pop_back();
        ++m_evictions;
    }
    return hits * m_blockSize;
}

std::size_t PrefixCache::size() const
{
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

std::uint64_t PrefixCache::evictions() const
{
    std::lock_guard lock(m_mutex);
    return m_evictions;
}

void PrefixCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_lru.clear();
    m_index.clear();
}

} // namespace bulkhead::refmodel
