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
        const auto pruning = store::auditlog::pruneBefore(tx, tenant, cutoffUs);
        result.pruned = pruning.pruned;
        result.through = pruning.through;
        result.coveredBy = pruning.coveredBy;
        tx.commit();
    });
    return result;
}

} // namespace bulkhead::audit
