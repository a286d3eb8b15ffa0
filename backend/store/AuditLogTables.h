#pragma once

// The SQL of a tenant's audit tables (`audit_records`, `audit_checkpoints`; AuditSchema.cpp)
// wherever they live: the shared tables in `public`, a Tier 2 schema, a Tier 3 database. The
// statements are the same everywhere; scope() points the caller's transaction at the tenant's
// tables. Rows go in and out as plain values; backend/audit turns them into records and
// checkpoints (and seals or opens sealed payloads). Every function works in the caller's
// transaction and, except scope() and scopeAndLock(), expects one of those to have run in it for
// the same tenant.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

namespace bulkhead::store::auditlog {

using Bytes = std::vector<std::uint8_t>;

// Where the tables are: the schema search_path names and the role to act as (empty: none).
struct Tables
{
    std::string schema = "public";
    std::string role;
};

// SET LOCAL bulkhead.tenant (row-level security then confines the transaction to this tenant,
// a second fence behind the tenant_id predicate every statement carries anyway), search_path
// and role to the tenant's tables.
void scope(pqxx::transaction_base &tx, const std::string &tenantId, const Tables &tables);
// scope() plus the tenant's writer lock (serialises its writers across daemons until the
// transaction ends), in one round trip. The role is reset first: a transaction that serves
// several tenants switches between them.
void scopeAndLock(pqxx::transaction_base &tx, const std::string &tenantId, const Tables &tables);
// The session user's role again for the rest of the transaction; tenant setting, search_path and
// lock stay.
void leaveRole(pqxx::transaction_base &tx);

std::uint64_t nextSequence(pqxx::transaction_base &tx, const std::string &tenantId);

// Whether a commit on this connection waits for a synchronous standby's confirmation
// (synchronous_standby_names set, and synchronous_commit on, remote_write or remote_apply).
bool waitsForSynchronousStandby(pqxx::transaction_base &tx);
// Before a commit that must survive a failover: throws core::Error(Unavailable) unless it will
// wait for a synchronous standby. A primary that dropped its standby (as pg_auto_failover's
// wait_primary does) then takes no record it could lose to a failover. Asked again after the
// commit: a commit already waiting when the standby was dropped is released unconfirmed.
void requireSynchronousStandby(pqxx::transaction_base &tx);
std::vector<Bytes> leafHashes(pqxx::transaction_base &tx, const std::string &tenantId);

// A record whose content retention removed: the column holds exactly this marker (jsonb's own
// spelling, so the stored text compares equal); its sequence and leaf hash stay (the append-only
// trigger lets nothing else through).
inline constexpr const char *kPrunedRecord = R"({"pruned": true})";

struct CheckpointRow;

// A row with every column: what a writer appends, and what a move copies to another location.
struct Row
{
    std::uint64_t seq = 0;
    std::int64_t recordedAtUs = 0;
    std::string requestId;
    std::string route;
    std::string decision;
    std::string recordJson; // the record column as stored (sealed, pruned or plain)
    Bytes leafHash;
};
std::vector<Row> rows(pqxx::transaction_base &tx, const std::string &tenantId);
// All in ONE statement (one round trip however many there are), columns as given.
void insertRows(pqxx::transaction_base &tx, const std::string &tenantId,
                const std::vector<Row> &rows);
// Which `audit_append` (AuditSchema.h) an append runs: the control plane's, in public, called as
// the writer's own login, never under a tenant's role (so in autocommit, for Tier 1 and 2 tables
// alike: it switches role and search_path itself; after a scope, leaveRole() first); or the one
// in the placement's own schema, found through the scope the caller's transaction set
// (scopeAndLock) in a Tier 3 or own-server database.
enum class AppendFunction { ControlPlane, Placement };

// Rows that continue the tenant's log, and the checkpoint signed over the log they end (or none),
// in ONE statement. It scopes to `tables` and takes the tenant's writer lock itself, and in
// autocommit it is the whole transaction: one round trip. False, and nothing written, when the
// first row's seq is not the log's next one (another writer appended since this one last looked).
// Tenant setting, search_path and lock hold for the rest of the caller's transaction; the role is
// given back as it was before the call. Throws
// pqxx::undefined_function in a placement made before the function existed (installAppend).
bool appendRows(pqxx::transaction_base &tx, const std::string &tenantId, const Tables &tables,
                AppendFunction function, const std::vector<Row> &rows, const CheckpointRow *checkpoint);
// One tenant's share of appendRowsOfTenants.
struct TenantRows
{
    std::string tenantId;
    Tables tables;
    std::vector<Row> rows;
    const CheckpointRow *checkpoint = nullptr;
};
// Several control-plane tenants' appendRows (Tier 1 and 2 tables) as ONE statement, in the order
// given (the caller's lock order): in autocommit, a batch spanning tenants commits in one round
// trip. Returns the tenants whose first row did not continue their log (nothing of theirs
// written; every other tenant's rows are). Any error fails the statement and nothing is written.
std::set<std::string> appendRowsOfTenants(pqxx::transaction_base &tx, const std::vector<TenantRows> &appends);
// Adds `audit_append` to the schema of `tables`, acting as their role (a Tier 3 placement's owner;
// none: the session user, an own server's login, which owns it).
void installAppend(pqxx::transaction_base &tx, const Tables &tables);

struct StoredRecord
{
    std::uint64_t seq = 0;
    std::string recordJson; // as PostgreSQL returns the jsonb
    Bytes leafHash;
};
std::vector<StoredRecord> records(pqxx::transaction_base &tx, const std::string &tenantId);

struct CheckpointRow
{
    std::uint64_t treeSize = 0;
    Bytes rootHash;
    std::int64_t signedAtUs = 0;
    std::string keyId;
    Bytes signature;
};
void insertCheckpoint(pqxx::transaction_base &tx, const std::string &tenantId,
                      const CheckpointRow &checkpoint);
// By tree size.
std::vector<CheckpointRow> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId);

// One page of the query API: unpruned records, oldest first, each filter applied when given;
// `limit` rows at most.
struct PageFilter
{
    std::optional<std::uint64_t> after;  // sequences after this one
    std::optional<std::int64_t> fromUs;  // recorded at or after (Unix microseconds)
    std::optional<std::int64_t> untilUs; // recorded before
    std::optional<std::string> route;
    std::optional<std::string> decision;
    std::size_t limit = 0;
};
std::vector<StoredRecord> page(pqxx::transaction_base &tx, const std::string &tenantId,
                               const PageFilter &filter);

// A tenant's whole chain as stored (records still sealed where the location seals them), read
// from its placement before the placement is destroyed, so removal can archive it
// (TenantRepository::remove).
struct Chain
{
    std::vector<Row> rows;
    std::vector<CheckpointRow> checkpoints; // by tree size
};
Chain chain(pqxx::transaction_base &tx, const std::string &tenantId);

std::size_t countRecords(pqxx::transaction_base &tx, const std::string &tenantId);

// The probe's log drill: the transaction scoped to the attacker as a reader would scope it, then
// every tenant id of `victimSchema`'s audit table read WITHOUT the tenant predicate; none when the
// database refused (no rights on that schema, or no such schema or role where it runs).
std::optional<std::vector<std::string>>
tenantIdsWithoutPredicate(pqxx::transaction_base &tx, const std::string &attackerTenantId,
                          const Tables &attackerTables, const std::string &victimSchema);

// Retention: replaces with kPrunedRecord the content of the records before the first one
// recorded at or after `cutoffUs` and within the largest signed checkpoint. Needs scopeAndLock().
struct Pruning
{
    std::uint64_t pruned = 0;             // records whose content was removed now
    std::optional<std::uint64_t> through; // the pruned prefix now ends here
    std::uint64_t coveredBy = 0;          // the signed checkpoint (tree size) proving them
};
Pruning pruneBefore(pqxx::transaction_base &tx, const std::string &tenantId, std::int64_t cutoffUs);

} // namespace bulkhead::store::auditlog
