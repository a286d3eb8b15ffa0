#pragma once

#include "AuditLocation.h"
#include "store/TenantRepository.h"

#include <functional>
#include <string>

namespace bulkhead::audit {

// A tenant's whole chain as stored at its location (records still sealed where the location
// seals them, leaf hashes and signed checkpoints unchanged), read as the tenant's role, for the
// archive that outlives the placement when the tenant is removed. `connect` runs work on a
// connection to the location.
store::PlacementChain exportChain(
    const AuditLocation &location,
    const std::function<void(const AuditLocation &, const std::function<void(pqxx::connection &)> &)> &connect,
    const std::string &tenantId);

} // namespace bulkhead::audit
