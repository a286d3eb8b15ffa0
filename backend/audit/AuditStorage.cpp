#include "AuditStorage.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "store/AuditSchema.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace bulkhead::audit::storage {
namespace {

using store::kAuditLockSpace;

} // namespace

namespace {

void enterLocation(pqxx::transaction_base &tx, const AuditLocation &location)
{
    if (!location.role.empty())
        tx.exec0("SET LOCAL ROLE " + tx.quote_name(location.role));
}

} // namespace

void scopeTransaction(pqxx::transaction_base &tx, const std::string &tenantId, const AuditLocation &location)
{
    enterLocation(tx, location);
    tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true), set_config('search_path', $2, true)",
                   tenantId, tx.quote_name(location.schema));
}

void lockTenant(pqxx::transaction_base &tx, const std::string &tenantId)
{
    tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kAuditLockSpace, tenantId);
}

std::uint64_t nextSequence(pqxx::transaction_base &tx, const std::string &tenantId)
{
    return tx
        .exec_params1("SELECT coalesce(max(seq) + 1, 0) FROM audit_records WHERE tenant_id = $1",
                      tenantId)[0]
        .as<std::uint64_t>();
}

Hash hashFromBytea(pqxx::transaction_base &, const pqxx::field &field)
{
    // Read as hex through encode() in the query: no bytea escaping rules to get wrong.
    return crypto::fromHex(field.as<std::string>());
}

std::vector<Hash> leafHashes(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<Hash> out;
    for (const auto &row : tx.exec_params(
             "SELECT encode(leaf_hash, 'hex') FROM audit_records WHERE tenant_id = $1 ORDER BY seq",
             tenantId))
        out.push_back(hashFromBytea(tx, row[0]));
    return out;
}

void scopeAndLockTenant(pqxx::transaction_base &tx, const std::string &tenantId, const AuditLocation &location)
{
    // The role is reset first: a transaction that serves several tenants switches between them.
    tx.exec0("RESET ROLE");
    enterLocation(tx, location);
    tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true), set_config('search_path', $3, true), "
                   "pg_advisory_xact_lock($2, hashtext($1))",
                   tenantId, kAuditLockSpace, tx.quote_name(location.schema));
}

std::string plainRecordJson(const std::string &tenantId, std::uint64_t seq, const std::string &stored,
                            const RecordCipher *cipher)
{
    if (stored.find("\"sealed\"") == std::string::npos)
        return stored;
    const auto doc = nlohmann::json::parse(stored, nullptr, false);
    if (!doc.is_object() || doc.size() != 1 || !doc.contains("sealed") || !doc["sealed"].is_string())
        return stored;
    if (!cipher || !cipher->open)
        throw core::Error(core::ErrorCode::Unavailable, "a sealed audit record needs the tenant's key");
    return cipher->open(tenantId, seq, crypto::fromHex(doc["sealed"].get<std::string>()));
}

void insertRecords(pqxx::transaction_base &tx, const std::string &tenantId,
                   const std::vector<NewRecord> &records, const RecordCipher *cipher)
{
    std::vector<RowCopy> rows;
    rows.reserve(records.size());
    for (const auto &r : records)
        rows.push_back({r.record->sequence, r.record->recordedAtUs, r.record->requestId, r.record->route,
                        std::string(toString(r.record->decision)),
                        cipher && cipher->seal
                            ? nlohmann::json{{"sealed", crypto::toHex(cipher->seal(tenantId, r.record->sequence,
                                                                                   r.canonical))}}
                                  .dump()
                            : r.canonical,
                        r.leaf});
    insertRowCopies(tx, tenantId, rows);
}

void insertCheckpoint(pqxx::transaction_base &tx, const Checkpoint &checkpoint)
{
    tx.exec_params("INSERT INTO audit_checkpoints (tenant_id, tree_size, root_hash, signed_at_us, "
                   "key_id, signature) VALUES ($1, $2, decode($3, 'hex'), $4, $5, "
                   "decode($6, 'hex'))",
                   checkpoint.tenantId, checkpoint.treeSize, crypto::toHex(checkpoint.rootHash),
                   checkpoint.timeUs, checkpoint.keyId, crypto::toHex(checkpoint.signature));
}

std::vector<Checkpoint> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<Checkpoint> out;
    for (const auto &row : tx.exec_params(
             "SELECT tree_size, encode(root_hash, 'hex'), signed_at_us, key_id, "
             "encode(signature, 'hex') FROM audit_checkpoints WHERE tenant_id = $1 "
             "ORDER BY tree_size",
             tenantId)) {
        Checkpoint c;
        c.tenantId = tenantId;
        c.treeSize = row[0].as<std::uint64_t>();
        c.rootHash = hashFromBytea(tx, row[1]);
        c.timeUs = row[2].as<std::int64_t>();
        c.keyId = row[3].as<std::string>();
        c.signature = crypto::fromHex(row[4].as<std::string>());
        out.push_back(std::move(c));
    }
    return out;
}

bool isPruned(const std::string &storedJson)
{
    return storedJson == kPrunedRecord;
}

std::vector<StoredRecord> records(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<StoredRecord> out;
    for (const auto &row :
         tx.exec_params("SELECT seq, record::text, encode(leaf_hash, 'hex') FROM audit_records "
                        "WHERE tenant_id = $1 ORDER BY seq",
                        tenantId))
        out.push_back({row[0].as<std::uint64_t>(), row[1].as<std::string>(),
                       hashFromBytea(tx, row[2])});
    return out;
}

std::vector<RowCopy> rowCopies(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<RowCopy> out;
    // extract() is numeric in PostgreSQL 15: the microseconds are exact.
    for (const auto &row : tx.exec_params(
             "SELECT seq, (extract(epoch FROM recorded_at) * 1000000)::bigint, request_id, route, decision, "
             "record::text, encode(leaf_hash, 'hex') FROM audit_records WHERE tenant_id = $1 ORDER BY seq",
             tenantId))
        out.push_back({row[0].as<std::uint64_t>(), row[1].as<std::int64_t>(), row[2].as<std::string>(),
                       row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
                       hashFromBytea(tx, row[6])});
    return out;
}

void insertRowCopies(pqxx::transaction_base &tx, const std::string &tenantId, const std::vector<RowCopy> &rows)
{
    if (rows.empty())
        return;
    // The rows travel as one JSON array parameter, unpacked by jsonb_to_recordset: a single
    // statement with a fixed text, values only as a parameter.
    nlohmann::json list = nlohmann::json::array();
    for (const auto &r : rows)
        list.push_back({{"seq", r.seq},
                        {"at", r.recordedAtUs},
                        {"request_id", r.requestId},
                        {"route", r.route},
                        {"decision", r.decision},
                        {"record", nlohmann::json::parse(r.recordJson)},
                        {"leaf", crypto::toHex(r.leafHash)}});
    tx.exec_params(
        "INSERT INTO audit_records (tenant_id, seq, recorded_at, request_id, route, decision, record, leaf_hash) "
        "SELECT $1, r.seq, 'epoch'::timestamptz + r.at * interval '1 microsecond', r.request_id, r.route, "
        "r.decision, r.record, decode(r.leaf, 'hex') "
        "FROM jsonb_to_recordset($2::jsonb) AS r(seq bigint, at bigint, request_id text, route text, "
        "decision text, record jsonb, leaf text)",
        tenantId, list.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
}

} // namespace bulkhead::audit::storage
