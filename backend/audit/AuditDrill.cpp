#include "AuditDrill.h"

#include "AuditStorage.h"
#include "store/StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::audit {

LogDrillResult drillLogWithoutPredicate(
    const AuditPlacement &placement,
    const std::function<void(const AuditLocation &,
                             const std::function<void(pqxx::connection &)> &)> &connect,
    const std::string &attackerTenantId, const std::string &victimTenantId)
{
    const AuditLocation victim = placement.locate(victimTenantId);
    const AuditLocation attacker = placement.locate(attackerTenantId);
    LogDrillResult result;
    store::translateStoreErrors("drill the audit log", [&] {
        connect(victim, [&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            storage::scopeTransaction(tx, victimTenantId, victim);
            result.victimRecords = store::auditlog::countRecords(tx, victimTenantId);
        });
        connect(victim, [&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            const auto tenantIds = store::auditlog::tenantIdsWithoutPredicate(
                tx, attackerTenantId, {attacker.schema, attacker.role}, victim.schema);
            if (!tenantIds) {
                result.barrier = "permission_denied";
                return;
            }
            result.rowsReturned = tenantIds->size();
            for (const auto &id : *tenantIds)
                result.victimRowsReturned += id == victimTenantId;
            result.barrier = result.victimRowsReturned > 0 ? "none" : "row_level_security";
        });
    });
    return result;
}

} // namespace bulkhead::audit
