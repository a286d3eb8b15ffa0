#include "EnvelopeEncryptor.h"

#include "crypto/Aead.h"
#include "core/Error.h"

namespace bulkhead::crypto {
namespace {

// Tenant ids are validated identifiers (no '/'), so the prefix is unambiguous.
std::string cacheKey(const std::string &tenantId, const std::string &keyId)
{
    return tenantId + "/" + keyId;
}

} // namespace

EnvelopeEncryptor::EnvelopeEncryptor(KeyHierarchy &hierarchy, DataKeyCache &cache)
    : m_hierarchy(hierarchy), m_cache(cache)
{
}

SecureBytes EnvelopeEncryptor::keyFor(const DataKeyRecord &record)
{
    const std::string id = cacheKey(record.tenantId, record.keyId);
    if (auto cached = m_cache.find(id))
        return std::move(*cached);
    SecureBytes key = m_hierarchy.unwrapDataKey(record);
    m_cache.insert(id, key.view());
    return key;
}

std::vector<std::uint8_t> EnvelopeEncryptor::seal(const std::string &tenantId, const std::string &purpose,
                                                  std::span<const std::uint8_t> plaintext,
                                                  const std::string &binding)
{
    const DataKeyRecord record = m_hierarchy.dataKey(tenantId, purpose);
    const SecureBytes key = keyFor(record);
    return Aead::seal(key.view(), record.keyId, {tenantId, purpose, binding}, plaintext);
}

SecureBytes EnvelopeEncryptor::open(const std::string &tenantId, const std::string &purpose,
                                    std::span<const std::uint8_t> envelope,
                                    const std::string &binding)
{
    const std::string keyId = Aead::envelopeKeyId(envelope);
    const DataKeyRecord record = m_hierarchy.dataKeyById(tenantId, keyId);
    if (record.purpose != purpose)
        throw core::Error(core::ErrorCode::InvalidArgument,
                          "the envelope was sealed for another purpose than '" + purpose + "'");
    const SecureBytes key = keyFor(record);
    return Aead::open(key.view(), {tenantId, purpose, binding}, envelope);
}

std::size_t EnvelopeEncryptor::refreshAhead(std::chrono::milliseconds horizon)
{
    std::size_t refreshed = 0;
    for (const std::string &id : m_cache.dueForRefresh(horizon)) {
        const auto slash = id.find('/');
        try {
            const DataKeyRecord record = m_hierarchy.dataKeyById(id.substr(0, slash), id.substr(slash + 1));
            const SecureBytes key = m_hierarchy.unwrapDataKey(record);
            m_cache.refresh(id, key.view());
            ++refreshed;
        } catch (const core::Error &) {
            // Gone (retired, shredded) or no longer unwrappable: nothing may keep serving it; a
            // request that needs it unwraps on its own path and meets the error itself.
            m_cache.erase(id);
        }
    }
    return refreshed;
}

void EnvelopeEncryptor::forgetDataKey(const std::string &tenantId, const std::string &keyId)
{
    m_cache.erase(cacheKey(tenantId, keyId));
}

void EnvelopeEncryptor::shredTenant(const std::string &tenantId)
{
    m_hierarchy.shredTenant(tenantId);
    m_cache.eraseWithPrefix(tenantId + "/");
}

} // namespace bulkhead::crypto
