#pragma once

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
// as a second fence behind the tenant_id predicate every query carries anyway.
void scopeTransaction(pqxx::transaction_base &tx, const std::string &tenantId);

// Serialises writers of one tenant across daemons until the transaction ends.
void lockTenant(pqxx::transaction_base &tx, const std::string &tenantId);

std::uint64_t nextSequence(pqxx::transaction_base &tx, const std::string &tenantId);
std::vector<Hash> leafHashes(pqxx::transaction_base &tx, const std::string &tenantId);

// scopeTransaction() and lockTenant() in one round trip.
void scopeAndLockTenant(pqxx::transaction_base &tx, const std::string &tenantId);

struct NewRecord
{
    const AuditRecord *record;
    std::string canonical;
    Hash leaf;
};
// All of one tenant's new records in ONE statement (one round trip however many there are).
void insertRecords(pqxx::transaction_base &tx, const std::string &tenantId,
                   const std::vector<NewRecord> &records);
void insertCheckpoint(pqxx::transaction_base &tx, const Checkpoint &checkpoint);

// All of a tenant's checkpoints, by tree size.
std::vector<Checkpoint> checkpoints(pqxx::transaction_base &tx, const std::string &tenantId);

struct StoredRecord
{
    std::uint64_t seq = 0;
    std::string recordJson;  // as PostgreSQL returns the jsonb
    Hash leafHash;
};
std::vector<StoredRecord> records(pqxx::transaction_base &tx, const std::string &tenantId);

Hash hashFromBytea(pqxx::transaction_base &tx, const pqxx::field &field);

} // namespace bulkhead::audit::storage
