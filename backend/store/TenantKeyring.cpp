#include "TenantKeyring.h"

#include "ConnectionPool.h"
#include "StoreErrors.h"
#include "core/Error.h"
#include "crypto/Aead.h"
#include "crypto/KeyProvider.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <condition_variable>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;
using Clock = std::chrono::steady_clock;

// pg_advisory_xact_lock(int4, int4): the first key is "tkey", a lock space of its own.
constexpr int kKeyLockSpace = 0x746b6579;

std::vector<std::uint8_t> bytesFromHex(const std::string &hex)
{
    return crypto::fromHex(hex);
}

void loadFrom(pqxx::transaction_base &tx, crypto::KeyHierarchy &hierarchy, const std::string &tenantId)
{
    hierarchy.shredTenant(tenantId);  // forget this process's copy; the rows are the truth
    for (const auto &row : tx.exec_params(
             "SELECT version, key_id, encode(wrapped, 'hex'), created_at FROM tenant_keks "
             "WHERE tenant_id = $1 ORDER BY version",
             tenantId)) {
        crypto::TenantKekRecord kek;
        kek.tenantId = tenantId;
        kek.version = row[0].as<std::uint32_t>();
        kek.keyId = row[1].as<std::string>();
        kek.wrapped = bytesFromHex(row[2].as<std::string>());
        kek.createdAt = row[3].as<std::int64_t>();
        hierarchy.load(std::move(kek));
    }
    for (const auto &row : tx.exec_params(
             "SELECT key_id, purpose, kek_version, encode(wrapped, 'hex'), created_at, wrapped_at, "
             "active FROM tenant_data_keys WHERE tenant_id = $1 ORDER BY created_at, key_id",
             tenantId)) {
        crypto::DataKeyRecord key;
        key.tenantId = tenantId;
        key.keyId = row[0].as<std::string>();
        key.purpose = row[1].as<std::string>();
        key.kekVersion = row[2].as<std::uint32_t>();
        key.wrapped = bytesFromHex(row[3].as<std::string>());
        key.createdAt = row[4].as<std::int64_t>();
        key.wrappedAt = row[5].as<std::int64_t>();
        key.active = row[6].as<bool>();
        hierarchy.load(std::move(key));
    }
}

// The tenant's records as the hierarchy now holds them replace the stored ones, in the
// caller's transaction: all or nothing.
void storeFrom(pqxx::transaction_base &tx, const crypto::KeyHierarchy &hierarchy, const std::string &tenantId)
{
    tx.exec_params("DELETE FROM tenant_data_keys WHERE tenant_id = $1", tenantId);
    tx.exec_params("DELETE FROM tenant_keks WHERE tenant_id = $1", tenantId);
    for (const auto &kek : hierarchy.tenantKeks(tenantId))
        tx.exec_params("INSERT INTO tenant_keks (tenant_id, version, key_id, wrapped, created_at) "
                       "VALUES ($1, $2, $3, decode($4, 'hex'), $5)",
                       tenantId, kek.version, kek.keyId, crypto::toHex(kek.wrapped), kek.createdAt);
    for (const auto &key : hierarchy.dataKeys(tenantId))
        tx.exec_params("INSERT INTO tenant_data_keys (tenant_id, key_id, purpose, kek_version, "
                       "wrapped, created_at, wrapped_at, active) "
                       "VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6, $7, $8)",
                       tenantId, key.keyId, key.purpose, key.kekVersion, crypto::toHex(key.wrapped),
                       key.createdAt, key.wrappedAt, key.active);
}

} // namespace

TenantKeyring::TenantKeyring(ConnectionPool &pool, crypto::SecureBytes masterKey, Options options)
    : m_pool(pool), m_options(options),
      m_hierarchy(crypto::SecureBytes(masterKey.view()), crypto::masterKeyId(masterKey.view())),
      m_cache(options.cacheTtl, options.cacheEntries), m_encryptor(m_hierarchy, m_cache),
      m_refresher([this](std::stop_token stop) { refreshKeysUntil(stop); })
{
}

TenantKeyring::~TenantKeyring() = default;

void TenantKeyring::refreshKeysUntil(std::stop_token stop)
{
    const auto period = std::max<std::chrono::milliseconds>(m_options.cacheTtl / 4, std::chrono::milliseconds(100));
    std::mutex waitMutex;
    std::condition_variable_any wake;
    std::unique_lock waiting(waitMutex);
    while (!wake.wait_for(waiting, stop, period, [&stop] { return stop.stop_requested(); })) {
        std::lock_guard lock(m_mutex);
        try {
            m_encryptor.refreshAhead(2 * period);  // a late tick still finds the key unexpired
        } catch (const std::exception &) {
            // Nothing refreshed this time: keys expire as without the refresh, and the request
            // that needs one unwraps it on its own path.
        }
    }
}

void TenantKeyring::loadLocked(const std::string &tenantId)
{
    translateStoreErrors("load tenant keys", [&] {
        m_pool.run([&](pqxx::connection &connection) {
            pqxx::read_transaction tx(connection);
            loadFrom(tx, m_hierarchy, tenantId);
        });
    });
    m_loadedAt[tenantId] = Clock::now();
}

void TenantKeyring::ensureLoadedLocked(const std::string &tenantId)
{
    const auto loaded = m_loadedAt.find(tenantId);
    if (loaded == m_loadedAt.end() || Clock::now() - loaded->second > m_options.reloadAfter)
        loadLocked(tenantId);
}

template <typename Fn> void TenantKeyring::changeLocked(const std::string &tenantId, Fn &&change)
{
    try {
        translateStoreErrors("change tenant keys", [&] {
            m_pool.run([&](pqxx::connection &connection) {
                pqxx::work tx(connection);
                tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kKeyLockSpace, tenantId);
                loadFrom(tx, m_hierarchy, tenantId);
                if (change())
                    storeFrom(tx, m_hierarchy, tenantId);
                tx.commit();
            });
        });
        m_loadedAt[tenantId] = Clock::now();
    } catch (...) {
        m_loadedAt.erase(tenantId);  // memory may hold records that never committed
        m_hierarchy.shredTenant(tenantId);
        throw;
    }
}

void TenantKeyring::reload(const std::string &tenantId)
{
    std::lock_guard lock(m_mutex);
    loadLocked(tenantId);
}

void TenantKeyring::ensure(const std::string &tenantId, const std::string &purpose)
{
    std::lock_guard lock(m_mutex);
    ensureLoadedLocked(tenantId);
    const auto hasActive = [&] {
        if (!m_hierarchy.activeKekVersion(tenantId))
            return false;
        for (const auto &key : m_hierarchy.dataKeys(tenantId))
            if (key.active && key.purpose == purpose)
                return true;
        return false;
    };
    if (hasActive())
        return;
    changeLocked(tenantId, [&] {
        if (hasActive())
            return false;  // another daemon created them meanwhile
        if (!m_hierarchy.activeKekVersion(tenantId))
            m_hierarchy.createTenantKek(tenantId);
        m_hierarchy.dataKey(tenantId, purpose);
        return true;
    });
}

std::vector<std::uint8_t> TenantKeyring::seal(const std::string &tenantId, const std::string &purpose,
                                              std::span<const std::uint8_t> plaintext,
                                              const std::string &binding)
{
    ensure(tenantId, purpose);
    std::lock_guard lock(m_mutex);
    return m_encryptor.seal(tenantId, purpose, plaintext, binding);
}

crypto::SecureBytes TenantKeyring::open(const std::string &tenantId, const std::string &purpose,
                                        std::span<const std::uint8_t> envelope, const std::string &binding)
{
    std::lock_guard lock(m_mutex);
    ensureLoadedLocked(tenantId);
    try {
        return m_encryptor.open(tenantId, purpose, envelope, binding);
    } catch (const Error &e) {
        if (e.code() != ErrorCode::NotFound)
            throw;
    }
    loadLocked(tenantId);  // another daemon may have rotated since we loaded
    return m_encryptor.open(tenantId, purpose, envelope, binding);
}

std::string TenantKeyring::envelopeKeyId(std::span<const std::uint8_t> envelope)
{
    return crypto::Aead::envelopeKeyId(envelope);
}

std::string TenantKeyring::activeDataKeyId(const std::string &tenantId, const std::string &purpose)
{
    ensure(tenantId, purpose);
    std::lock_guard lock(m_mutex);
    return m_hierarchy.dataKey(tenantId, purpose).keyId;
}

std::uint32_t TenantKeyring::rotateKek(const std::string &tenantId)
{
    std::lock_guard lock(m_mutex);
    std::uint32_t version = 0;
    changeLocked(tenantId, [&] {
        if (!m_hierarchy.activeKekVersion(tenantId))
            m_hierarchy.createTenantKek(tenantId);
        version = m_hierarchy.rotateTenantKek(tenantId).version;
        // Every data key now sits under the new version; older versions wrap nothing.
        for (const auto &kek : m_hierarchy.tenantKeks(tenantId))
            if (kek.version != version)
                m_hierarchy.retireTenantKek(tenantId, kek.version);
        return true;
    });
    return version;
}

std::string TenantKeyring::rotateDataKey(const std::string &tenantId, const std::string &purpose)
{
    std::lock_guard lock(m_mutex);
    std::string keyId;
    changeLocked(tenantId, [&] {
        if (!m_hierarchy.activeKekVersion(tenantId))
            m_hierarchy.createTenantKek(tenantId);
        keyId = m_hierarchy.rotateDataKey(tenantId, purpose).keyId;
        return true;
    });
    return keyId;
}

void TenantKeyring::retireDataKey(const std::string &tenantId, const std::string &keyId)
{
    std::lock_guard lock(m_mutex);
    changeLocked(tenantId, [&] {
        m_hierarchy.retireDataKey(tenantId, keyId);
        return true;
    });
    m_encryptor.forgetDataKey(tenantId, keyId);
}

void TenantKeyring::shred(const std::string &tenantId)
{
    std::lock_guard lock(m_mutex);
    translateStoreErrors("shred tenant keys", [&] {
        m_pool.run([&](pqxx::connection &connection) {
            pqxx::work tx(connection);
            tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kKeyLockSpace, tenantId);
            tx.exec_params("DELETE FROM tenant_data_keys WHERE tenant_id = $1", tenantId);
            tx.exec_params("DELETE FROM tenant_keks WHERE tenant_id = $1", tenantId);
            tx.commit();
        });
    });
    m_encryptor.shredTenant(tenantId);
    m_loadedAt.erase(tenantId);
}

std::vector<crypto::KeyEvidence> TenantKeyring::evidence(const std::string &tenantId)
{
    std::lock_guard lock(m_mutex);
    loadLocked(tenantId);
    return m_hierarchy.evidence(tenantId);
}

} // namespace bulkhead::store
