#pragma once

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace bulkhead::store {

// Where each tenant's documents live, in the control-plane database (migration 7): its placement
// row (`tenant_placements`) under the tenant's placement lock, its tier migrations
// (`placement_migrations`), its own Tier 3 server (`tenant_dedicated_databases`, the connection
// string sealed by the caller) and the deployment tag. Every call works in the caller's
// transaction and leaves committing, and translating pqxx errors (translateStoreErrors), to the
// caller, whose operation names the failure.
class PlacementRepository final
{
public:
    explicit PlacementRepository(pqxx::transaction_base &tx) : m_tx(tx) {}

    // The tenant's placement lock until the transaction ends: requests share it; a tier switch,
    // a re-encryption step and everything that changes the placement row take it exclusively.
    enum class Lock
    {
        Shared,
        Exclusive
    };
    void lock(const std::string &tenantId, Lock mode);

    struct Placement
    {
        int tier = 1;
        std::string state;                 // active, migrating
        std::string dedicatedDsnSealedHex; // empty: no server of the tenant's own
    };
    // The tenant's placement row with its own server's sealed connection string; none before its
    // first document.
    std::optional<Placement> find(const std::string &tenantId);
    // The same row without the connection string.
    std::optional<Placement> findTierAndState(const std::string &tenantId);
    std::optional<int> tierOf(const std::string &tenantId);
    // Places the tenant at `tier` unless it already has a placement.
    void insertIfAbsent(const std::string &tenantId, int tier);
    // While a migration copies (writes then get migration_in_progress), and back.
    void markMigrating(const std::string &tenantId);
    void markActive(const std::string &tenantId);
    // The migration's switch: the placement now at `tier`, active again.
    void switchTier(const std::string &tenantId, int tier);

    struct Migration
    {
        std::string tenantId;
        int fromTier = 0;
        int toTier = 0;
        std::string phase; // copying, switched, done, rolled_back, failed
        int total = 0;
        int moved = 0;
        std::string error;
    };
    // One row per tenant: its latest migration.
    void recordMigration(const Migration &migration);
    void markMigrationSwitched(const std::string &tenantId, int moved, int total);
    std::optional<Migration> findMigration(const std::string &tenantId);
    // Migrations a crash interrupted (copying or switched).
    std::vector<Migration> interruptedMigrations();

    // The tenant's own Tier 3 server: its connection string as the caller sealed it (hex).
    void storeDedicatedDsn(const std::string &tenantId, const std::string &sealedHex);
    std::optional<std::string> findDedicatedDsn(const std::string &tenantId);

    // Offboarding: the tenant's placement, migration and own-server rows, and the record of a
    // Tier 2/3 audit log (it went with the schema or database; a Tier 1 log stays: append-only,
    // hashes and metadata only, never content).
    void removeTenant(const std::string &tenantId);

    // The eight characters that make cluster-wide role and database names unique per
    // control-plane database.
    std::string deploymentTag();

    // What a document commits under, read in the same transaction: the request's API key is
    // still valid, and the data key it was sealed with is still the tenant's active one.
    bool apiKeyValid(const std::string &tenantId, const std::string &apiKeyId);
    bool dataKeyActive(const std::string &tenantId, const std::string &keyId);

private:
    pqxx::transaction_base &m_tx;
};

} // namespace bulkhead::store
