#include "PlacementRepository.h"

#include <pqxx/pqxx>

namespace bulkhead::store {
namespace {

// pg_advisory_xact_lock(int4, int4) space "rtrv": readers and writers share, a migration's
// switch takes it exclusively.
constexpr int kPlacementLockSpace = 0x72747276;

constexpr const char *kMigrationColumns =
    "tenant_id, from_tier, to_tier, phase, total, moved, error";

PlacementRepository::Migration migrationFromRow(const pqxx::row &row)
{
    return {row[0].as<std::string>(), row[1].as<int>(), row[2].as<int>(),
            row[3].as<std::string>(), row[4].as<int>(), row[5].as<int>(),
            row[6].as<std::string>()};
}

} // namespace

void PlacementRepository::lock(const std::string &tenantId, Lock mode)
{
    m_tx.exec_params(mode == Lock::Shared ? "SELECT pg_advisory_xact_lock_shared($1, hashtext($2))"
                                          : "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                     kPlacementLockSpace, tenantId);
}

std::optional<PlacementRepository::Placement> PlacementRepository::find(const std::string &tenantId)
{
    const auto rows = m_tx.exec_params("SELECT p.tier, p.state, coalesce(encode(d.dsn_sealed, "
                                       "'hex'), '') FROM tenant_placements p "
                                       "LEFT JOIN tenant_dedicated_databases d ON d.tenant_id = "
                                       "p.tenant_id WHERE p.tenant_id = $1",
                                       tenantId);
    if (rows.empty())
        return std::nullopt;
    return Placement{rows[0][0].as<int>(), rows[0][1].as<std::string>(),
                     rows[0][2].as<std::string>()};
}

std::optional<PlacementRepository::Placement>
PlacementRepository::findTierAndState(const std::string &tenantId)
{
    const auto rows = m_tx.exec_params(
        "SELECT tier, state FROM tenant_placements WHERE tenant_id = $1", tenantId);
    if (rows.empty())
        return std::nullopt;
    return Placement{rows[0][0].as<int>(), rows[0][1].as<std::string>(), {}};
}

std::optional<int> PlacementRepository::tierOf(const std::string &tenantId)
{
    const auto rows =
        m_tx.exec_params("SELECT tier FROM tenant_placements WHERE tenant_id = $1", tenantId);
    if (rows.empty())
        return std::nullopt;
    return rows[0][0].as<int>();
}

void PlacementRepository::insertIfAbsent(const std::string &tenantId, int tier)
{
    m_tx.exec_params("INSERT INTO tenant_placements (tenant_id, tier) VALUES ($1, $2) "
                     "ON CONFLICT (tenant_id) DO NOTHING",
                     tenantId, tier);
}

void PlacementRepository::markMigrating(const std::string &tenantId)
{
    m_tx.exec_params("UPDATE tenant_placements SET state = 'migrating', updated_at = now() "
                     "WHERE tenant_id = $1",
                     tenantId);
}

void PlacementRepository::markActive(const std::string &tenantId)
{
    m_tx.exec_params(
        "UPDATE tenant_placements SET state = 'active', updated_at = now() WHERE tenant_id = $1",
        tenantId);
}

void PlacementRepository::switchTier(const std::string &tenantId, int tier)
{
    m_tx.exec_params("UPDATE tenant_placements SET tier = $2, state = 'active', updated_at = now() "
                     "WHERE tenant_id = $1",
                     tenantId, tier);
}

void PlacementRepository::recordMigration(const Migration &m)
{
    m_tx.exec_params(
        "INSERT INTO placement_migrations (tenant_id, from_tier, to_tier, phase, total, moved, "
        "error) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id) DO UPDATE SET "
        "from_tier = $2, to_tier = $3, phase = $4, total = $5, moved = $6, error = $7, "
        "updated_at = now()",
        m.tenantId, m.fromTier, m.toTier, m.phase, m.total, m.moved, m.error);
}

void PlacementRepository::markMigrationSwitched(const std::string &tenantId, int moved, int total)
{
    m_tx.exec_params("UPDATE placement_migrations SET phase = 'switched', moved = $2, total = $3, "
                     "updated_at = now() WHERE tenant_id = $1",
                     tenantId, moved, total);
}

std::optional<PlacementRepository::Migration>
PlacementRepository::findMigration(const std::string &tenantId)
{
    const auto rows = m_tx.exec_params(std::string("SELECT ") + kMigrationColumns +
                                           " FROM placement_migrations WHERE tenant_id = $1",
                                       tenantId);
    if (rows.empty())
        return std::nullopt;
    return migrationFromRow(rows[0]);
}

std::vector<PlacementRepository::Migration> PlacementRepository::interruptedMigrations()
{
    std::vector<Migration> out;
    for (const auto &row :
         m_tx.exec(std::string("SELECT ") + kMigrationColumns +
                   " FROM placement_migrations WHERE phase IN ('copying', 'switched')"))
        out.push_back(migrationFromRow(row));
    return out;
}

void PlacementRepository::storeDedicatedDsn(const std::string &tenantId,
                                            const std::string &sealedHex)
{
    m_tx.exec_params("INSERT INTO tenant_dedicated_databases (tenant_id, dsn_sealed) VALUES ($1, "
                     "decode($2, 'hex')) "
                     "ON CONFLICT (tenant_id) DO UPDATE SET dsn_sealed = EXCLUDED.dsn_sealed, "
                     "updated_at = now()",
                     tenantId, sealedHex);
}

std::optional<std::string> PlacementRepository::findDedicatedDsn(const std::string &tenantId)
{
    const auto rows = m_tx.exec_params(
        "SELECT encode(dsn_sealed, 'hex') FROM tenant_dedicated_databases WHERE tenant_id = $1",
        tenantId);
    return rows.empty() ? std::nullopt : std::optional(rows[0][0].as<std::string>());
}

void PlacementRepository::removeTenant(const std::string &tenantId)
{
    m_tx.exec_params("DELETE FROM tenant_placements WHERE tenant_id = $1", tenantId);
    m_tx.exec_params("DELETE FROM placement_migrations WHERE tenant_id = $1", tenantId);
    m_tx.exec_params("DELETE FROM tenant_dedicated_databases WHERE tenant_id = $1", tenantId);
    m_tx.exec_params("DELETE FROM audit_placements WHERE tenant_id = $1 AND tier > 1", tenantId);
}

std::string PlacementRepository::deploymentTag()
{
    return m_tx.exec1("SELECT tag FROM retrieval_settings")[0].as<std::string>();
}

bool PlacementRepository::apiKeyValid(const std::string &tenantId, const std::string &apiKeyId)
{
    return !m_tx.exec_params("SELECT 1 FROM api_keys WHERE id = $1 AND tenant_id = $2 AND "
                             "revoked_at IS NULL",
                             apiKeyId, tenantId)
                .empty();
}

bool PlacementRepository::dataKeyActive(const std::string &tenantId, const std::string &keyId)
{
    const auto rows =
        m_tx.exec_params("SELECT active FROM tenant_data_keys WHERE tenant_id = $1 AND key_id = $2",
                         tenantId, keyId);
    return !rows.empty() && rows[0][0].as<bool>();
}

} // namespace bulkhead::store
