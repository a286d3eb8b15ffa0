#pragma once

#include "crypto/SecureBytes.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::crypto {

// Unwrapped data keys, kept for a short TTL so hot paths do not unwrap twice per request.
// Keys are SecureBytes: scrubbed when they expire, are evicted (oldest first when full), are
// erased, or the cache is cleared. Thread-safe. The clock is injected for tests.
//
// Refresh ahead: a key that served a request since it was unwrapped and expires within a
// horizon is "due" (dueForRefresh); whoever owns the cache unwraps it again off the request
// path and puts it back with refresh(), so a key in use never expires under a request, while
// every key is still unwrapped from the hierarchy at least once per TTL. A key nobody used
// since its last unwrap is left to expire.
class DataKeyCache final
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    DataKeyCache(std::chrono::milliseconds ttl, std::size_t maxEntries, Clock clock = {});

    // A copy of the cached key, or nothing (expired entries are scrubbed on the way).
    std::optional<SecureBytes> find(const std::string &keyId);
    void insert(const std::string &keyId, std::span<const std::uint8_t> key);
    // Ids of keys used since they were (re)inserted that expire within `horizon` from now.
    std::vector<std::string> dueForRefresh(std::chrono::milliseconds horizon) const;
    // insert() for a key unwrapped ahead of its expiry: counted as a refresh, not a miss.
    void refresh(const std::string &keyId, std::span<const std::uint8_t> key);
    void erase(const std::string &keyId);
    // Drops every key whose id starts with `prefix` (e.g. a shredded tenant's).
    void eraseWithPrefix(const std::string &prefix);
    void clear();

    std::size_t size() const;
    std::uint64_t hits() const;
    std::uint64_t misses() const;
    std::uint64_t evictions() const;
    std::uint64_t refreshes() const;

private:
    struct Entry
    {
        SecureBytes key;
        std::chrono::steady_clock::time_point expires;
        std::chrono::steady_clock::time_point inserted;
        bool usedSinceInsert = false;
    };
    void purgeExpiredLocked(std::chrono::steady_clock::time_point now);
    void insertLocked(const std::string &keyId, std::span<const std::uint8_t> key);

    std::chrono::milliseconds m_ttl;
    std::size_t m_maxEntries;
    Clock m_clock;
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    std::uint64_t m_hits = 0;
    std::uint64_t m_misses = 0;
    std::uint64_t m_evictions = 0;
    std::uint64_t m_refreshes = 0;
};

} // namespace bulkhead::crypto
