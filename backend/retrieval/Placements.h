#pragma once

#include "core/TenantScope.h"
#include "store/ConnectionPool.h"

#include <pqxx/pqxx>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace bulkhead::retrieval {

// The validated tenant every retrieval call requires: there is no unscoped entry point.
using TenantScope = core::TenantScope;

// Where one tenant's documents live and as whom they are read, per tier:
//   1  shared tables in schema `retrieval_shared`, as the data-plane role, under forced RLS;
//   2  schema `t_<tenant>` in the control-plane database, as the tenant's own role, sealed;
//   3  database `bh_<tag>_d_<tenant>` owned by the tenant's owner role, sealed.
struct Placement
{
    std::string tenantId;
    int tier = 1;
    std::string schema;    // unquoted, validated
    std::string role;      // the role every transaction on the placement runs as
    std::string database;  // Tier 3 in this cluster
    std::string dsn;       // Tier 3 on the tenant's own server (then no database, no role)
    bool sealed() const noexcept { return tier >= 2; }
};

// Names, provisioning and connections of placements. Roles and databases are cluster-wide, so
// their names carry the deployment tag (retrieval_settings). Every name is validated and quoted;
// values are parameters. Provisioning (DDL) runs as the schema owner's login, which needs
// CREATEROLE (and CREATEDB for Tier 3); every role it creates is granted to the deployment's
// runtime group (store/DatabaseLogin.h), so the daemon's login can SET ROLE to it without
// inheriting its privileges, and Tier 3 databases admit that group.
class PlacementDirectory final
{
public:
    // `ownerDsn` empty: the control-plane login provisions too (only a login that can bypass
    // RLS can do that; bulkheadd refuses one unless told to allow it).
    PlacementDirectory(store::ConnectionPool &controlPlane, std::string controlPlaneDsn, std::string ownerDsn = {});
    ~PlacementDirectory();

    Placement placementFor(const std::string &tenantId, int tier);
    // The same with the tenant's own Tier 3 connection string already known (empty: none).
    Placement placementFor(const std::string &tenantId, int tier, const std::string &dedicatedDsn);

    // Turns a tenant's sealed connection string into the string (set by the document store,
    // which holds the keys).
    using DsnOpener = std::function<std::string(const std::string &tenantId, const std::string &sealedHex)>;
    void setDsnOpener(DsnOpener opener) { m_openDsn = std::move(opener); }
    // The sealed connection string of a tenant's own server, if it has one.
    std::optional<std::string> sealedDedicatedDsn(const std::string &tenantId);
    // The role a tenant's own transactions run as at `tier` (Tier 1: the data-plane role).
    std::string actingRole(const std::string &tenantId, int tier);

    // Creates what the placement needs (idempotent).
    void provision(const Placement &placement);
    // Lets the tenant's role append to the placement's audit tables again, or stops it (while the
    // log moves elsewhere; the tables' owner grants and revokes). Tier 2/3 only.
    void setAuditAppends(const Placement &placement, bool open);
    // Removes the tenant's data from the placement and whatever was created for it.
    void destroy(const Placement &placement);

    // Runs `work` in a transaction on the placement's database with the role set to `role` and
    // the RLS tenant setting to `rlsTenant` (SET LOCAL: both end with the transaction).
    using Work = std::function<void(pqxx::transaction_base &)>;
    void run(const Placement &placement, const std::string &role, const std::string &rlsTenant,
             const Work &work);
    // The same inside `controlPlaneTx` when the placement lives in the control-plane database
    // (Tier 1 and 2), so the caller's locks cover the work; the role is reset afterwards.
    void runWithin(pqxx::transaction_base &controlPlaneTx, const Placement &placement, const std::string &role,
                   const std::string &rlsTenant, const Work &work);

    // A connection to the placement's database (for the audit log that lives there).
    void withConnection(const Placement &placement, const std::function<void(pqxx::connection &)> &work);

    store::ConnectionPool &controlPlane() noexcept { return m_controlPlane; }

private:
    std::string tag();
    store::ConnectionPool &poolFor(const Placement &placement);
    // The schema owner's connections: to the control plane, or to a Tier 3 database.
    store::ConnectionPool &ownerPool(const std::string &database = {});
    // The same server and credentials as `dsn`, another database.
    static std::string dsnForDatabase(const std::string &dsn, const std::string &database);

    store::ConnectionPool &m_controlPlane;
    std::string m_controlPlaneDsn;
    std::string m_ownerDsn;
    std::map<std::string, std::unique_ptr<store::ConnectionPool>> m_ownerPools;  // by database
    std::mutex m_mutex;
    std::string m_tag;
    DsnOpener m_openDsn;
    std::map<std::string, std::unique_ptr<store::ConnectionPool>> m_tenantPools;
};

} // namespace bulkhead::retrieval
