#include "AuditDrill.h"

#include "AuditStorage.h"
#include "store/StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::audit {

LogDrillResult drillLogWithoutPredicate(
    const AuditPlacement &placement,
    const std::function<void(const AuditLocation &, const std::function<void(pqxx::connection &)> &)> &connect,
    const std::string &attackerTenantId, const std::string &victimTenantId)
{
    const AuditLocation victim = placement.locate(victimTenantId);
    const AuditLocation attacker = placement.locate(attackerTenantId);
    LogDrillResult result;
    store::translateStoreErrors("drill the audit log", [&] {
        connect(victim, [&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            storage::scopeTransaction(tx, victimTenantId, victim);
            result.victimRecords =
                tx.exec_params1("SELECT count(*) FROM audit_records WHERE tenant_id = $1", victimTenantId)[0]
                    .as<std::size_t>();
        });
        connect(victim, [&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            try {
                storage::scopeTransaction(tx, attackerTenantId, attacker);
                const auto rows = tx.exec("SELECT tenant_id FROM " + tx.quote_name(victim.schema) + ".audit_records");
                result.rowsReturned = rows.size();
                for (const auto &row : rows)
                    result.victimRowsReturned += row[0].as<std::string>() == victimTenantId;
                result.barrier = result.victimRowsReturned > 0 ? "none" : "row_level_security";
            } catch (const pqxx::insufficient_privilege &) {
                result.barrier = "permission_denied";
            } catch (const pqxx::sql_error &e) {
                if (e.sqlstate() != "42704" && e.sqlstate() != "3F000")  // no such role or schema here
                    throw;
                result.barrier = "permission_denied";
            }
        });
    });
    return result;
}

} // namespace bulkhead::audit
