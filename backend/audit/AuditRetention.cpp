#include "AuditRetention.h"

#include "AuditStorage.h"

#include "store/StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::audit {

PruneResult pruneBefore(pqxx::connection_base &connection, const TenantScope &scope, std::int64_t cutoffUs,
                        const AuditLocation &location)
{
    const auto &tenant = scope.tenantId();
    PruneResult result;
    store::translateStoreErrors("apply audit retention", [&] {
        pqxx::work tx(connection);
        storage::scopeAndLockTenant(tx, tenant, location);
        tx.exec("SELECT set_config('bulkhead.pruning', 'on', true)");
        // The prefix ends before the first record that is still young enough, and within the
        // largest signed checkpoint.
        const auto bounds = tx.exec_params1(
            "SELECT (SELECT coalesce(max(tree_size), 0) FROM audit_checkpoints WHERE tenant_id = $1), "
            "       (SELECT min(seq) FROM audit_records WHERE tenant_id = $1 AND recorded_at >= "
            "            'epoch'::timestamptz + $2::bigint * interval '1 microsecond')",
            tenant, cutoffUs);
        result.coveredBy = bounds[0].as<std::uint64_t>();
        std::uint64_t end = result.coveredBy;
        if (!bounds[1].is_null())
            end = std::min(end, bounds[1].as<std::uint64_t>());
        if (end > 0) {
            const auto updated = tx.exec_params(
                "UPDATE audit_records SET record = $3::jsonb WHERE tenant_id = $1 AND seq < $2 AND record <> $3::jsonb",
                tenant, end, storage::kPrunedRecord);
            result.pruned = updated.affected_rows();
            result.through = end - 1;
        }
        tx.commit();
    });
    return result;
}

} // namespace bulkhead::audit
