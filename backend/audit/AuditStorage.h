#pragma once

#include "AuditLocation.h"

// Between the audit log's types and its tables: records, checkpoints and locations in, rows out
// (store/AuditLogTables.h holds the SQL). Sealed locations seal and open payloads here. Internal
// to backend/audit. Every function expects to run inside a transaction that already called
// scopeTransaction() or scopeAndLockTenant() for the same tenant.
#include "AuditRecord.h"
#include "Checkpoint.h"
#include "store/AuditLogTables.h"

#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

namespace bulkhead::audit::storage {

// Points the transaction at the tenant's tables (row-level security's tenant setting,
// search_path and role of the location).
void scopeTransaction(pqxx::transaction_base &tx, const std::string &tenantId,
                      const AuditLocation &location = {});
// scopeTransaction() and the tenant's writer lock, in one round trip.
void scopeAndLockTenant(pqxx::transaction_base &tx, const std::string &tenantId,
                        const AuditLocation &location = {});

// The writer's own role again (scope and lock stay): public's append is called as it.
void leaveTenantRole(pqxx::transaction_base &tx);

struct NewRecord
{
    const AuditRecord *record;
    std::string canonical;
    Hash leaf;
};
// All of one tenant's new records, and the checkpoint signed over the log they end (or none), in
// ONE statement that scopes to the location and takes the writer lock itself and checks that they
// continue the stored log (the first record's sequence is its next): false, and nothing written,
// if another writer appended meanwhile. For the control plane's tables (Tier 1 and 2) it needs no
// scope before it, so in autocommit it is a whole transaction, and after a scope it needs
// leaveTenantRole(); in a database of the tenant's own (Tier 3, own server) it runs after
// scopeAndLockTenant(). It leaves the role as it found it. With a cipher, the record column holds
// {"sealed": "<hex envelope>"} instead of the record. Throws pqxx::undefined_function where
// installAppend() is still due.
bool appendRecords(pqxx::transaction_base &tx, const std::string &tenantId, const AuditLocation &location,
                   const std::vector<NewRecord> &records, const Checkpoint *checkpoint,
                   const RecordCipher *cipher = nullptr);
// One tenant's share of appendRecordsOfTenants.
struct TenantAppend
{
    std::string tenantId;
    const AuditLocation *location;
    const std::vector<NewRecord> *records;
    const Checkpoint *checkpoint = nullptr;  // signed over the log the records end, or none
};
// Several control-plane tenants' appendRecords (Tier 1 and 2 locations only) as ONE statement, in
// the order given (sorted by tenant: the lock order): in autocommit, a whole transaction. Returns
// the tenants another writer appended to first (nothing of theirs written; everyone else's is).
// The cipher seals the records of sealed locations.
std::set<std::string> appendRecordsOfTenants(pqxx::transaction_base &tx, const std::vector<TenantAppend> &appends,
                                             const RecordCipher *cipher = nullptr);
// The append function in a placement of the tenant's own database made before it existed.
void installAppend(pqxx::transaction_base &tx, const AuditLocation &location);

// The record's JSON as written: unsealed with the cipher when the stored value is sealed.
std::string plainRecordJson(const std::string &tenantId, std::uint64_t seq,
                            const std::string &stored, const RecordCipher *cipher);

void insertCheckpoint(pqxx::transaction_base &tx, const Checkpoint &checkpoint);
// All of a tenant's checkpoints, by tree size.
std::vector<Checkpoint> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId);

bool isPruned(const std::string &storedJson);

} // namespace bulkhead::audit::storage
