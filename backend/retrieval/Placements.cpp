#include "Placements.h"

#include "core/Error.h"
#include "core/TenantValidation.h"
#include "store/Database.h"
#include "store/DocumentRepository.h"
#include "store/PlacementProvisioning.h"
#include "store/PlacementRepository.h"
#include "store/StoreErrors.h"

#include <libpq-fe.h>

namespace bulkhead::retrieval {
namespace {

using core::Error;
using core::ErrorCode;

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
                return store::PlacementRepository(tx).deploymentTag();
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
            return store::PlacementRepository(tx).findDedicatedDsn(tenantId);
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
                store::provisionTenantSchema(tx, p.schema, p.role);
                tx.commit();
            });
            return;
        }
        if (!p.dsn.empty()) {
            // The tenant's own server: its login owns the database; only the schema is ours.
            poolFor(p).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                store::provisionOwnServerSchema(tx, p.schema);
                tx.commit();
            });
            return;
        }
        // Tier 3: the database (outside a transaction), then its schema, created as the role.
        ownerPool().run(
            [&](pqxx::connection &c) { store::createTenantDatabase(c, p.database, p.role); });
        ownerPool(p.database).run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::provisionTenantDatabaseSchema(tx, p.schema, p.role);
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
        if (p.tier == 2) {
            ownerPool().run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                store::setTenantSchemaAuditAppends(tx, p.schema, p.role, open);
                tx.commit();
            });
        } else if (!p.dsn.empty()) {
            // The tenant's own server: its login owns the tables and writes them.
            poolFor(p).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                store::setOwnServerAuditAppends(tx, p.schema, open);
                tx.commit();
            });
        } else {
            // The tenant's role owns its database's tables.
            ownerPool(p.database).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                store::setTenantDatabaseAuditAppends(tx, p.schema, p.role, open);
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
                store::DocumentRepository::removeAllShared(tx, p.tenantId);
            });
            return;
        }
        if (p.tier == 2) {
            ownerPool().run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                store::dropTenantSchema(tx, p.schema, p.role);
                tx.commit();
            });
            return;
        }
        if (!p.dsn.empty()) {
            poolFor(p).run([&](pqxx::connection &c) {
                pqxx::work tx(c);
                store::dropOwnServerSchema(tx, p.schema);
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
            store::dropTenantDatabase(tx, p.database, p.role);
        });
    });
}

void PlacementDirectory::run(const Placement &placement, const std::string &role,
                             const std::string &rlsTenant, const Work &work)
{
    poolFor(placement).run([&](pqxx::connection &c) {
        pqxx::work tx(c);
        store::actAs(tx, role, rlsTenant);
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
    store::actAsWithin(tx, role, rlsTenant);
    work(tx);
    store::stopActing(tx);
}

} // namespace bulkhead::retrieval
