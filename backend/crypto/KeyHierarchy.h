#pragma once

#include "crypto/SecureBytes.h"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::crypto {

// A tenant key-encryption key: random, versioned, stored only wrapped by the master key.
struct TenantKekRecord
{
    std::string tenantId;
    std::uint32_t version = 0;
    std::string keyId;                  // "kek_" + 16 hex characters; not secret
    std::vector<std::uint8_t> wrapped;  // envelope under the master key
    std::int64_t createdAt = 0;         // unix seconds
};

// A data key per tenant and purpose ("documents", "audit", "cache-salt"), stored only wrapped
// by one version of the tenant's KEK.
struct DataKeyRecord
{
    std::string tenantId;
    std::string purpose;
    std::string keyId;                  // "dk_" + 16 hex characters; named by every envelope
    std::uint32_t kekVersion = 0;
    std::vector<std::uint8_t> wrapped;  // envelope under the tenant KEK
    std::int64_t createdAt = 0;
    std::int64_t wrappedAt = 0;         // last (re-)wrap: creation or a KEK rotation
    bool active = true;                 // the key new data of its purpose is sealed with
};

// What evidence may say about a key: ids, versions and dates, never key material.
struct KeyEvidence
{
    std::string tenantId;
    std::string kind;     // "tenant-kek" or "data-key"
    std::string keyId;
    std::string purpose;  // data keys only
    std::uint32_t version = 0;  // KEK version (of the wrapping KEK for data keys)
    std::int64_t createdAt = 0;
    std::int64_t rotatedAt = 0;  // data keys: last re-wrap; KEKs: 0
    bool active = false;         // KEKs: the version new data keys are wrapped under
};

// master key -> tenant KEK (per tenant, versioned) -> data keys (per tenant and purpose).
// Holds the wrapped records in memory; the store layer persists them (records() / load()).
// Every wrap binds the tenant id and the purpose/version as associated data, so a wrapped key
// copied to another tenant's row does not unwrap. Thread-safe.
class KeyHierarchy final
{
public:
    using WallClock = std::function<std::int64_t()>;  // unix seconds

    KeyHierarchy(SecureBytes masterKey, std::string masterKeyId, WallClock clock = {});
    ~KeyHierarchy();

    const std::string &masterKeyId() const noexcept { return m_masterKeyId; }

    // Version 1 of a new tenant's KEK (Conflict if the tenant has one).
    TenantKekRecord createTenantKek(const std::string &tenantId);
    // A new KEK version becomes active and every data key of the tenant is re-wrapped under it;
    // no data is re-encrypted. Older versions stay until retired.
    TenantKekRecord rotateTenantKek(const std::string &tenantId);
    // Destroys an old KEK version (InvalidArgument for the active one). Any copy of a data key
    // still wrapped under it can no longer be unwrapped.
    void retireTenantKek(const std::string &tenantId, std::uint32_t version);
    // Crypto-shredding: destroys every KEK and data key of the tenant. Its ciphertext is
    // unreadable from then on.
    void shredTenant(const std::string &tenantId);

    std::optional<std::uint32_t> activeKekVersion(const std::string &tenantId) const;

    // The tenant's data key for `purpose`, created (wrapped under the active KEK) on first use.
    // NotFound when the tenant has no KEK.
    DataKeyRecord dataKey(const std::string &tenantId, const std::string &purpose);
    // A new data key becomes the active one for `purpose`; the old one stays (inactive) so
    // existing ciphertext still opens until it is re-encrypted and the old key retired.
    DataKeyRecord rotateDataKey(const std::string &tenantId, const std::string &purpose);
    // Destroys an inactive data key (InvalidArgument for an active one).
    void retireDataKey(const std::string &tenantId, const std::string &keyId);
    // The data key record whose id an envelope names; NotFound if it is not the tenant's.
    DataKeyRecord dataKeyById(const std::string &tenantId, const std::string &keyId) const;
    // Unwraps master -> KEK -> data key. NotFound when the KEK version is gone (shredded or
    // retired); InvalidArgument when the record was tampered with or belongs to another tenant.
    SecureBytes unwrapDataKey(const DataKeyRecord &record) const;

    std::vector<KeyEvidence> evidence(const std::string &tenantId) const;

    // Persistence seam: the wrapped records (safe to store: no plaintext key material).
    std::vector<TenantKekRecord> tenantKeks(const std::string &tenantId) const;
    std::vector<DataKeyRecord> dataKeys(const std::string &tenantId) const;
    void load(TenantKekRecord record);
    void load(DataKeyRecord record);

private:
    using Tenant = std::string;
    struct TenantKeys
    {
        std::map<std::uint32_t, TenantKekRecord> keks;
        std::uint32_t active = 0;
        std::map<std::string, DataKeyRecord> dataKeys;  // by key id
        std::map<std::string, std::string> activeData;  // purpose -> key id
    };
    DataKeyRecord newDataKeyLocked(TenantKeys &keys, const std::string &tenantId,
                                   const std::string &purpose);
    TenantKekRecord newKekLocked(const std::string &tenantId, std::uint32_t version);
    SecureBytes unwrapKekLocked(const std::string &tenantId, std::uint32_t version) const;

    SecureBytes m_masterKey;
    std::string m_masterKeyId;
    WallClock m_clock;
    mutable std::mutex m_mutex;
    std::map<Tenant, TenantKeys> m_tenants;
};

} // namespace bulkhead::crypto
