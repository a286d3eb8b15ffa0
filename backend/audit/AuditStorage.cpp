#include "AuditStorage.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace bulkhead::audit::storage {
namespace {

store::auditlog::Tables tablesOf(const AuditLocation &location)
{
    return {location.schema, location.role};
}

} // namespace

void scopeTransaction(pqxx::transaction_base &tx, const std::string &tenantId,
                      const AuditLocation &location)
{
    store::auditlog::scope(tx, tenantId, tablesOf(location));
}

void scopeAndLockTenant(pqxx::transaction_base &tx, const std::string &tenantId,
                        const AuditLocation &location)
{
    store::auditlog::scopeAndLock(tx, tenantId, tablesOf(location));
}

void leaveTenantRole(pqxx::transaction_base &tx)
{
    store::auditlog::leaveRole(tx);
}

std::string plainRecordJson(const std::string &tenantId, std::uint64_t seq,
                            const std::string &stored, const RecordCipher *cipher)
{
    if (stored.find("\"sealed\"") == std::string::npos)
        return stored;
    const auto doc = nlohmann::json::parse(stored, nullptr, false);
    if (!doc.is_object() || doc.size() != 1 || !doc.contains("sealed") ||
        !doc["sealed"].is_string())
        return stored;
    if (!cipher || !cipher->open)
        throw core::Error(core::ErrorCode::Unavailable,
                          "a sealed audit record needs the tenant's key");
    return cipher->open(tenantId, seq, crypto::fromHex(doc["sealed"].get<std::string>()));
}

namespace {

// The rows as written: with a cipher, {"sealed": "<hex envelope>"} in place of each record.
std::vector<store::auditlog::Row> rowsOf(const std::string &tenantId, const std::vector<NewRecord> &records,
                                         const RecordCipher *cipher)
{
    std::vector<store::auditlog::Row> rows;
    rows.reserve(records.size());
    for (const auto &r : records)
        rows.push_back(
            {r.record->sequence, r.record->recordedAtUs, r.record->requestId, r.record->route,
             std::string(toString(r.record->decision)),
             cipher && cipher->seal
                 ? nlohmann::json{{"sealed", crypto::toHex(cipher->seal(
                                                 tenantId, r.record->sequence, r.canonical))}}
                       .dump()
                 : r.canonical,
             r.leaf});
    return rows;
}

std::optional<store::auditlog::CheckpointRow> checkpointRowOf(const Checkpoint *checkpoint)
{
    if (!checkpoint)
        return std::nullopt;
    return store::auditlog::CheckpointRow{checkpoint->treeSize, checkpoint->rootHash, checkpoint->timeUs,
                                          checkpoint->keyId, checkpoint->signature};
}

} // namespace

bool appendRecords(pqxx::transaction_base &tx, const std::string &tenantId, const AuditLocation &location,
                   const std::vector<NewRecord> &records, const Checkpoint *checkpoint,
                   const RecordCipher *cipher)
{
    // The control plane's function serves its Tier 1 and 2 tables; a database of the tenant's own
    // has it in the placement's schema.
    const auto function = location.inControlPlane() ? store::auditlog::AppendFunction::ControlPlane
                                                    : store::auditlog::AppendFunction::Placement;
    const auto signedRow = checkpointRowOf(checkpoint);
    return store::auditlog::appendRows(tx, tenantId, tablesOf(location), function,
                                       rowsOf(tenantId, records, cipher), signedRow ? &*signedRow : nullptr);
}

std::set<std::string> appendRecordsOfTenants(pqxx::transaction_base &tx, const std::vector<TenantAppend> &appends,
                                             const RecordCipher *cipher)
{
    std::vector<std::optional<store::auditlog::CheckpointRow>> signedRows;
    signedRows.reserve(appends.size());  // stable: the statement's items point into it
    std::vector<store::auditlog::TenantRows> items;
    items.reserve(appends.size());
    for (const auto &a : appends) {
        if (!a.location->inControlPlane())
            throw core::Error(core::ErrorCode::Internal, "a tenant's own database has no batch append");
        signedRows.push_back(checkpointRowOf(a.checkpoint));
        items.push_back({a.tenantId, tablesOf(*a.location),
                         rowsOf(a.tenantId, *a.records, a.location->sealed ? cipher : nullptr),
                         signedRows.back() ? &*signedRows.back() : nullptr});
    }
    return store::auditlog::appendRowsOfTenants(tx, items);
}

void installAppend(pqxx::transaction_base &tx, const AuditLocation &location)
{
    store::auditlog::installAppend(tx, tablesOf(location));
}

void insertCheckpoint(pqxx::transaction_base &tx, const Checkpoint &checkpoint)
{
    store::auditlog::insertCheckpoint(tx, checkpoint.tenantId,
                                      {checkpoint.treeSize, checkpoint.rootHash, checkpoint.timeUs,
                                       checkpoint.keyId, checkpoint.signature});
}

std::vector<Checkpoint> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<Checkpoint> out;
    for (auto &row : store::auditlog::checkpoints(tx, tenantId)) {
        Checkpoint c;
        c.tenantId = tenantId;
        c.treeSize = row.treeSize;
        c.rootHash = std::move(row.rootHash);
        c.timeUs = row.signedAtUs;
        c.keyId = std::move(row.keyId);
        c.signature = std::move(row.signature);
        out.push_back(std::move(c));
    }
    return out;
}

bool isPruned(const std::string &storedJson)
{
    return storedJson == store::auditlog::kPrunedRecord;
}

} // namespace bulkhead::audit::storage
