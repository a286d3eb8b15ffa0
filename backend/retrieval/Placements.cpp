#include "Placements.h"

#include "core/Error.h"
#include "core/TenantValidation.h"
#include "store/AuditSchema.h"
#include "store/Database.h"
#include "store/DatabaseLogin.h"
#include "store/RetrievalSchema.h"
#include "store/StoreErrors.h"

#include <libpq-fe.h>

namespace bulkhead::retrieval {
namespace {

using core::Error;
using core::ErrorCode;

bool roleExists(pqxx::transaction_base &tx, const std::string &role)
{
    return !tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role).empty();
}

// The owner's login becomes a member (to create the placement's objects as the role); the
// runtime group too, so the daemon's login can SET ROLE to it.
void createRole(pqxx::transaction_base &tx, const std::string &role)
{
    const auto quoted = tx.quote_name(role);
    if (!roleExists(tx, role)) {
        tx.exec0("CREATE ROLE " + quoted + " NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT");
        tx.exec0("GRANT " + quoted + " TO CURRENT_USER");
    }
    tx.exec0("GRANT " + quoted + " TO " + tx.quote_name(store::runtimeGroupRole(tx)));
}

bool tablesExist(pqxx::transaction_base &tx, const std::string &schema, const char *table = "chunks")
{
    return !tx.exec_params("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 "
                           "AND table_name = $2",
                           schema, table)
                .empty();
}

// The audit tables of a tenant placement: migration 4's own SQL (and 8's pruning-aware trigger),
// run with search_path set to the tenant's schema, so Tier 2 and 3 logs have exactly the shape,
// RLS and append-only triggers of Tier 1's.
void createAuditTables(pqxx::transaction_base &tx, const std::string &schema)
{
    tx.exec_params("SELECT set_config('search_path', $1, true)", tx.quote_name(schema));
    if (!tablesExist(tx, schema, "audit_records"))
        tx.exec0(std::string(store::auditLogSchemaSql()));
    tx.exec0(std::string(store::auditPruningSql()));  // also brings older placements up to date
    tx.exec0("SET LOCAL search_path TO DEFAULT");
}

} // namespace

PlacementDirectory::PlacementDirectory(store::ConnectionPool &controlPlane, std::string controlPlaneDsn,
                                       std::string ownerDsn)
    : m_controlPlane(controlPlane), m_controlPlaneDsn(std::move(controlPlaneDsn)), m_ownerDsn(std::move(ownerDsn))
{
}

PlacementDirectory::~PlacementDirectory() = default;

std::string PlacementDirectory::tag()
{
    std::lock_guard lock(m_mutex);
    if (m_tag.empty())
        m_tag = store::translateStoreErrors("read the deployment tag", [&] {
            return m_controlPlane.run([](pqxx::connection &c) {
                pqxx::read_transaction tx(c);
                return tx.exec1("SELECT tag FROM retrieval_settings")[0].as<std::string>();
            });
        });
    return m_tag;
}

std::string PlacementDirectory::actingRole(const std::string &tenantId, int tier)
{
    core::validateTenantId(tenantId, "tenant");
    switch (tier) {
    case 1: return "bh_" + tag() + "_dataplane";
    case 2: return "bh_" + tag() + "_t_" + tenantId;
    case 3: return "bh_" + tag() + "_o_" + tenantId;
    default: throw Error(ErrorCode::InvalidArgument, "tier must be 1, 2 or 3", "tier");
    }
}

std::optional<std::string> PlacementDirectory::sealedDedicatedDsn(const std::string &tenantId)
{
    return store::translateStoreErrors("read the tenant's database", [&] {
        return m_controlPlane.run([&](pqxx::connection &c) -> std::optional<std::string> {
            pqxx::read_transaction tx(c);
            const auto rows = tx.exec_params(
                "SELECT encode(dsn_sealed, 'hex') FROM tenant_dedicated_databases WHERE tenant_id = $1", tenantId);
            return rows.empty() ? std::nullopt : std::optional(rows[0][0].as<std::string>());
        });
    });
}

Placement PlacementDirectory::placementFor(const std::string &tenantId, int tier)
{
    if (tier == 3)
        if (const auto sealed = sealedDedicatedDsn(tenantId))
            return placementFor(tenantId, tier, *sealed);
    return placementFor(tenantId, tier, std::string());
}

Placement PlacementDirectory::placementFor(const std::string &tenantId, int tier, const std::string &sealedDsn)
{
    if (tier == 3 && !sealedDsn.empty()) {
        if (!m_openDsn)
            throw Error(ErrorCode::Internal, "no key to open the tenant's connection string");
        Placement p;
        p.tenantId = tenantId;
        p.tier = 3;
        p.schema = "tenant_data";
        p.dsn = m_openDsn(tenantId, sealedDsn);
        return p;  // no role: the connection's own login owns the tenant's database
    }
    Placement p;
    p.tenantId = tenantId;
    p.tier = tier;
    p.role = actingRole(tenantId, tier);
    p.schema = tier == 1 ? "retrieval_shared" : tier == 2 ? "t_" + tenantId : "tenant_data";
    if (tier == 3)
        p.database = "bh_" + tag() + "_d_" + tenantId;
    return p;
}

std::string PlacementDirectory::dsnForDatabase(const std::string &baseDsn, const std::string &database)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(baseDsn.c_str(), &error);
    if (!options) {
        if (error)
            PQfreemem(error);
        throw Error(ErrorCode::InvalidArgument, "the control-plane connection string is malformed");
    }
    std::string dsn;
    for (auto *o = options; o->keyword; ++o) {
        if (!o->val || std::string_view(o->keyword) == "dbname")
            continue;
        dsn += std::string(o->keyword) + "=" + store::conninfoValue(o->val) + " ";
    }
    PQconninfoFree(options);
    return dsn + "dbname=" + store::conninfoValue(database);
}

store::ConnectionPool &PlacementDirectory::poolFor(const Placement &placement)
{
    if (placement.database.empty() && placement.dsn.empty())
        return m_controlPlane;
    // Keyed by the tenant, not by the DSN: the connection string never becomes a map key.
    const std::string key = placement.dsn.empty() ? placement.database : "own:" + placement.tenantId;
    std::lock_guard lock(m_mutex);
    auto &pool = m_tenantPools[key];
    if (!pool)
        pool = std::make_unique<store::ConnectionPool>(
            placement.dsn.empty() ? dsnForDatabase(m_controlPlaneDsn, placement.database) : placement.dsn, 2);
    return *pool;
}

store::ConnectionPool &PlacementDirectory::ownerPool(const std::string &database)
{
    if (m_ownerDsn.empty() && database.empty())
        return m_controlPlane;
    const std::string &base = m_ownerDsn.empty() ? m_controlPlaneDsn : m_ownerDsn;
    std::lock_guard lock(m_mutex);
    auto &pool = m_ownerPools[database];
    if (!pool)
        pool = std::make_unique<store::ConnectionPool>(database.empty() ? base : dsnForDatabase(base, database), 1);
    return *pool;
}

void PlacementDirectory::provision(const Placement &p)
{
    store::translateStoreErrors("provision the tenant's placement", [&] {
        if (p.tier == 1)
            return;  // the shared tables and the data-plane role come with migration 7
        if (p.tier == 2) {
            ownerPool().run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                createRole(tx, p.role);
                const auto schema = store::quotedIdentifier(c, p.schema, "schema");
                const auto role = store::quotedIdentifier(c, p.role, "role");
                tx.exec0("CREATE SCHEMA IF NOT EXISTS " + schema);
                tx.exec0("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
                if (!tablesExist(tx, p.schema))
                    tx.exec0(store::documentTablesSql(schema));
                createAuditTables(tx, p.schema);
                tx.exec0(store::auditLateRecordsGuardSql(schema));  // no record of a removed incarnation
                tx.exec0("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                tx.exec0("GRANT SELECT, INSERT, DELETE ON " + schema + ".documents, " + schema +
                         ".chunks TO " + role);
                tx.exec0("GRANT SELECT, INSERT ON " + schema + ".audit_records, " + schema +
                         ".audit_checkpoints TO " + role);
                // Retention swaps old records' content for a marker; the trigger allows nothing else.
                tx.exec0("GRANT UPDATE (record) ON " + schema + ".audit_records TO " + role);
                tx.commit();
            });
            return;
        }
        if (!p.dsn.empty()) {
            // The tenant's own server: its login owns the database; only the schema is ours.
            poolFor(p).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                tx.exec0("CREATE EXTENSION IF NOT EXISTS vector");
                const auto schema = store::quotedIdentifier(c, p.schema, "schema");
                tx.exec0("CREATE SCHEMA IF NOT EXISTS " + schema);
                tx.exec0("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
                if (!tablesExist(tx, p.schema))
                    tx.exec0(store::documentTablesSql(schema));
                createAuditTables(tx, p.schema);
                tx.commit();
            });
            return;
        }
        // Tier 3: CREATE DATABASE cannot run inside a transaction.
        ownerPool().run([&](pqxx::connection &c) {
            std::string runtime;
            {
                pqxx::work tx(c);
                createRole(tx, p.role);
                runtime = store::runtimeGroupRole(tx);
                tx.commit();
            }
            pqxx::nontransaction tx(c);
            const auto database = store::quotedIdentifier(c, p.database, "database");
            if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", p.database).empty()) {
                tx.exec0("CREATE DATABASE " + database + " OWNER " +
                         store::quotedIdentifier(c, p.role, "role"));
                tx.exec0("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            }
            tx.exec0("GRANT CONNECT ON DATABASE " + database + " TO " + tx.quote_name(runtime));
        });
        ownerPool(p.database).run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            tx.exec0("CREATE EXTENSION IF NOT EXISTS vector");
            const auto schema = store::quotedIdentifier(c, p.schema, "schema");
            tx.exec0("SET LOCAL ROLE " + store::quotedIdentifier(c, p.role, "role"));
            tx.exec0("CREATE SCHEMA IF NOT EXISTS " + schema);
            if (!tablesExist(tx, p.schema))
                tx.exec0(store::documentTablesSql(schema));
            createAuditTables(tx, p.schema);
            tx.commit();
        });
    });
}

void PlacementDirectory::withConnection(const Placement &placement, const std::function<void(pqxx::connection &)> &work)
{
    poolFor(placement).run([&](pqxx::connection &c) { work(c); });
}

void PlacementDirectory::setAuditAppends(const Placement &p, bool open)
{
    if (p.tier < 2)
        throw core::Error(core::ErrorCode::InvalidArgument, "the shared audit tables are closed per tenant elsewhere");
    store::translateStoreErrors(open ? "reopen the audit log" : "close the audit log", [&] {
        const auto change = [&](pqxx::transaction_base &tx, const std::string &grantee) {
            const auto schema = tx.quote_name(p.schema);
            tx.exec0(std::string(open ? "GRANT INSERT ON " : "REVOKE INSERT ON ") + schema + ".audit_records, " +
                     schema + ".audit_checkpoints " + (open ? "TO " : "FROM ") + grantee);
        };
        if (p.tier == 2) {
            ownerPool().run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                change(tx, store::quotedIdentifier(c, p.role, "role"));
                tx.commit();
            });
        } else if (!p.dsn.empty()) {
            // The tenant's own server: its login owns the tables and writes them.
            poolFor(p).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                change(tx, "CURRENT_USER");
                tx.commit();
            });
        } else {
            // The tenant's role owns its database's tables.
            ownerPool(p.database).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                const auto role = store::quotedIdentifier(c, p.role, "role");
                tx.exec0("SET LOCAL ROLE " + role);
                change(tx, role);
                tx.commit();
            });
        }
    });
}

void PlacementDirectory::destroy(const Placement &p)
{
    store::translateStoreErrors("remove the tenant's placement", [&] {
        if (p.tier == 1) {
            run(p, p.role, p.tenantId, [&](pqxx::transaction_base &tx) {
                tx.exec_params("DELETE FROM retrieval_shared.documents WHERE tenant_id = $1", p.tenantId);
            });
            return;
        }
        if (p.tier == 2) {
            ownerPool().run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                tx.exec0("DROP SCHEMA IF EXISTS " + store::quotedIdentifier(c, p.schema, "schema") +
                         " CASCADE");
                if (roleExists(tx, p.role))
                    tx.exec0("DROP ROLE " + store::quotedIdentifier(c, p.role, "role"));
                tx.commit();
            });
            return;
        }
        if (!p.dsn.empty()) {
            poolFor(p).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                tx.exec0("DROP SCHEMA IF EXISTS " + store::quotedIdentifier(c, p.schema, "schema") + " CASCADE");
                tx.commit();
            });
            std::lock_guard lock(m_mutex);
            m_tenantPools.erase("own:" + p.tenantId);
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            m_tenantPools.erase(p.database);  // closes this process's connections to it
            m_ownerPools.erase(p.database);
        }
        ownerPool().run([&](pqxx::connection &c) {
            pqxx::nontransaction tx(c);
            tx.exec0("DROP DATABASE IF EXISTS " + store::quotedIdentifier(c, p.database, "database") +
                     " WITH (FORCE)");
            if (roleExists(tx, p.role))
                tx.exec0("DROP ROLE " + store::quotedIdentifier(c, p.role, "role"));
        });
    });
}

void PlacementDirectory::run(const Placement &placement, const std::string &role,
                             const std::string &rlsTenant, const Work &work)
{
    poolFor(placement).run([&](pqxx::connection &c) {
        pqxx::work tx(c);
        if (!role.empty())
            tx.exec0("SET LOCAL ROLE " + store::quotedIdentifier(c, role, "role"));
        tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true)", rlsTenant);
        work(tx);
        tx.commit();
    });
}

void PlacementDirectory::runWithin(pqxx::transaction_base &tx, const Placement &placement, const std::string &role,
                                   const std::string &rlsTenant, const Work &work)
{
    if (!placement.database.empty() || !placement.dsn.empty()) {
        run(placement, role, rlsTenant, work);
        return;
    }
    tx.exec0("SET LOCAL ROLE " + tx.quote_name(role));
    tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true)", rlsTenant);
    work(tx);
    tx.exec0("RESET ROLE");
    tx.exec("SELECT set_config('bulkhead.tenant', '', true)");
}

} // namespace bulkhead::retrieval
