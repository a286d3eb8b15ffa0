#include "AuditVerifier.h"

#include "AuditRecord.h"
#include "AuditStorage.h"
#include "crypto/SecureBytes.h"
#include "core/Error.h"
#include "store/StoreErrors.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

namespace bulkhead::audit {
namespace {

VerificationReport problemAt(Problem problem, std::optional<std::uint64_t> sequence,
                             std::string detail, std::uint64_t records)
{
    VerificationReport report;
    report.problem = problem;
    report.sequence = sequence;
    report.detail = std::move(detail);
    report.records = records;
    return report;
}

struct Row
{
    std::uint64_t seq;
    Hash leaf;               // recomputed from the stored JSON
    Hash storedLeaf;
    std::optional<AuditRecord> record;  // nullopt: the JSON no longer parses as a record
    bool pruned = false;                // retention removed its content (storage::isPruned)
};

} // namespace

std::string_view toString(Problem problem) noexcept
{
    switch (problem) {
    case Problem::None: return "none";
    case Problem::Modified: return "modified";
    case Problem::Deleted: return "deleted";
    case Problem::Inserted: return "inserted";
    case Problem::Reordered: return "reordered";
    case Problem::Truncated: return "truncated";
    case Problem::BadCheckpoint: return "bad_checkpoint";
    }
    return "unknown";
}

VerificationReport AuditVerifier::verify(const TenantScope &scope,
                                         std::span<const std::uint8_t> publicKey,
                                         const std::vector<Checkpoint> &trusted)
{
    return store::translateStoreErrors("read the audit log", [&] {
        // One snapshot for records and checkpoints, so a concurrent append cannot look like
        // a truncation.
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
            tx(m_connection);
        storage::scopeTransaction(tx, scope.tenantId(), m_location);
        auto report = verifyWithin(tx, scope, publicKey, trusted, m_cipher);
        tx.commit();
        return report;
    });
}

VerificationReport AuditVerifier::verifyWithin(pqxx::transaction_base &tx, const TenantScope &scope,
                                               std::span<const std::uint8_t> publicKey,
                                               const std::vector<Checkpoint> &trusted, const RecordCipher *cipher)
{
    const auto &tenant = scope.tenantId();
    std::vector<store::auditlog::StoredRecord> stored = store::auditlog::records(tx, tenant);
    std::vector<Checkpoint> checkpoints = storage::checkpoints(tx, tenant);
    const auto n = static_cast<std::uint64_t>(stored.size());

    // 1. Checkpoints: each must be signed by the platform key for this tenant. The trusted ones
    // join the database's; a trusted one the database lost still binds the log.
    for (const auto &t : trusted)
        checkpoints.push_back(t);
    for (const auto &c : checkpoints) {
        if (c.tenantId != tenant || !verifyCheckpoint(c, publicKey))
            return problemAt(Problem::BadCheckpoint, c.treeSize,
                             "checkpoint at size " + std::to_string(c.treeSize) +
                                 " is not validly signed for " + tenant,
                             n);
    }

    // 2. Records, one by one: each must be what was appended at its position.
    std::vector<Row> rows;
    rows.reserve(stored.size());
    std::map<std::uint64_t, int> embeddedCount;
    for (auto &s : stored) {
        Row row{s.seq, {}, std::move(s.leafHash), std::nullopt};
        if (storage::isPruned(s.recordJson)) {
            // Retention took the content; the leaf stays, checked against the signed roots below.
            row.pruned = true;
            row.leaf = row.storedLeaf;
            rows.push_back(std::move(row));
            continue;
        }
        try {
            const auto canonical = canonicalForm(storage::plainRecordJson(tenant, s.seq, s.recordJson, cipher));
            row.leaf = leafHash(crypto::asBytes(canonical));
            row.record = recordFromJson(canonical);
            ++embeddedCount[row.record->sequence];
        } catch (const core::Error &) {
            // Unparseable: reported as modified below.
        }
        rows.push_back(std::move(row));
    }
    MerkleTree tree;
    std::uint64_t pruned = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto &row = rows[i];
        if (row.pruned) {
            // Retention prunes the oldest records only: a hole later in the log is a deletion.
            if (row.seq != i || pruned != i)
                return problemAt(Problem::Deleted, row.seq,
                                 "record " + std::to_string(row.seq) +
                                     " lost its content out of order (retention prunes only the oldest records)",
                                 n);
            ++pruned;
            tree.append(row.leaf);
            continue;
        }
        if (!row.record)
            return problemAt(Problem::Modified, row.seq, "record no longer parses", n);
        if (row.leaf != row.storedLeaf)
            return problemAt(Problem::Modified, row.seq,
                             "record content does not match its leaf hash", n);
        const auto embedded = row.record->sequence;
        if (row.record->tenantId != tenant)
            return problemAt(Problem::Inserted, row.seq,
                             "record belongs to tenant " + row.record->tenantId, n);
        if (embedded != row.seq) {
            if (embedded < row.seq)
                return problemAt(embeddedCount[embedded] > 1 ? Problem::Inserted
                                                             : Problem::Reordered,
                                 row.seq,
                                 "record appended as " + std::to_string(embedded) +
                                     " is stored as " + std::to_string(row.seq),
                                 n);
            return problemAt(embeddedCount.contains(row.seq) ? Problem::Reordered
                                                             : Problem::Deleted,
                             row.seq,
                             "record appended as " + std::to_string(embedded) +
                                 " is stored as " + std::to_string(row.seq),
                             n);
        }
        if (row.seq != i)
            return problemAt(Problem::Deleted, i,
                             "sequence " + std::to_string(i) + " is missing", n);
        tree.append(row.leaf);
    }

    // 3. Every signed root must be the root over that many of the records read.
    std::sort(checkpoints.begin(), checkpoints.end(),
              [](const Checkpoint &a, const Checkpoint &b) { return a.treeSize < b.treeSize; });
    for (const auto &c : checkpoints) {
        if (c.treeSize > n)
            return problemAt(Problem::Truncated, n,
                             "a checkpoint covers " + std::to_string(c.treeSize) +
                                 " records, the log holds " + std::to_string(n),
                             n);
        if (tree.root(c.treeSize) != c.rootHash)
            return problemAt(Problem::Modified, std::nullopt,
                             "records before " + std::to_string(c.treeSize) +
                                 " were rewritten: the signed root differs",
                             n);
    }

    // A pruned record is proven only by a signed root over it: content removed beyond the last
    // checkpoint could have been anything.
    if (pruned > 0 && (checkpoints.empty() || checkpoints.back().treeSize < pruned))
        return problemAt(Problem::Modified, pruned - 1,
                         "records up to " + std::to_string(pruned - 1) +
                             " lost their content but no signed checkpoint covers them",
                         n);

    VerificationReport report;
    report.records = n;
    report.pruned = pruned;
    report.checkpoints = checkpoints.size();
    report.root = tree.root();
    return report;
}

} // namespace bulkhead::audit
