#include "DataKeyCache.h"

#include "core/Error.h"

namespace bulkhead::crypto {

DataKeyCache::DataKeyCache(std::chrono::milliseconds ttl, std::size_t maxEntries, Clock clock)
    : m_ttl(ttl), m_maxEntries(maxEntries), m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return std::chrono::steady_clock::now(); };
    if (m_maxEntries == 0)
        throw core::Error(core::ErrorCode::InvalidArgument, "the data key cache needs room for one key");
}

void DataKeyCache::purgeExpiredLocked(std::chrono::steady_clock::time_point now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.expires <= now) {
            it = m_entries.erase(it);  // SecureBytes scrubs in its destructor
            ++m_evictions;
        } else {
            ++it;
        }
    }
}

std::optional<SecureBytes> DataKeyCache::find(const std::string &keyId)
{
    std::lock_guard lock(m_mutex);
    const auto now = m_clock();
    const auto it = m_entries.find(keyId);
    if (it == m_entries.end()) {
        ++m_misses;
        return std::nullopt;
    }
    if (it->second.expires <= now) {
        m_entries.erase(it);
        ++m_evictions;
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    it->second.usedSinceInsert = true;
    return SecureBytes(it->second.key.view());
}

void DataKeyCache::insert(const std::string &keyId, std::span<const std::uint8_t> key)
{
    std::lock_guard lock(m_mutex);
    insertLocked(keyId, key);
}

void DataKeyCache::refresh(const std::string &keyId, std::span<const std::uint8_t> key)
{
    std::lock_guard lock(m_mutex);
    insertLocked(keyId, key);
    ++m_refreshes;
}

std::vector<std::string> DataKeyCache::dueForRefresh(std::chrono::milliseconds horizon) const
{
    std::lock_guard lock(m_mutex);
    const auto deadline = m_clock() + horizon;
    std::vector<std::string> due;
    for (const auto &[keyId, entry] : m_entries)
        if (entry.usedSinceInsert && entry.expires <= deadline)
            due.push_back(keyId);
    return due;
}

void DataKeyCache::insertLocked(const std::string &keyId, std::span<const std::uint8_t> key)
{
    const auto now = m_clock();
    purgeExpiredLocked(now);
    m_entries.erase(keyId);
    while (m_entries.size() >= m_maxEntries) {
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
            if (it->second.inserted < oldest->second.inserted)
                oldest = it;
        m_entries.erase(oldest);
        ++m_evictions;
    }
    m_entries.emplace(keyId, Entry{SecureBytes(key), now + m_ttl, now});
}

void DataKeyCache::erase(const std::string &keyId)
{
    std::lock_guard lock(m_mutex);
    m_entries.erase(keyId);
}

void DataKeyCache::eraseWithPrefix(const std::string &prefix)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->first.compare(0, prefix.size(), prefix) == 0)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

void DataKeyCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
}

std::size_t DataKeyCache::size() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

std::uint64_t DataKeyCache::hits() const
{
    std::lock_guard lock(m_mutex);
    return m_hits;
}

std::uint64_t DataKeyCache::misses() const
{
    std::lock_guard lock(m_mutex);
    return m_misses;
}

std::uint64_t DataKeyCache::evictions() const
{
    std::lock_guard lock(m_mutex);
    return m_evictions;
}

std::uint64_t DataKeyCache::refreshes() const
{
    std::lock_guard lock(m_mutex);
    return m_refreshes;
}

} // namespace bulkhead::crypto
