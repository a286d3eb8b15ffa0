#include "AuditExport.h"

#include "AuditStorage.h"
#include "store/StoreErrors.h"

#include <pqxx/pqxx>

namespace bulkhead::audit {

store::PlacementChain
exportChain(const AuditLocation &location,
            const std::function<void(const AuditLocation &,
                                     const std::function<void(pqxx::connection &)> &)> &connect,
            const std::string &tenantId)
{
    store::PlacementChain chain;
    store::translateStoreErrors("read the tenant's audit chain", [&] {
        connect(location, [&](pqxx::connection &c) {
            pqxx::read_transaction tx(c);
            storage::scopeTransaction(tx, tenantId, location);
            chain = store::auditlog::chain(tx, tenantId);
        });
    });
    return chain;
}

} // namespace bulkhead::audit
