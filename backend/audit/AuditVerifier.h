#pragma once

#include "AuditLocation.h"

#include "Checkpoint.h"
#include "core/TenantScope.h"

#include <cstdint>
#include <optional>
#include <pqxx/connection_base>
#include <pqxx/transaction_base>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::audit {

using TenantScope = core::TenantScope;  // the one tenant scope of every store call


enum class Problem {
    None,
    Modified,          // a record's content (or its leaf) no longer matches what was appended
    Deleted,           // a record is missing from the middle of the log
    Inserted,          // a record that was never appended sits in the log
    Reordered,         // records were moved to other positions
    Truncated,         // records a signed checkpoint covers are gone from the end
    BadCheckpoint,     // a checkpoint's signature, key or shape is wrong (forged or altered)
};

std::string_view toString(Problem problem) noexcept;

struct VerificationReport
{
    Problem problem = Problem::None;
    std::optional<std::uint64_t> sequence;  // where the first problem was found, if one place
    std::string detail;
    std::uint64_t records = 0;
    std::uint64_t checkpoints = 0;   // verified signed checkpoints
    std::uint64_t pruned = 0;        // oldest records whose content retention removed
    Hash root;                       // root over all records read (when problem == None)

    bool ok() const noexcept { return problem == Problem::None; }
};

// Re-reads a tenant's log and proves it against its signed checkpoints: every record's leaf is
// recomputed from the stored JSON (in canonical form) and compared with its position, its stored
// leaf hash and the sequence it carries; sequences must be contiguous from 0; every checkpoint
// must carry a valid Ed25519 signature by `publicKey` and match the root recomputed over that
// many leaves. `trusted` checkpoints come from outside the database (an auditor's copy, a
// witness): they also catch an attacker who deleted records AND the checkpoints covering them.
// Reports the first problem found. Database errors throw core::Error.
class AuditVerifier final
{
public:
    // `location` and `cipher`: where the tenant's log lives and how sealed records open
    // (AuditLocation.h); the defaults are the shared Tier 1 tables.
    explicit AuditVerifier(pqxx::connection_base &connection, AuditLocation location = {},
                           const RecordCipher *cipher = nullptr)
        : m_connection(connection), m_location(std::move(location)), m_cipher(cipher)
    {
    }

    VerificationReport verify(const TenantScope &scope, std::span<const std::uint8_t> publicKey,
                              const std::vector<Checkpoint> &trusted = {});
    // The same inside the caller's transaction, already scoped to the tenant's location (the log
    // mover checks a copy before it commits it).
    static VerificationReport verifyWithin(pqxx::transaction_base &tx, const TenantScope &scope,
                                           std::span<const std::uint8_t> publicKey,
                                           const std::vector<Checkpoint> &trusted, const RecordCipher *cipher);

private:
    pqxx::connection_base &m_connection;
    AuditLocation m_location;
    const RecordCipher *m_cipher;
};

} // namespace bulkhead::audit
