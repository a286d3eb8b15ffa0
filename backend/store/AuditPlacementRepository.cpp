#include "AuditPlacementRepository.h"

#include "StoreErrors.h"
#include "core/Error.h"

#include <pqxx/pqxx>

namespace bulkhead::store {

std::optional<int> AuditPlacementRepository::tierOf(const std::string &tenantId)
{
    return translateStoreErrors("read the audit placement", [&]() -> std::optional<int> {
        pqxx::read_transaction tx(m_connection);
        const auto rows = tx.exec_params("SELECT tier FROM audit_placements WHERE tenant_id = $1", tenantId);
        if (rows.empty())
            return std::nullopt;
        return rows[0][0].as<int>();
    });
}

int AuditPlacementRepository::claim(const std::string &tenantId, int tier)
{
    return translateStoreErrors("place the audit log", [&] {
        pqxx::work tx(m_connection);
        const int chosen = tx.exec_params1("INSERT INTO audit_placements (tenant_id, tier) VALUES ($1, $2) "
                                           "ON CONFLICT (tenant_id) DO UPDATE SET tier = audit_placements.tier "
                                           "RETURNING tier",
                                           tenantId, tier)[0]
                               .as<int>();
        tx.commit();
        return chosen;
    });
}

void AuditPlacementRepository::setMoving(const std::string &tenantId, bool moving)
{
    translateStoreErrors("mark the audit log moving", [&] {
        pqxx::work tx(m_connection);
        tx.exec_params("UPDATE audit_placements SET state = $2 WHERE tenant_id = $1", tenantId,
                       std::string(moving ? "moving" : "active"));
        tx.commit();
    });
}

void AuditPlacementRepository::switchOver(pqxx::transaction_base &tx, const Relocation &r)
{
    tx.exec0("RESET ROLE");
    tx.exec_params("UPDATE audit_placements SET tier = $2, state = 'active' WHERE tenant_id = $1", r.tenantId,
                   r.toTier);
    const bool signedMove = r.treeSize > 0;
    const auto id = tx.exec_params1(
                          "INSERT INTO audit_relocations (incarnation, tenant_id, from_tier, to_tier, records, "
                          "tree_size, root_hash, signed_at_us, key_id, signature) "
                          "SELECT incarnation, id, $2, $3, $4, $5, decode($6, 'hex'), $7, $8, decode($9, 'hex') "
                          "FROM tenants WHERE id = $1 RETURNING id::text",
                          r.tenantId, r.fromTier, r.toTier, static_cast<long long>(r.records),
                          static_cast<long long>(r.treeSize),
                          signedMove ? std::optional(r.rootHashHex) : std::nullopt,
                          signedMove ? std::optional(r.signedAtUs) : std::nullopt,
                          signedMove ? std::optional(r.keyId) : std::nullopt,
                          signedMove ? std::optional(r.signatureHex) : std::nullopt)[0]
                        .as<std::string>();
    if (r.fromTier != 1)
        return;  // a Tier 2/3 log goes with its placement
    // Row-level security on the shared tables is keyed on the session's tenant; the trigger lets a
    // row go only for the move just recorded.
    tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true), set_config('bulkhead.relocating', $2, true), "
                   "set_config('search_path', 'public', true)",
                   r.tenantId, id);
    const auto records = tx.exec_params("DELETE FROM audit_records WHERE tenant_id = $1", r.tenantId).affected_rows();
    tx.exec_params("DELETE FROM audit_checkpoints WHERE tenant_id = $1", r.tenantId);
    if (records != r.records)
        throw core::Error(core::ErrorCode::Internal, "the shared audit tables held " + std::to_string(records) +
                                                         " of the tenant's records, the move copied " +
                                                         std::to_string(r.records));
    tx.exec("SELECT set_config('bulkhead.relocating', '', true)");
}

std::optional<AuditPlacementRepository::Relocation> AuditPlacementRepository::latest(const std::string &tenantId)
{
    return translateStoreErrors("read the audit log's moves", [&]() -> std::optional<Relocation> {
        pqxx::read_transaction tx(m_connection);
        const auto rows = tx.exec_params(
            "SELECT r.from_tier, r.to_tier, r.records, r.tree_size, coalesce(encode(r.root_hash, 'hex'), ''), "
            "       coalesce(r.signed_at_us, 0), coalesce(r.key_id, ''), coalesce(encode(r.signature, 'hex'), ''), "
            "       to_char(r.moved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
            "FROM audit_relocations r JOIN tenants t ON t.id = r.tenant_id AND t.incarnation = r.incarnation "
            "WHERE r.tenant_id = $1 ORDER BY r.moved_at DESC, r.records DESC LIMIT 1",
            tenantId);
        if (rows.empty())
            return std::nullopt;
        const auto &row = rows[0];
        return Relocation{tenantId,
                          row[0].as<int>(),
                          row[1].as<int>(),
                          row[2].as<std::uint64_t>(),
                          row[3].as<std::uint64_t>(),
                          row[4].as<std::string>(),
                          row[5].as<std::int64_t>(),
                          row[6].as<std::string>(),
                          row[7].as<std::string>(),
                          row[8].as<std::string>()};
    });
}

} // namespace bulkhead::store
