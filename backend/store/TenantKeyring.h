#pragma once

#include "crypto/DataKeyCache.h"
#include "crypto/EnvelopeEncryptor.h"
#include "crypto/KeyHierarchy.h"
#include "crypto/SecureBytes.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::store {

class ConnectionPool;

// The tenants' keys as the daemon uses them: the hierarchy (master key -> tenant KEK -> data
// keys) persisted in tenant_keks / tenant_data_keys (migration 6), with unwrapped data keys
// cached for a short TTL. PostgreSQL is the source of truth, so several daemons agree: a
// tenant's records are (re)loaded on first use, when an envelope names a key this process has
// not seen, and when they are older than `reloadAfter`; every change runs in one transaction
// under the tenant's advisory lock and reloads. Thread-safe.
//
// A thread of its own refreshes data keys ahead of their expiry (every quarter of the cache
// TTL, each key in use that has at most half its TTL left), so a tenant that keeps sending
// requests never waits for an unwrap; a key left unused expires and is scrubbed.
class TenantKeyring final
{
public:
    struct Options
    {
        std::chrono::milliseconds cacheTtl{60'000};
        std::size_t cacheEntries = 4096;
        std::chrono::milliseconds reloadAfter{30'000};
    };

    TenantKeyring(ConnectionPool &pool, crypto::SecureBytes masterKey, Options options);
    TenantKeyring(ConnectionPool &pool, crypto::SecureBytes masterKey)
        : TenantKeyring(pool, std::move(masterKey), Options{})
    {
    }
    ~TenantKeyring();

    const std::string &masterKeyId() const noexcept { return m_hierarchy.masterKeyId(); }

    // Creates the tenant's KEK and the active data key for `purpose` when missing.
    void ensure(const std::string &tenantId, const std::string &purpose);
    // Reads the tenant's key records again now (another instance rotated a key).
    void reload(const std::string &tenantId);

    // AES-256-GCM envelopes under the tenant's active data key for `purpose`, bound to
    // `binding`. open(): InvalidArgument for tampering or a foreign tenant/binding, NotFound when
    // the key is gone (crypto-shredded or retired).
    std::vector<std::uint8_t> seal(const std::string &tenantId, const std::string &purpose,
                                   std::span<const std::uint8_t> plaintext, const std::string &binding);
    crypto::SecureBytes open(const std::string &tenantId, const std::string &purpose,
                             std::span<const std::uint8_t> envelope, const std::string &binding);
    // The key id an envelope names (not secret; for re-encryption after a data-key rotation).
    static std::string envelopeKeyId(std::span<const std::uint8_t> envelope);
    std::string activeDataKeyId(const std::string &tenantId, const std::string &purpose);

    // New KEK version; every data key re-wrapped under it; no data re-encrypted. Returns it.
    std::uint32_t rotateKek(const std::string &tenantId);
    // New active data key for `purpose` (the old one stays until retired). Returns its id.
    std::string rotateDataKey(const std::string &tenantId, const std::string &purpose);
    void retireDataKey(const std::string &tenantId, const std::string &keyId);
    // Crypto-shredding: deletes every key record of the tenant and scrubs what is cached.
    void shred(const std::string &tenantId);

    std::vector<crypto::KeyEvidence> evidence(const std::string &tenantId);
    std::uint64_t cacheHits() const { return m_cache.hits(); }
    std::uint64_t unwraps() const { return m_cache.misses(); }
    std::uint64_t refreshes() const { return m_cache.refreshes(); }

private:
    void refreshKeysUntil(std::stop_token stop);

    void loadLocked(const std::string &tenantId);
    void ensureLoadedLocked(const std::string &tenantId);
    template <typename Fn> void changeLocked(const std::string &tenantId, Fn &&change);

    ConnectionPool &m_pool;
    Options m_options;
    crypto::KeyHierarchy m_hierarchy;
    crypto::DataKeyCache m_cache;
    crypto::EnvelopeEncryptor m_encryptor;
    std::mutex m_mutex;
    std::map<std::string, std::chrono::steady_clock::time_point> m_loadedAt;
    std::jthread m_refresher;  // last: stopped and joined before the members it uses go
};

} // namespace bulkhead::store
