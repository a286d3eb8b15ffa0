#include "AuditProver.h"

#include "AuditRecord.h"
#include "AuditStorage.h"
#include "core/Error.h"
#include "store/StoreErrors.h"

#include <algorithm>

#include <pqxx/pqxx>

namespace bulkhead::audit {
namespace {

using core::Error;
using core::ErrorCode;

// The stored leaf hashes, in sequence order. A gap or a malformed hash leaves the tree short:
// proofs past it then fail offline instead of being made up here.
MerkleTree storedTree(const std::vector<store::auditlog::StoredRecord> &records)
{
    MerkleTree tree;
    for (std::uint64_t i = 0; i < records.size(); ++i) {
        if (records[i].seq != i || records[i].leafHash.size() != kHashSize)
            break;
        tree.append(records[i].leafHash);
    }
    return tree;
}

template <typename Work>
auto inSnapshot(pqxx::connection_base &connection, const core::TenantScope &scope, const AuditLocation &location,
                Work &&work)
{
    return store::translateStoreErrors("read the audit log", [&] {
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(connection);
        storage::scopeTransaction(tx, scope.tenantId(), location);
        auto result = work(tx);
        tx.commit();
        return result;
    });
}

} // namespace

InclusionProof AuditProver::inclusion(const core::TenantScope &scope, std::uint64_t sequence)
{
    const auto &tenant = scope.tenantId();
    return inSnapshot(m_connection, scope, m_location, [&](pqxx::transaction_base &tx) {
        const auto checkpoints = storage::checkpoints(tx, tenant);
        const auto records = store::auditlog::records(tx, tenant);
        if (checkpoints.empty())
            throw Error(ErrorCode::NotFound, "the log has no signed checkpoint yet", "seq");
        const Checkpoint &newest = checkpoints.back();  // ordered by tree size
        if (sequence >= newest.treeSize) {
            // Existence of a record past the checkpoint is not hidden from its own tenant.
            const bool exists = sequence < records.size();
            throw Error(exists ? ErrorCode::Conflict : ErrorCode::NotFound,
                        exists ? "the record is not covered by a signed checkpoint yet; ask again after the next one"
                               : "no such record",
                        "seq");
        }
        const auto stored = std::find_if(records.begin(), records.end(),
                                         [&](const store::auditlog::StoredRecord &r) { return r.seq == sequence; });
        if (stored == records.end())
            throw Error(ErrorCode::NotFound, "no such record", "seq");
        if (storage::isPruned(stored->recordJson))
            throw Error(ErrorCode::Conflict, "the record's content was removed by retention; its leaf stays", "seq");
        InclusionProof proof;
        proof.tenantId = tenant;
        proof.sequence = sequence;
        proof.storedLeafHash = stored->leafHash;
        try {
            proof.leafData = canonicalForm(storage::plainRecordJson(tenant, sequence, stored->recordJson, m_cipher));
        } catch (const Error &) {
            // Not JSON any more: hand out what is stored, it fails offline.
            proof.leafData = stored->recordJson;
        }
        const MerkleTree tree = storedTree(records);
        if (tree.size() < newest.treeSize)
            throw Error(ErrorCode::Conflict,
                        "the log holds fewer contiguous records than its newest checkpoint covers; "
                        "GET /admin/v1/logs/verify says where",
                        "seq");
        proof.path = tree.inclusionProof(sequence, newest.treeSize);
        proof.checkpoint = newest;
        return proof;
    });
}

ConsistencyProof AuditProver::consistency(const core::TenantScope &scope, std::uint64_t fromSize,
                                          std::optional<std::uint64_t> toSize)
{
    const auto &tenant = scope.tenantId();
    if (fromSize == 0)
        throw Error(ErrorCode::InvalidArgument, "from: a checkpoint's size, at least 1", "from");
    return inSnapshot(m_connection, scope, m_location, [&](pqxx::transaction_base &tx) {
        const auto checkpoints = storage::checkpoints(tx, tenant);
        if (checkpoints.empty())
            throw Error(ErrorCode::NotFound, "the log has no signed checkpoint yet", "from");
        const Checkpoint *to = &checkpoints.back();
        if (toSize) {
            to = nullptr;
            for (const auto &c : checkpoints)
                if (c.treeSize == *toSize)
                    to = &c;
            if (!to)
                throw Error(ErrorCode::NotFound, "to: no signed checkpoint of that size", "to");
        }
        if (fromSize > to->treeSize)
            throw Error(ErrorCode::InvalidArgument, "from: larger than the checkpoint it should lead to", "from");
        const MerkleTree tree = storedTree(store::auditlog::records(tx, tenant));
        if (tree.size() < to->treeSize)
            throw Error(ErrorCode::Conflict,
                        "the log holds fewer contiguous records than the checkpoint covers; "
                        "GET /admin/v1/logs/verify says where",
                        "to");
        ConsistencyProof proof;
        proof.tenantId = tenant;
        proof.fromSize = fromSize;
        for (const auto &c : checkpoints)
            if (c.treeSize == fromSize)
                proof.from = c;
        proof.path = tree.consistencyProof(fromSize, to->treeSize);
        proof.to = *to;
        return proof;
    });
}

std::optional<Checkpoint> AuditProver::newestCheckpoint(const core::TenantScope &scope)
{
    return inSnapshot(m_connection, scope, m_location, [&](pqxx::transaction_base &tx) -> std::optional<Checkpoint> {
        auto all = storage::checkpoints(tx, scope.tenantId());
        if (all.empty())
            return std::nullopt;
        return std::move(all.back());
    });
}

} // namespace bulkhead::audit
