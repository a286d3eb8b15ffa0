#pragma once

#include "crypto/DataKeyCache.h"
#include "crypto/KeyHierarchy.h"

#include <chrono>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::crypto {

// Seals and opens tenant data: the tenant's data key for the purpose (unwrapped through the
// hierarchy, cached with a TTL) and an AES-256-GCM envelope bound to tenant id, purpose and
// key id. The one call the store and audit layers need.
class EnvelopeEncryptor final
{
public:
    EnvelopeEncryptor(KeyHierarchy &hierarchy, DataKeyCache &cache);

    // `binding` names where the plaintext lives (e.g. "doc_…/3"): opening it anywhere else fails.
    std::vector<std::uint8_t> seal(const std::string &tenantId, const std::string &purpose,
                                   std::span<const std::uint8_t> plaintext,
                                   const std::string &binding = {});
    // InvalidArgument if the envelope is tampered with or bound to another tenant, purpose or
    // binding; NotFound if the tenant's key is gone (crypto-shredded).
    SecureBytes open(const std::string &tenantId, const std::string &purpose,
                     std::span<const std::uint8_t> envelope, const std::string &binding = {});

    // Unwraps again, off the request path, every cached key that served a request since its
    // last unwrap and expires within `horizon`; drops one that can no longer be unwrapped (its
    // record retired or shredded). Call it more often than `horizon`. Returns how many keys were unwrapped.
    std::size_t refreshAhead(std::chrono::milliseconds horizon);

    // Unwrapped data keys served from the cache versus unwrapped on a request's path (a miss);
    // unwraps ahead of expiry are counted apart.
    std::uint64_t cacheHits() const { return m_cache.hits(); }
    std::uint64_t unwraps() const { return m_cache.misses(); }
    std::uint64_t refreshes() const { return m_cache.refreshes(); }

    // Scrubs one data key from the cache (its record was retired).
    void forgetDataKey(const std::string &tenantId, const std::string &keyId);
    // Crypto-shredding: destroys the tenant's keys and scrubs its cached data keys.
    void shredTenant(const std::string &tenantId);

private:
    SecureBytes keyFor(const DataKeyRecord &record);

    KeyHierarchy &m_hierarchy;
    DataKeyCache &m_cache;
};

} // namespace bulkhead::crypto
