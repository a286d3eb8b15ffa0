#include "AuditLogTables.h"

#include "AuditSchema.h"
#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "core/JsonText.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

namespace bulkhead::store::auditlog {
namespace {

void actAs(pqxx::transaction_base &tx, const Tables &tables)
{
    if (!tables.role.empty())
        tx.exec0("SET LOCAL ROLE " + tx.quote_name(tables.role));
}

// Hashes and signatures are read as hex through encode() in the query: no bytea escaping rules
// to get wrong.
Bytes bytesFromHex(const pqxx::field &field)
{
    return crypto::fromHex(field.as<std::string>());
}

std::optional<std::string> optionalText(const std::optional<std::int64_t> &value)
{
    return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

} // namespace

void scope(pqxx::transaction_base &tx, const std::string &tenantId, const Tables &tables)
{
    actAs(tx, tables);
    tx.exec_params(
        "SELECT set_config('bulkhead.tenant', $1, true), set_config('search_path', $2, true)",
        tenantId, tx.quote_name(tables.schema));
}

void scopeAndLock(pqxx::transaction_base &tx, const std::string &tenantId, const Tables &tables)
{
    // set_config('role', ...) is SET LOCAL ROLE as a value ("none": the session user, as a
    // transaction serving several tenants must be between them); PostgreSQL checks the session
    // user's membership the same way. One statement: the writer pays a round trip per tenant.
    tx.conn().prepare("bulkhead_audit_scope_and_lock",
                      "SELECT set_config('role', $4, true), set_config('bulkhead.tenant', $1, true), "
                      "set_config('search_path', $3, true), pg_advisory_xact_lock($2, hashtext($1))");
    tx.exec_prepared("bulkhead_audit_scope_and_lock", tenantId, kAuditLockSpace, tx.quote_name(tables.schema),
                     tables.role.empty() ? std::string("none") : tables.role);
}

void leaveRole(pqxx::transaction_base &tx)
{
    tx.exec0("SET LOCAL ROLE NONE");
}

std::uint64_t nextSequence(pqxx::transaction_base &tx, const std::string &tenantId)
{
    return tx
        .exec_params1("SELECT coalesce(max(seq) + 1, 0) FROM audit_records WHERE tenant_id = $1",
                      tenantId)[0]
        .as<std::uint64_t>();
}

bool waitsForSynchronousStandby(pqxx::transaction_base &tx)
{
    return tx
        .exec1("SELECT current_setting('synchronous_standby_names') <> '' "
               "AND current_setting('synchronous_commit') IN ('on', 'remote_write', 'remote_apply')")[0]
        .as<bool>();
}

void requireSynchronousStandby(pqxx::transaction_base &tx)
{
    if (!waitsForSynchronousStandby(tx))
        throw core::Error(core::ErrorCode::Unavailable,
                          "the database has no synchronous standby: the record would not survive a failover");
}

std::vector<Bytes> leafHashes(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<Bytes> out;
    for (const auto &row : tx.exec_params(
             "SELECT encode(leaf_hash, 'hex') FROM audit_records WHERE tenant_id = $1 ORDER BY seq",
             tenantId))
        out.push_back(bytesFromHex(row[0]));
    return out;
}

std::vector<Row> rows(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<Row> out;
    // extract() is numeric in PostgreSQL 15: the microseconds are exact.
    for (const auto &row : tx.exec_params("SELECT seq, (extract(epoch FROM recorded_at) * "
                                          "1000000)::bigint, request_id, route, decision, "
                                          "record::text, encode(leaf_hash, 'hex') FROM "
                                          "audit_records WHERE tenant_id = $1 ORDER BY seq",
                                          tenantId))
        out.push_back({row[0].as<std::uint64_t>(), row[1].as<std::int64_t>(),
                       row[2].as<std::string>(), row[3].as<std::string>(), row[4].as<std::string>(),
                       row[5].as<std::string>(), bytesFromHex(row[6])});
    return out;
}

namespace {

// The rows as one JSON array, the parameter jsonb_to_recordset unpacks: a single statement with a
// fixed text, values only as a parameter. Written directly: each record is already one JSON value
// (the audit layer's canonical serialisation, its sealed envelope, or jsonb as stored), so it is
// embedded as it is instead of parsed and printed again; were it ever not JSON, the cast to jsonb
// fails the statement and nothing is written.
std::string jsonText(const std::string &value)
{
    std::string text;
    core::appendJsonString(text, value, {.ensureAscii = true});
    return text;
}

std::string rowsAsJson(const std::vector<Row> &rows)
{
    std::string list = "[";
    for (const auto &r : rows) {
        if (list.size() > 1)
            list += ',';
        list += "{\"seq\":" + std::to_string(r.seq) + ",\"at\":" + std::to_string(r.recordedAtUs) +
                ",\"request_id\":" + jsonText(r.requestId) + ",\"route\":" + jsonText(r.route) +
                ",\"decision\":" + jsonText(r.decision) + ",\"record\":";
        list += r.recordJson;
        list += ",\"leaf\":\"" + crypto::toHex(r.leafHash) + "\"}";
    }
    list += ']';
    return list;
}

} // namespace

void insertRows(pqxx::transaction_base &tx, const std::string &tenantId,
                const std::vector<Row> &rows)
{
    if (rows.empty())
        return;
    static const std::string insert = insertRecordsSql("$1", "$2::jsonb");
    tx.exec_params(insert, tenantId, rowsAsJson(rows));
}

bool appendRows(pqxx::transaction_base &tx, const std::string &tenantId, const Tables &tables,
                AppendFunction function, const std::vector<Row> &rows, const CheckpointRow *checkpoint)
{
    if (rows.empty())
        throw core::Error(core::ErrorCode::Internal, "an audit append needs records");
    // Prepared once per connection: parsed and planned once (the function's own statements are
    // planned again by PostgreSQL when a Tier 2 tenant's search_path or role differs).
    const bool shared = function == AppendFunction::ControlPlane;
    const char *name = shared ? "bulkhead_audit_append" : "bulkhead_audit_append_in_placement";
    tx.conn().prepare(name, std::string("SELECT ") + (shared ? "public." : "") +
                                "audit_append($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11)");
    std::optional<std::string> size, root, signedAt, keyId, signature; // all NULL: no checkpoint
    if (checkpoint) {
        size = std::to_string(checkpoint->treeSize);
        root = crypto::toHex(checkpoint->rootHash);
        signedAt = std::to_string(checkpoint->signedAtUs);
        keyId = checkpoint->keyId;
        signature = crypto::toHex(checkpoint->signature);
    }
    return tx
        .exec_prepared1(name, tenantId, kAuditLockSpace, tx.quote_name(tables.schema),
                        tables.role.empty() ? std::string("none") : tables.role, rowsAsJson(rows),
                        rows.front().seq, size, root, signedAt, keyId, signature)[0]
        .as<bool>();
}

std::set<std::string> appendRowsOfTenants(pqxx::transaction_base &tx, const std::vector<TenantRows> &appends)
{
    if (appends.empty())
        return {};
    // One JSON array of audit_append's arguments, element by element (audit_append_batch).
    std::string list = "[";
    for (const auto &a : appends) {
        if (a.rows.empty())
            throw core::Error(core::ErrorCode::Internal, "an audit append needs records");
        if (list.size() > 1)
            list += ',';
        list += "{\"tenant\":" + jsonText(a.tenantId) + ",\"search_path\":" +
                jsonText(tx.quote_name(a.tables.schema)) + ",\"role\":" +
                jsonText(a.tables.role.empty() ? std::string("none") : a.tables.role) +
                ",\"first\":" + std::to_string(a.rows.front().seq) + ",\"rows\":" + rowsAsJson(a.rows);
        if (a.checkpoint)
            list += ",\"checkpoint_size\":" + std::to_string(a.checkpoint->treeSize) +
                    ",\"checkpoint_root\":\"" + crypto::toHex(a.checkpoint->rootHash) +
                    "\",\"checkpoint_at\":" + std::to_string(a.checkpoint->signedAtUs) +
                    ",\"checkpoint_key\":" + jsonText(a.checkpoint->keyId) +
                    ",\"checkpoint_signature\":\"" + crypto::toHex(a.checkpoint->signature) + "\"";
        list += '}';
    }
    list += ']';
    tx.conn().prepare("bulkhead_audit_append_batch",
                      "SELECT tenant FROM public.audit_append_batch($1, $2::jsonb) AS tenant");
    std::set<std::string> behind;
    for (const auto &row : tx.exec_prepared("bulkhead_audit_append_batch", kAuditLockSpace, list))
        behind.insert(row[0].as<std::string>());
    return behind;
}

void installAppend(pqxx::transaction_base &tx, const Tables &tables)
{
    actAs(tx, tables);
    tx.exec_params("SELECT set_config('search_path', $1, true)", tx.quote_name(tables.schema));
    tx.exec0(std::string(auditAppendSql()));
}

std::vector<StoredRecord> records(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<StoredRecord> out;
    for (const auto &row :
         tx.exec_params("SELECT seq, record::text, encode(leaf_hash, 'hex') FROM audit_records "
                        "WHERE tenant_id = $1 ORDER BY seq",
                        tenantId))
        out.push_back({row[0].as<std::uint64_t>(), row[1].as<std::string>(), bytesFromHex(row[2])});
    return out;
}

void insertCheckpoint(pqxx::transaction_base &tx, const std::string &tenantId,
                      const CheckpointRow &checkpoint)
{
    tx.exec_params(
        "INSERT INTO audit_checkpoints (tenant_id, tree_size, root_hash, signed_at_us, "
        "key_id, signature) VALUES ($1, $2, decode($3, 'hex'), $4, $5, decode($6, 'hex'))",
        tenantId, checkpoint.treeSize, crypto::toHex(checkpoint.rootHash), checkpoint.signedAtUs,
        checkpoint.keyId, crypto::toHex(checkpoint.signature));
}

std::vector<CheckpointRow> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId)
{
    std::vector<CheckpointRow> out;
    for (const auto &row :
         tx.exec_params("SELECT tree_size, encode(root_hash, 'hex'), signed_at_us, key_id, "
                        "encode(signature, 'hex') FROM audit_checkpoints WHERE tenant_id = $1 "
                        "ORDER BY tree_size",
                        tenantId))
        out.push_back({row[0].as<std::uint64_t>(), bytesFromHex(row[1]), row[2].as<std::int64_t>(),
                       row[3].as<std::string>(), bytesFromHex(row[4])});
    return out;
}

std::vector<StoredRecord> page(pqxx::transaction_base &tx, const std::string &tenantId,
                               const PageFilter &filter)
{
    // Optional filters as NULL-able parameters: one fixed SQL text, values only as parameters.
    const std::optional<std::string> after =
        filter.after ? std::optional<std::string>(std::to_string(*filter.after)) : std::nullopt;
    std::vector<StoredRecord> out;
    for (const auto &row :
         tx.exec_params("SELECT seq, record::text FROM audit_records "
                        "WHERE tenant_id = $1 AND record <> $8::jsonb "
                        "AND ($2::bigint IS NULL OR seq > $2::bigint) "
                        "AND ($3::bigint IS NULL OR recorded_at >= "
                        "     'epoch'::timestamptz + $3::bigint * interval '1 microsecond') "
                        "AND ($4::bigint IS NULL OR recorded_at < "
                        "     'epoch'::timestamptz + $4::bigint * interval '1 microsecond') "
                        "AND ($5::text IS NULL OR route = $5::text) "
                        "AND ($6::text IS NULL OR decision = $6::text) "
                        "ORDER BY seq LIMIT $7",
                        tenantId, after, optionalText(filter.fromUs), optionalText(filter.untilUs),
                        filter.route, filter.decision, filter.limit, kPrunedRecord))
        out.push_back({row[0].as<std::uint64_t>(), row[1].as<std::string>(), {}});
    return out;
}

Chain chain(pqxx::transaction_base &tx, const std::string &tenantId)
{
    return {rows(tx, tenantId), checkpoints(tx, tenantId)};
}

std::size_t countRecords(pqxx::transaction_base &tx, const std::string &tenantId)
{
    return tx.exec_params1("SELECT count(*) FROM audit_records WHERE tenant_id = $1", tenantId)[0]
        .as<std::size_t>();
}

std::optional<std::vector<std::string>>
tenantIdsWithoutPredicate(pqxx::transaction_base &tx, const std::string &attackerTenantId,
                          const Tables &attackerTables, const std::string &victimSchema)
{
    try {
        scope(tx, attackerTenantId, attackerTables);
        std::vector<std::string> out;
        for (const auto &row :
             tx.exec("SELECT tenant_id FROM " + tx.quote_name(victimSchema) + ".audit_records"))
            out.push_back(row[0].as<std::string>());
        return out;
    } catch (const pqxx::insufficient_privilege &) {
        return std::nullopt;
    } catch (const pqxx::sql_error &e) {
        if (e.sqlstate() != "42704" && e.sqlstate() != "3F000") // no such role or schema here
            throw;
        return std::nullopt;
    }
}

Pruning pruneBefore(pqxx::transaction_base &tx, const std::string &tenantId, std::int64_t cutoffUs)
{
    Pruning result;
    tx.exec("SELECT set_config('bulkhead.pruning', 'on', true)");
    // The prefix ends before the first record that is still young enough, and within the largest
    // signed checkpoint.
    const auto bounds = tx.exec_params1(
        "SELECT (SELECT coalesce(max(tree_size), 0) FROM audit_checkpoints WHERE tenant_id = $1), "
        "       (SELECT min(seq) FROM audit_records WHERE tenant_id = $1 AND recorded_at >= "
        "            'epoch'::timestamptz + $2::bigint * interval '1 microsecond')",
        tenantId, cutoffUs);
    result.coveredBy = bounds[0].as<std::uint64_t>();
    std::uint64_t end = result.coveredBy;
    if (!bounds[1].is_null())
        end = std::min(end, bounds[1].as<std::uint64_t>());
    if (end > 0) {
        const auto updated =
            tx.exec_params("UPDATE audit_records SET record = $3::jsonb "
                           "WHERE tenant_id = $1 AND seq < $2 AND record <> $3::jsonb",
                           tenantId, end, kPrunedRecord);
        result.pruned = updated.affected_rows();
        result.through = end - 1;
    }
    return result;
}

} // namespace bulkhead::store::auditlog
