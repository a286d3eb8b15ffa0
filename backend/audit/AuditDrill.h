#pragma once

#include "AuditLocation.h"

#include <cstddef>
#include <functional>
#include <string>

namespace bulkhead::audit {

// What a probe's log drill saw. The attacker's audit transaction, set up as the log reader sets
// it up for the attacker (its role, its RLS tenant setting), is pointed at the victim's audit
// table WITHOUT the tenant predicate: only the database's own barrier (row-level security, a
// role without rights on the victim's schema, a database the attacker's role cannot use) stands
// between the attacker and the victim's records.
struct LogDrillResult
{
    std::size_t victimRecords = 0;       // the victim's records, counted in the victim's own scope
    std::size_t rowsReturned = 0;        // rows the unscoped read handed back
    std::size_t victimRowsReturned = 0;  // of those, the victim's
    // What held: "row_level_security", "permission_denied", or "none" (the victim's rows came back).
    std::string barrier;
};

// `connect` runs work on a connection to a location (the control plane for an empty
// connection key). Throws core::Error when the database cannot be reached.
LogDrillResult drillLogWithoutPredicate(
    const AuditPlacement &placement,
    const std::function<void(const AuditLocation &, const std::function<void(pqxx::connection &)> &)> &connect,
    const std::string &attackerTenantId, const std::string &victimTenantId);

} // namespace bulkhead::audit
