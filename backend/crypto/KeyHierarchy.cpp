#include "KeyHierarchy.h"

#include "crypto/Aead.h"
#include "core/Error.h"

#include <chrono>

namespace bulkhead::crypto {
namespace {

using core::Error;
using core::ErrorCode;

std::string newKeyId(std::string_view prefix)
{
    const SecureBytes id = randomBytes(8);
    return std::string(prefix) + toHex(id.view());
}

AeadContext kekContext(const std::string &tenantId, std::uint32_t version)
{
    return {tenantId, "tenant-kek:v" + std::to_string(version)};
}

AeadContext dataKeyContext(const DataKeyRecord &record)
{
    return {record.tenantId, "data-key:" + record.purpose + ":" + record.keyId};
}

void requireId(const std::string &value, const char *what)
{
    if (value.empty() || value.size() > 200)
        throw Error(ErrorCode::InvalidArgument, std::string(what) + " must be 1 to 200 characters", what);
}

} // namespace

KeyHierarchy::KeyHierarchy(SecureBytes masterKey, std::string masterKeyId, WallClock clock)
    : m_masterKey(std::move(masterKey)), m_masterKeyId(std::move(masterKeyId)), m_clock(std::move(clock))
{
    if (m_masterKey.size() != kAeadKeySize)
        throw Error(ErrorCode::InvalidArgument, "the master key must be 256 bits");
    requireId(m_masterKeyId, "masterKeyId");
    if (!m_clock)
        m_clock = [] {
            return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch()).count());
        };
}

KeyHierarchy::~KeyHierarchy() = default;

TenantKekRecord KeyHierarchy::newKekLocked(const std::string &tenantId, std::uint32_t version)
{
    const SecureBytes kek = randomBytes(kAeadKeySize);
    TenantKekRecord record;
    record.tenantId = tenantId;
    record.version = version;
    record.keyId = newKeyId("kek_");
    record.wrapped = wrapKey(m_masterKey.view(), m_masterKeyId, kekContext(tenantId, version), kek.view());
    record.createdAt = m_clock();
    return record;
}

SecureBytes KeyHierarchy::unwrapKekLocked(const std::string &tenantId, std::uint32_t version) const
{
    const auto tenant = m_tenants.find(tenantId);
    const auto missing = [&] {
        return Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no key version "
                         + std::to_string(version) + " (shredded or retired)");
    };
    if (tenant == m_tenants.end())
        throw missing();
    const auto kek = tenant->second.keks.find(version);
    if (kek == tenant->second.keks.end())
        throw missing();
    return unwrapKey(m_masterKey.view(), kekContext(tenantId, version), kek->second.wrapped);
}

TenantKekRecord KeyHierarchy::createTenantKek(const std::string &tenantId)
{
    requireId(tenantId, "tenantId");
    std::lock_guard lock(m_mutex);
    if (m_tenants.contains(tenantId))
        throw Error(ErrorCode::Conflict, "tenant '" + tenantId + "' already has a key", "tenantId");
    TenantKeys keys;
    TenantKekRecord record = newKekLocked(tenantId, 1);
    keys.keks.emplace(1, record);
    keys.active = 1;
    m_tenants.emplace(tenantId, std::move(keys));
    return record;
}

TenantKekRecord KeyHierarchy::rotateTenantKek(const std::string &tenantId)
{
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end())
        throw Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no key", "tenantId");
    TenantKeys &keys = tenant->second;
    const std::uint32_t next = keys.keks.rbegin()->first + 1;
    TenantKekRecord record = newKekLocked(tenantId, next);
    keys.keks.emplace(next, record);
    const SecureBytes newKek = unwrapKekLocked(tenantId, next);
    // Re-wrap into copies first, then swap in, so a failure leaves the old records intact.
    std::map<std::string, DataKeyRecord> rewrapped = keys.dataKeys;
    const std::int64_t now = m_clock();
    for (auto &[keyId, dataKey] : rewrapped) {
        const SecureBytes oldKek = unwrapKekLocked(tenantId, dataKey.kekVersion);
        const SecureBytes plain = unwrapKey(oldKek.view(), dataKeyContext(dataKey), dataKey.wrapped);
        dataKey.kekVersion = next;
        dataKey.wrapped = wrapKey(newKek.view(), record.keyId, dataKeyContext(dataKey), plain.view());
        dataKey.wrappedAt = now;
    }
    keys.dataKeys = std::move(rewrapped);
    keys.active = next;
    return record;
}

void KeyHierarchy::retireTenantKek(const std::string &tenantId, std::uint32_t version)
{
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end() || !tenant->second.keks.contains(version))
        throw Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no key version " + std::to_string(version));
    if (tenant->second.active == version)
        throw Error(ErrorCode::InvalidArgument, "the active key version of a tenant cannot be retired; rotate first");
    for (const auto &[keyId, dataKey] : tenant->second.dataKeys)
        if (dataKey.kekVersion == version)
            throw Error(ErrorCode::Conflict, "data key " + dataKey.keyId + " is still wrapped under version "
                            + std::to_string(version));
    tenant->second.keks.erase(version);
}

void KeyHierarchy::shredTenant(const std::string &tenantId)
{
    std::lock_guard lock(m_mutex);
    m_tenants.erase(tenantId);
}

std::optional<std::uint32_t> KeyHierarchy::activeKekVersion(const std::string &tenantId) const
{
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end())
        return std::nullopt;
    return tenant->second.active;
}

DataKeyRecord KeyHierarchy::newDataKeyLocked(TenantKeys &keys, const std::string &tenantId,
                                             const std::string &purpose)
{
    const SecureBytes kek = unwrapKekLocked(tenantId, keys.active);
    const SecureBytes plain = randomBytes(kAeadKeySize);
    DataKeyRecord record;
    record.tenantId = tenantId;
    record.purpose = purpose;
    record.keyId = newKeyId("dk_");
    record.kekVersion = keys.active;
    record.createdAt = m_clock();
    record.wrappedAt = record.createdAt;
    record.wrapped = wrapKey(kek.view(), keys.keks.at(keys.active).keyId, dataKeyContext(record), plain.view());
    if (const auto previous = keys.activeData.find(purpose); previous != keys.activeData.end())
        keys.dataKeys.at(previous->second).active = false;
    keys.dataKeys.emplace(record.keyId, record);
    keys.activeData[purpose] = record.keyId;
    return record;
}

DataKeyRecord KeyHierarchy::dataKey(const std::string &tenantId, const std::string &purpose)
{
    requireId(purpose, "purpose");
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end())
        throw Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no key", "tenantId");
    TenantKeys &keys = tenant->second;
    if (const auto it = keys.activeData.find(purpose); it != keys.activeData.end())
        return keys.dataKeys.at(it->second);
    return newDataKeyLocked(keys, tenantId, purpose);
}

DataKeyRecord KeyHierarchy::rotateDataKey(const std::string &tenantId, const std::string &purpose)
{
    requireId(purpose, "purpose");
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end())
        throw Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no key", "tenantId");
    return newDataKeyLocked(tenant->second, tenantId, purpose);
}

void KeyHierarchy::retireDataKey(const std::string &tenantId, const std::string &keyId)
{
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end() || !tenant->second.dataKeys.contains(keyId))
        throw Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no data key " + keyId);
    if (tenant->second.dataKeys.at(keyId).active)
        throw Error(ErrorCode::InvalidArgument, "the active data key cannot be retired; rotate first");
    tenant->second.dataKeys.erase(keyId);
}

DataKeyRecord KeyHierarchy::dataKeyById(const std::string &tenantId, const std::string &keyId) const
{
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(tenantId);
    if (tenant != m_tenants.end())
        if (const auto it = tenant->second.dataKeys.find(keyId); it != tenant->second.dataKeys.end())
            return it->second;
    throw Error(ErrorCode::NotFound, "tenant '" + tenantId + "' has no data key " + keyId);
}

SecureBytes KeyHierarchy::unwrapDataKey(const DataKeyRecord &record) const
{
    std::lock_guard lock(m_mutex);
    const SecureBytes kek = unwrapKekLocked(record.tenantId, record.kekVersion);
    return unwrapKey(kek.view(), dataKeyContext(record), record.wrapped);
}

std::vector<KeyEvidence> KeyHierarchy::evidence(const std::string &tenantId) const
{
    std::lock_guard lock(m_mutex);
    std::vector<KeyEvidence> out;
    const auto tenant = m_tenants.find(tenantId);
    if (tenant == m_tenants.end())
        return out;
    for (const auto &[version, kek] : tenant->second.keks)
        out.push_back({tenantId, "tenant-kek", kek.keyId, {}, version, kek.createdAt, 0,
                       version == tenant->second.active});
    for (const auto &[keyId, dataKey] : tenant->second.dataKeys)
        out.push_back({tenantId, "data-key", keyId, dataKey.purpose, dataKey.kekVersion,
                       dataKey.createdAt, dataKey.wrappedAt, dataKey.active});
    return out;
}

std::vector<TenantKekRecord> KeyHierarchy::tenantKeks(const std::string &tenantId) const
{
    std::lock_guard lock(m_mutex);
    std::vector<TenantKekRecord> out;
    if (const auto tenant = m_tenants.find(tenantId); tenant != m_tenants.end())
        for (const auto &[version, kek] : tenant->second.keks)
            out.push_back(kek);
    return out;
}

std::vector<DataKeyRecord> KeyHierarchy::dataKeys(const std::string &tenantId) const
{
    std::lock_guard lock(m_mutex);
    std::vector<DataKeyRecord> out;
    if (const auto tenant = m_tenants.find(tenantId); tenant != m_tenants.end())
        for (const auto &[keyId, dataKey] : tenant->second.dataKeys)
            out.push_back(dataKey);
    return out;
}

void KeyHierarchy::load(TenantKekRecord record)
{
    requireId(record.tenantId, "tenantId");
    std::lock_guard lock(m_mutex);
    TenantKeys &keys = m_tenants[record.tenantId];
    keys.active = std::max(keys.active, record.version);
    keys.keks[record.version] = std::move(record);
}

void KeyHierarchy::load(DataKeyRecord record)
{
    std::lock_guard lock(m_mutex);
    const auto tenant = m_tenants.find(record.tenantId);
    if (tenant == m_tenants.end())
        throw Error(ErrorCode::NotFound, "load the tenant's key before its data keys");
    TenantKeys &keys = tenant->second;
    if (record.active) {
        if (const auto previous = keys.activeData.find(record.purpose);
            previous != keys.activeData.end() && previous->second != record.keyId)
            keys.dataKeys.at(previous->second).active = false;
        keys.activeData[record.purpose] = record.keyId;
    }
    const std::string keyId = record.keyId;
    keys.dataKeys[keyId] = std::move(record);
}

} // namespace bulkhead::crypto
