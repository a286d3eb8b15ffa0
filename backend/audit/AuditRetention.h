#pragma once

#include "AuditLocation.h"
#include "core/TenantScope.h"

#include <cstdint>
#include <optional>
#include <pqxx/connection_base>

namespace bulkhead::audit {

using TenantScope = core::TenantScope;  // the one tenant scope of every store call


struct PruneResult
{
    std::uint64_t pruned = 0;                // records whose content was removed now
    std::optional<std::uint64_t> through;    // the log's pruned prefix now ends here
    std::uint64_t coveredBy = 0;             // the signed checkpoint (tree size) proving them
};

// Retention: removes the content of a tenant's oldest records, those recorded before
// `cutoffUs` (Unix microseconds), keeping each one's sequence, time, request id and leaf hash,
// so the Merkle tree and its signed checkpoints still verify (AuditVerifier reports how many
// are pruned). Only a prefix of the log is pruned, and only records a signed checkpoint already
// covers: a record that is not yet proven keeps its content until the next checkpoint. Serialised
// with the tenant's writers. Database errors throw core::Error.
PruneResult pruneBefore(pqxx::connection_base &connection, const TenantScope &scope, std::int64_t cutoffUs,
                        const AuditLocation &location = {});

} // namespace bulkhead::audit
