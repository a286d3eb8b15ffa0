#include "PlacementProvisioning.h"

#include "AuditSchema.h"
#include "Database.h"
#include "DatabaseLogin.h"
#include "RetrievalSchema.h"

#include <pqxx/pqxx>

namespace bulkhead::store {
namespace {

bool tablesExist(pqxx::transaction_base &tx, const std::string &schema,
                 const char *table = "chunks")
{
    return !tx.exec_params("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 "
                           "AND table_name = $2",
                           schema, table)
                .empty();
}

// Where a placement's schema lives. Only one in a database of its own gets an append function:
// a Tier 2 schema's writers call the control plane's, in public.
enum class SchemaDatabase { Own, ControlPlane };

// The audit tables of a tenant placement: migration 4's own SQL (and 8's pruning-aware trigger,
// 14's append function), run with search_path set to the tenant's schema, so Tier 2 and 3 logs
// have exactly the shape, RLS, append-only triggers and append of Tier 1's.
void createAuditTables(pqxx::transaction_base &tx, const std::string &schema, SchemaDatabase database)
{
    tx.exec_params("SELECT set_config('search_path', $1, true)", tx.quote_name(schema));
    if (!tablesExist(tx, schema, "audit_records"))
        tx.exec0(std::string(auditLogSchemaSql()));
    tx.exec0(std::string(auditPruningSql())); // also brings older placements up to date
    if (database == SchemaDatabase::Own)
        tx.exec0(std::string(auditAppendSql()));
    tx.exec0("SET LOCAL search_path TO DEFAULT");
}

// `grantee` quoted already, or CURRENT_USER.
void changeAuditAppends(pqxx::transaction_base &tx, const std::string &schema,
                        const std::string &grantee, bool open)
{
    const auto quoted = tx.quote_name(schema);
    tx.exec0(std::string(open ? "GRANT INSERT ON " : "REVOKE INSERT ON ") + quoted +
             ".audit_records, " + quoted + ".audit_checkpoints " + (open ? "TO " : "FROM ") +
             grantee);
}

// One placement's schema with its document and audit tables; made once, closed to PUBLIC.
void createPlacementSchema(pqxx::transaction_base &tx, const std::string &schemaName,
                           SchemaDatabase database)
{
    const auto schema = quotedIdentifier(tx.conn(), schemaName, "schema");
    tx.exec0("CREATE SCHEMA IF NOT EXISTS " + schema);
    tx.exec0("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
    if (!tablesExist(tx, schemaName))
        tx.exec0(documentTablesSql(schema));
    createAuditTables(tx, schemaName, database);
}

} // namespace

bool roleExists(pqxx::transaction_base &tx, const std::string &role)
{
    return !tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role).empty();
}

void ensurePlacementRole(pqxx::transaction_base &tx, const std::string &role)
{
    const auto quoted = tx.quote_name(role);
    if (!roleExists(tx, role)) {
        tx.exec0("CREATE ROLE " + quoted + " NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT");
        tx.exec0("GRANT " + quoted + " TO CURRENT_USER");
    }
    tx.exec0("GRANT " + quoted + " TO " + tx.quote_name(runtimeGroupRole(tx)));
}

void provisionTenantSchema(pqxx::transaction_base &tx, const std::string &schemaName,
                           const std::string &roleName)
{
    ensurePlacementRole(tx, roleName);
    createPlacementSchema(tx, schemaName, SchemaDatabase::ControlPlane);
    const auto schema = quotedIdentifier(tx.conn(), schemaName, "schema");
    const auto role = quotedIdentifier(tx.conn(), roleName, "role");
    tx.exec0(auditLateRecordsGuardSql(schema)); // no record of a removed incarnation
    tx.exec0("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
    tx.exec0("GRANT SELECT, INSERT, DELETE ON " + schema + ".documents, " + schema + ".chunks TO " +
             role);
    tx.exec0("GRANT SELECT, INSERT ON " + schema + ".audit_records, " + schema +
             ".audit_checkpoints TO " + role);
    // Retention swaps old records' content for a marker; the trigger allows nothing else.
    tx.exec0("GRANT UPDATE (record) ON " + schema + ".audit_records TO " + role);
}

void provisionOwnServerSchema(pqxx::transaction_base &tx, const std::string &schemaName)
{
    tx.exec0("CREATE EXTENSION IF NOT EXISTS vector");
    createPlacementSchema(tx, schemaName, SchemaDatabase::Own);
}

void createTenantDatabase(pqxx::connection &owner, const std::string &databaseName,
                          const std::string &role)
{
    std::string runtime;
    {
        pqxx::work tx(owner);
        ensurePlacementRole(tx, role);
        runtime = runtimeGroupRole(tx);
        tx.commit();
    }
    pqxx::nontransaction tx(owner);
    const auto database = quotedIdentifier(owner, databaseName, "database");
    if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", databaseName).empty()) {
        tx.exec0("CREATE DATABASE " + database + " OWNER " + quotedIdentifier(owner, role, "role"));
        tx.exec0("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
    }
    tx.exec0("GRANT CONNECT ON DATABASE " + database + " TO " + tx.quote_name(runtime));
}

void provisionTenantDatabaseSchema(pqxx::transaction_base &tx, const std::string &schemaName,
                                   const std::string &role)
{
    tx.exec0("CREATE EXTENSION IF NOT EXISTS vector");
    tx.exec0("SET LOCAL ROLE " + quotedIdentifier(tx.conn(), role, "role"));
    createPlacementSchema(tx, schemaName, SchemaDatabase::Own);
}

void setTenantSchemaAuditAppends(pqxx::transaction_base &tx, const std::string &schema,
                                 const std::string &role, bool open)
{
    changeAuditAppends(tx, schema, quotedIdentifier(tx.conn(), role, "role"), open);
}

void setOwnServerAuditAppends(pqxx::transaction_base &tx, const std::string &schema, bool open)
{
    changeAuditAppends(tx, schema, "CURRENT_USER", open);
}

void setTenantDatabaseAuditAppends(pqxx::transaction_base &tx, const std::string &schema,
                                   const std::string &roleName, bool open)
{
    const auto role = quotedIdentifier(tx.conn(), roleName, "role");
    tx.exec0("SET LOCAL ROLE " + role);
    changeAuditAppends(tx, schema, role, open);
}

void dropTenantSchema(pqxx::transaction_base &tx, const std::string &schema,
                      const std::string &role)
{
    tx.exec0("DROP SCHEMA IF EXISTS " + quotedIdentifier(tx.conn(), schema, "schema") + " CASCADE");
    if (roleExists(tx, role))
        tx.exec0("DROP ROLE " + quotedIdentifier(tx.conn(), role, "role"));
}

void dropOwnServerSchema(pqxx::transaction_base &tx, const std::string &schema)
{
    tx.exec0("DROP SCHEMA IF EXISTS " + quotedIdentifier(tx.conn(), schema, "schema") + " CASCADE");
}

void dropTenantDatabase(pqxx::transaction_base &tx, const std::string &database,
                        const std::string &role)
{
    tx.exec0("DROP DATABASE IF EXISTS " + quotedIdentifier(tx.conn(), database, "database") +
             " WITH (FORCE)");
    if (roleExists(tx, role))
        tx.exec0("DROP ROLE " + quotedIdentifier(tx.conn(), role, "role"));
}

void actAs(pqxx::transaction_base &tx, const std::string &role, const std::string &rlsTenant)
{
    if (!role.empty())
        tx.exec0("SET LOCAL ROLE " + quotedIdentifier(tx.conn(), role, "role"));
    tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true)", rlsTenant);
}

void actAsWithin(pqxx::transaction_base &tx, const std::string &role, const std::string &rlsTenant)
{
    tx.exec0("SET LOCAL ROLE " + tx.quote_name(role));
    tx.exec_params("SELECT set_config('bulkhead.tenant', $1, true)", rlsTenant);
}

void stopActing(pqxx::transaction_base &tx)
{
    tx.exec0("RESET ROLE");
    tx.exec("SELECT set_config('bulkhead.tenant', '', true)");
}

} // namespace bulkhead::store
