#pragma once

#include "AuditLogTables.h"
#include "core/Domain.h"

#include <cstdint>
#include <optional>
#include <pqxx/connection_base>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::store {

// The tenants table (migration 1). Every call validates its input with core/TenantValidation
// before any SQL, runs in its own transaction, and throws only core::Error:
//   InvalidArgument (with the offending field), NotFound, Conflict (create of an existing id),
//   VersionConflict (optimistic concurrency), Retry, Unavailable, Internal.
// Not thread-safe: one repository per connection, one connection per thread.
// What removing a tenant left behind: its shared audit chain, sealed in the archive under the
// incarnation that wrote it (a tenant created later with the same id has another).
// A Tier 2/3 audit chain as stored in the tenant's placement (its records still sealed under the
// tenant's key), read before the placement is destroyed, so removal can archive it.
using PlacementChain = auditlog::Chain;

struct TenantRemoval
{
    std::string incarnation;            // uuid
    std::uint64_t archivedRecords = 0;  // audit records moved to the archive
    std::uint64_t archivedCheckpoints = 0;
    std::optional<std::string> retainUntil;  // ISO 8601 (UTC), from the tenant's audit retention
};

class TenantRepository final
{
public:
    explicit TenantRepository(pqxx::connection_base &connection) : m_connection(connection) {}
    // create, find, get, list and update work in the caller's transaction and leave the commit to
    // it (one transaction per admin request); the other calls need the connection form.
    explicit TenantRepository(pqxx::transaction_base &tx) : m_connection(tx.conn()), m_outer(&tx) {}

    // Inserts `tenant` (its version is ignored) and returns it as stored, at version 1.
    core::Tenant create(const core::Tenant &tenant);
    core::Tenant get(std::string_view id);
    std::optional<core::Tenant> find(std::string_view id);
    // All tenants, ordered by id.
    std::vector<core::Tenant> list();
    // Replaces the tenant's fields when its stored version is still `expectedVersion`, and
    // returns it at the next version. Two concurrent updates from the same version: one wins,
    // the other gets VersionConflict (never a lost update). NotFound when the tenant is gone.
    core::Tenant update(const core::Tenant &tenant, long long expectedVersion);
    // Deletes the tenant if its stored version is still `expectedVersion`, in one transaction
    // serialised with its audit writers: its shared audit chain moves unchanged to the archive
    // (audit_records_archive, under its incarnation), its settings, keys, tokens, audit
    // placement and retention go. Documents and data keys are the retrieval layer's to shred
    // first (DocumentStore::shred). `placementChain`: the chain of a tenant whose log lived in
    // its own placement (Tier 2/3), archived instead of the (then empty) shared one.
    TenantRemoval remove(std::string_view id, long long expectedVersion,
                         const PlacementChain *placementChain = nullptr);
    // The tenant's immutable incarnation (uuid): a tenant re-created with a deleted id gets a new one.
    std::string incarnation(std::string_view id);

private:
    static void archivePlacementChain(pqxx::transaction_base &tx, const std::string &tenantId,
                                      TenantRemoval &removal, const PlacementChain &chain);

    pqxx::connection_base &m_connection;
    pqxx::transaction_base *m_outer = nullptr;
};

} // namespace bulkhead::store
