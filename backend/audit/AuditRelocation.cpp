#include "AuditRelocation.h"

#include "AuditRecord.h"
#include "AuditStorage.h"
#include "AuditVerifier.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "store/StoreErrors.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <set>

namespace bulkhead::audit {
namespace {

using core::Error;
using core::ErrorCode;

std::int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void requireVerified(const VerificationReport &report, const char *where)
{
    if (!report.ok())
        throw Error(ErrorCode::Internal, std::string("the audit log failed verification ") + where + ": " +
                                             std::string(toString(report.problem)) + " (" + report.detail + ")");
}

// The record column as the target stores it.
std::string forTarget(const std::string &tenantId, const store::auditlog::Row &row, const AuditLocation &from,
                      const AuditLocation &to, const RecordCipher &cipher)
{
    if (storage::isPruned(row.recordJson) || from.sealed == to.sealed)
        return row.recordJson;
    if (to.sealed) {
        const auto canonical = canonicalForm(row.recordJson);
        return nlohmann::json{{"sealed", crypto::toHex(cipher.seal(tenantId, row.seq, canonical))}}.dump();
    }
    return canonicalForm(storage::plainRecordJson(tenantId, row.seq, row.recordJson, &cipher));
}

} // namespace

MovedLog moveLog(const std::string &tenantId, const AuditLocation &from, const AuditLocation &to,
                 const AuditConnect &connect, const RecordCipher &cipher, const CheckpointSigner &signer,
                 const std::function<void(pqxx::transaction_base &, const MovedLog &)> &switchOver)
{
    if (from == to)
        throw Error(ErrorCode::InvalidArgument, "the audit log is already there", "tier");
    if ((from.sealed || to.sealed) && (!cipher.seal || !cipher.open))
        throw Error(ErrorCode::Unavailable, "moving a sealed audit log needs the tenant's key");
    const TenantScope scope(tenantId);
    const auto publicKey = signer.publicKey();

    // 1. The source, whole and verified, read under its lock.
    std::vector<store::auditlog::Row> rows;
    std::vector<Checkpoint> checkpoints;
    VerificationReport source;
    store::translateStoreErrors("read the audit log to move", [&] {
        connect(from, [&](pqxx::connection &c) {
            pqxx::work tx(c);
            storage::scopeAndLockTenant(tx, tenantId, from);
            source = AuditVerifier::verifyWithin(tx, scope, publicKey, {}, from.sealed ? &cipher : nullptr);
            rows = store::auditlog::rows(tx, tenantId);
            checkpoints = storage::checkpoints(tx, tenantId);
            tx.commit();
        });
    });
    requireVerified(source, "before the move");

    // 2. A signed statement of the whole log as it moves.
    MovedLog moved;
    moved.records = rows.size();
    if (!rows.empty()) {
        if (!checkpoints.empty() && checkpoints.back().treeSize == rows.size()) {
            moved.continuity = checkpoints.back();
        } else {
            Checkpoint c{tenantId, rows.size(), source.root, nowUs(), {}, {}};
            signCheckpoint(c, signer);
            checkpoints.push_back(c);
            moved.continuity = std::move(c);
        }
    }
    moved.checkpoints = checkpoints.size();
    std::vector<store::auditlog::Row> copies;
    copies.reserve(rows.size());
    for (const auto &row : rows) {
        auto copy = row;
        copy.recordJson = forTarget(tenantId, row, from, to, cipher);
        copies.push_back(std::move(copy));
    }

    // 3 and 4. The copy, verified in the target before it commits.
    const bool targetIsControlPlane = to.inControlPlane();
    store::translateStoreErrors("write the moved audit log", [&] {
        connect(to, [&](pqxx::connection &c) {
            pqxx::work tx(c);
            if (targetIsControlPlane)
                switchOver(tx, moved);  // first: the shared tables take rows only of a log placed there
            storage::scopeAndLockTenant(tx, tenantId, to);
            const auto present = store::auditlog::leafHashes(tx, tenantId);
            if (present.size() > copies.size())
                throw Error(ErrorCode::Internal, "the target holds more of the tenant's audit log than the source");
            for (std::size_t i = 0; i < present.size(); ++i)
                if (present[i] != copies[i].leafHash)
                    throw Error(ErrorCode::Internal, "the target holds another audit log of the tenant");
            store::auditlog::insertRows(
                tx, tenantId,
                std::vector<store::auditlog::Row>(copies.begin() + static_cast<std::ptrdiff_t>(present.size()),
                                              copies.end()));
            std::set<std::uint64_t> sizes;
            for (const auto &existing : storage::checkpoints(tx, tenantId))
                sizes.insert(existing.treeSize);
            for (const auto &checkpoint : checkpoints)
                if (!sizes.contains(checkpoint.treeSize))
                    storage::insertCheckpoint(tx, checkpoint);
            std::vector<Checkpoint> trusted;
            if (moved.continuity)
                trusted.push_back(*moved.continuity);
            const auto target =
                AuditVerifier::verifyWithin(tx, scope, publicKey, trusted, to.sealed ? &cipher : nullptr);
            requireVerified(target, "in its new place");
            if (target.records != moved.records)
                throw Error(ErrorCode::Internal, "the moved audit log holds " + std::to_string(target.records) +
                                                     " records, the source " + std::to_string(moved.records));
            tx.commit();
        });
    });
    // 5. A target of its own database: switch once it committed.
    if (!targetIsControlPlane)
        store::translateStoreErrors("switch the audit log", [&] {
            connect(AuditLocation{}, [&](pqxx::connection &c) {
                pqxx::work tx(c);
                switchOver(tx, moved);
                tx.commit();
            });
        });
    return moved;
}

} // namespace bulkhead::audit
