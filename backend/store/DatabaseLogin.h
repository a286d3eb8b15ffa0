#pragma once

#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::store {

// Two logins, two jobs. The schema owner (`database-owner`) applies migrations and creates
// and drops tenant placements; bulkheadd serves every request as the runtime login
// (`database`), which must be bound by row-level security: not a superuser, not BYPASSRLS, not
// CREATEROLE (in PostgreSQL 15 that can grant itself any role, the owner's included) and not a
// member of the role that owns a table under RLS (an owner can switch RLS off).
//
// Migration 11 creates the deployment's runtime group role `bh_<tag>_runtime` (no login, no
// inheritance of the tenant roles it may SET ROLE to) with the runtime's table privileges; the
// daemon grants it to its login at start.

// How a login relates to row-level security in the connected database.
struct DatabaseLogin
{
    std::string name;
    // Why the login is not bound by RLS: "superuser", "bypassrls", "createrole",
    // "owns_rls_tables" (it is, or can become, the owner of a table under RLS). Empty: bound.
    std::vector<std::string> bypasses;

    bool boundByRowLevelSecurity() const noexcept { return bypasses.empty(); }
};

DatabaseLogin inspectDatabaseLogin(pqxx::connection &connection);

// "bh_<tag>_runtime" (needs migration 7's deployment tag).
std::string runtimeGroupRole(pqxx::transaction_base &tx);

// As the schema owner: makes `login` a member of the runtime group (once).
void grantRuntimeGroup(pqxx::connection &owner, const std::string &login);

// As a superuser: creates a login role bound by RLS if there is none of that name (the
// embedded default's and the demo's daemon login; no password: the local cluster's unix socket
// is its only way in). Throws core::Error when an existing role of that name could bypass RLS.
void ensureRuntimeLogin(pqxx::connection &superuser, std::string_view login);

// Migration 11.
std::string_view runtimeRoleSchemaSql() noexcept;

} // namespace bulkhead::store
