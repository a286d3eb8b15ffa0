#pragma once

#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>

namespace bulkhead::store {

// What a tenant's Tier 2/3 document placement is made of (roles, schemas, databases, grants) and
// its removal, plus the role a transaction on a placement acts as. Names come unquoted from the
// caller, built from validated tenant ids, and are quoted here (quote_name), most of them checked
// again first (quotedIdentifier); values are parameters, nothing else is spliced into the
// statements. Provisioning runs as the schema owner's login, idempotently. Every call works in
// the caller's transaction (or, where PostgreSQL allows no transaction, on the caller's
// connection) and leaves committing, and translating pqxx errors (translateStoreErrors), to the
// caller.

bool roleExists(pqxx::transaction_base &tx, const std::string &role);
// A NOLOGIN, NOINHERIT placement role. The owner's login becomes a member (to create the
// placement's objects as the role); the runtime group too, so the daemon's login can SET ROLE
// to it.
void ensurePlacementRole(pqxx::transaction_base &tx, const std::string &role);

// Tier 2: `role` and schema `schema` in the control-plane database, the document and audit
// tables in it, and rights for the role on its schema only.
void provisionTenantSchema(pqxx::transaction_base &tx, const std::string &schema,
                           const std::string &role);
// Tier 3 on the tenant's own server: its login owns the database; only the schema is ours.
void provisionOwnServerSchema(pqxx::transaction_base &tx, const std::string &schema);
// Tier 3 in this cluster: `role` and database `database` owned by it, CONNECT revoked from
// PUBLIC and granted to the runtime group. On the owner's connection to the control plane:
// CREATE DATABASE cannot run inside a transaction.
void createTenantDatabase(pqxx::connection &owner, const std::string &database,
                          const std::string &role);
// Then, on the owner's connection to that database: the schema and tables, created as `role`.
void provisionTenantDatabaseSchema(pqxx::transaction_base &tx, const std::string &schema,
                                   const std::string &role);

// Lets the placement's role append to its audit tables (`open`), or stops it while the log moves
// elsewhere; the tables' owner grants and revokes. Tier 2: the role's schema.
void setTenantSchemaAuditAppends(pqxx::transaction_base &tx, const std::string &schema,
                                 const std::string &role, bool open);
// The tenant's own server: its login owns the tables and writes them.
void setOwnServerAuditAppends(pqxx::transaction_base &tx, const std::string &schema, bool open);
// Tier 3 in this cluster: the tenant's role owns its database's tables.
void setTenantDatabaseAuditAppends(pqxx::transaction_base &tx, const std::string &schema,
                                   const std::string &role, bool open);

// Removal: the schema with everything in it, then the role.
void dropTenantSchema(pqxx::transaction_base &tx, const std::string &schema,
                      const std::string &role);
void dropOwnServerSchema(pqxx::transaction_base &tx, const std::string &schema);
// The database (its connections ended), then the role; outside a transaction (`tx` a
// pqxx::nontransaction).
void dropTenantDatabase(pqxx::transaction_base &tx, const std::string &database,
                        const std::string &role);

// The caller's transaction on a placement's database acts as `role` (checked and quoted; empty:
// the login's own) with the RLS tenant setting `rlsTenant`: SET LOCAL, both end with the
// transaction.
void actAs(pqxx::transaction_base &tx, const std::string &role, const std::string &rlsTenant);
// The same inside the control-plane transaction of a caller that goes on after the work, so its
// locks cover it; stopActing() returns the transaction to the login, without a tenant.
void actAsWithin(pqxx::transaction_base &tx, const std::string &role, const std::string &rlsTenant);
void stopActing(pqxx::transaction_base &tx);

} // namespace bulkhead::store
