#pragma once

#include "AuditLocation.h"
#include "AuditProof.h"
#include "core/TenantScope.h"

#include <cstdint>
#include <optional>
#include <pqxx/connection_base>

namespace bulkhead::audit {

// Builds the proofs a tenant's auditor checks offline (AuditProof.h) from the tenant's log as
// stored at its location: the tree over the stored leaf hashes, the record's leaf data from its
// stored JSON (opened when sealed). It judges nothing: a record altered in the database yields a
// proof that fails offline, which is the point. One read-only snapshot per call; O(records).
// Errors: core::Error NotFound (no such record, no checkpoint yet), Conflict (the record is not
// covered by a signed checkpoint yet, or its content was pruned), InvalidArgument (sizes no
// checkpoint has), and the store's errors.
class AuditProver final
{
public:
    explicit AuditProver(pqxx::connection_base &connection, AuditLocation location = {},
                         const RecordCipher *cipher = nullptr)
        : m_connection(connection), m_location(std::move(location)), m_cipher(cipher)
    {
    }

    // Record `sequence` up to the newest signed checkpoint.
    InclusionProof inclusion(const core::TenantScope &scope, std::uint64_t sequence);
    // From the log of `fromSize` records to the checkpoint of `toSize` (the newest if nullopt).
    ConsistencyProof consistency(const core::TenantScope &scope, std::uint64_t fromSize,
                                 std::optional<std::uint64_t> toSize);

    // The newest signed checkpoint, if any (what an evidence pack hands the auditor to keep).
    std::optional<Checkpoint> newestCheckpoint(const core::TenantScope &scope);

private:
    pqxx::connection_base &m_connection;
    AuditLocation m_location;
    const RecordCipher *m_cipher;
};

} // namespace bulkhead::audit
