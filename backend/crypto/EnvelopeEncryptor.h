#pragma once

#include "crypto/DataKeyCache.h"
#include "crypto/KeyHierarchy.h"

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

    // Unwrapped data keys served from the cache versus unwrapped through the hierarchy.
    std::uint64_t cacheHits() const { return m_cache.hits(); }
    std::uint64_t unwraps() const { return m_cache.misses(); }

    // Crypto-shredding: destroys the tenant's keys and scrubs its cached data keys.
    void shredTenant(const std::string &tenantId);

private:
    SecureBytes keyFor(const DataKeyRecord &record);

    KeyHierarchy &m_hierarchy;
    DataKeyCache &m_cache;
};

} // namespace bulkhead::crypto
