#pragma once

#include "AuditLocation.h"
#include "Checkpoint.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <pqxx/transaction_base>

namespace bulkhead::audit {

struct MovedLog
{
    std::uint64_t records = 0;
    std::uint64_t checkpoints = 0;  // in the target, the continuity checkpoint included
    // Signed over the whole log as it moved (none for an empty log): the source verified against
    // it before the copy and the target after, so the chain is provably the same on both sides.
    std::optional<Checkpoint> continuity;
};

using AuditConnect = std::function<void(const AuditLocation &, const std::function<void(pqxx::connection &)> &)>;

// Moves one tenant's log from `from` to `to` (a tier change), with every record and checkpoint:
//  1. under the source's audit lock (in-flight appends end first), the source must verify;
//  2. a checkpoint is signed over the whole log unless the newest already covers it;
//  3. each row is copied as it was appended: sealed where the target seals (the key and the
//     binding are the tenant's and the sequence's, so a sealed record copies unchanged), opened
//     where it does not; pruned records stay pruned; leaf hashes and checkpoints are unchanged;
//  4. the copy must verify in the target against that checkpoint before it commits;
//  5. `switchOver` points the tenant's log at the target in a control-plane transaction: the
//     target's own when the target lives in the control-plane database (copy and switch commit
//     together), else one of its own right after the target committed.
// The caller keeps appends away meanwhile (AuditWriter::whilePaused here, the source closed to
// appends for other daemons). A copy a failed earlier attempt left in the target is taken over
// when it is a prefix of the source; anything else there is refused. Throws core::Error.
MovedLog moveLog(const std::string &tenantId, const AuditLocation &from, const AuditLocation &to,
                 const AuditConnect &connect, const RecordCipher &cipher, const CheckpointSigner &signer,
                 const std::function<void(pqxx::transaction_base &controlPlaneTx, const MovedLog &moved)> &switchOver);

} // namespace bulkhead::audit
