#pragma once

#include "AuditLocation.h"

// The SQL of the audit tables (store/AuditSchema.cpp), in one place for the writer, the verifier
// and the query API. Internal to backend/audit. Every function expects to run inside a
// transaction that already called scopeTransaction() for the same tenant.
#include "AuditRecord.h"
#include "Checkpoint.h"

#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace bulkhead::audit::storage {

// SET LOCAL bulkhead.tenant: row-level security then confines the transaction to this tenant,
// as a second fence behind the tenant_id predicate every query carries anyway; and SET LOCAL
// search_path (and role) to the tenant's location.
void scopeTransaction(pqxx::transaction_base &tx, const std::string &tenantId,
                      const AuditLocation &location = {});

// Serialises writers of one tenant across daemons until the transaction ends.
void lockTenant(pqxx::transaction_base &tx, const std::string &tenantId);

std::uint64_t nextSequence(pqxx::transaction_base &tx, const std::string &tenantId);
std::vector<Hash> leafHashes(pqxx::transaction_base &tx, const std::string &tenantId);

// scopeTransaction() and lockTenant() in one round trip.
void scopeAndLockTenant(pqxx::transaction_base &tx, const std::string &tenantId,
                        const AuditLocation &location = {});

struct NewRecord
{
    const AuditRecord *record;
    std::string canonical;
    Hash leaf;
};
// All of one tenant's new records in ONE statement (one round trip however many there are).
// With a cipher, the record column holds {"sealed": "<hex envelope>"} instead of the record.
void insertRecords(pqxx::transaction_base &tx, const std::string &tenantId,
                   const std::vector<NewRecord> &records, const RecordCipher *cipher = nullptr);

// The record's JSON as written: unsealed with the cipher when the stored value is sealed.
std::string plainRecordJson(const std::string &tenantId, std::uint64_t seq, const std::string &stored,
                            const RecordCipher *cipher);
void insertCheckpoint(pqxx::transaction_base &tx, const Checkpoint &checkpoint);

// All of a tenant's checkpoints, by tree size.
std::vector<Checkpoint> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId);

// A record whose content retention removed: the column holds exactly this marker (jsonb's own
// spelling, so the stored text compares equal); its sequence and leaf hash stay
// (store/AuditSchema.cpp lets nothing else through).
inline constexpr const char *kPrunedRecord = R"({"pruned": true})";
bool isPruned(const std::string &storedJson);

struct StoredRecord
{
    std::uint64_t seq = 0;
    std::string recordJson;  // as PostgreSQL returns the jsonb
    Hash leafHash;
};
std::vector<StoredRecord> records(pqxx::transaction_base &tx, const std::string &tenantId);

// A row with every column, for copying a log to another location (AuditRelocation.h).
struct RowCopy
{
    std::uint64_t seq = 0;
    std::int64_t recordedAtUs = 0;
    std::string requestId;
    std::string route;
    std::string decision;
    std::string recordJson;  // the record column as stored (sealed, pruned or plain)
    Hash leafHash;
};
std::vector<RowCopy> rowCopies(pqxx::transaction_base &tx, const std::string &tenantId);
// All in ONE statement, columns as given.
void insertRowCopies(pqxx::transaction_base &tx, const std::string &tenantId, const std::vector<RowCopy> &rows);

Hash hashFromBytea(pqxx::transaction_base &tx, const pqxx::field &field);

} // namespace bulkhead::audit::storage
