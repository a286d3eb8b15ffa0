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

void EnvelopeEncryptor::shredTenant(const std::string &tenantId)
{
    m_hierarchy.shredTenant(tenantId);
    m_cache.eraseWithPrefix(tenantId + "/");
}

} // namespace bulkhead::crypto
