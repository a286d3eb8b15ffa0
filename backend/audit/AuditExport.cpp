#include "AuditExport.h"

#include "AuditStorage.h"
#include "store/StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::audit {

store::PlacementChain exportChain(
    const AuditLocation &location,
    const std::function<void(const AuditLocation &, const std::function<void(pqxx::connection &)> &)> &connect,
    const std::string &tenantId)
{
    store::PlacementChain chain;
    store::translateStoreErrors("read the tenant's audit chain", [&] {
        connect(location, [&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            storage::scopeTransaction(tx, tenantId, location);
            for (const auto &row : tx.exec_params(
                     "SELECT seq, recorded_at::text, request_id, route, decision, record::text, "
                     "encode(leaf_hash, 'hex') FROM audit_records WHERE tenant_id = $1 ORDER BY seq",
                     tenantId))
                chain.records.push_back({row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>(),
                                         row[3].as<std::string>(), row[4].as<std::string>(),
                                         row[5].as<std::string>(), row[6].as<std::string>()});
            for (const auto &row : tx.exec_params(
                     "SELECT tree_size, encode(root_hash, 'hex'), signed_at_us, key_id, encode(signature, 'hex') "
                     "FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY tree_size",
                     tenantId))
                chain.checkpoints.push_back({row[0].as<long long>(), row[1].as<std::string>(),
                                             row[2].as<long long>(), row[3].as<std::string>(),
                                             row[4].as<std::string>()});
        });
    });
    return chain;
}

} // namespace bulkhead::audit
