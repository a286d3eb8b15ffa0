#include "DatabaseLogin.h"

#include "Database.h"
#include "StoreErrors.h"
#include "core/Error.h"

#include <pqxx/nontransaction>
#include <pqxx/transaction>

namespace bulkhead::store {
namespace {

// The runtime's privileges: reading and writing control-plane rows (RLS and the audit
// triggers decide which), never the migration records; and membership of the data-plane role
// and of every tenant placement role that exists already, so it can SET ROLE to them. Tables of
// later migrations get the same privileges by default. Databases of Tier 3 placements admit it.
constexpr std::string_view kRuntimeRole = R"sql(
DO $$
DECLARE
    tag     text := (SELECT tag FROM retrieval_settings);
    runtime text := 'bh_' || tag || '_runtime';
    item    record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = runtime) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT',
                       runtime);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', runtime);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM %I', runtime);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public '
                   'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', runtime);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I',
                   runtime);
    FOR item IN SELECT rolname FROM pg_roles
                WHERE rolname = 'bh_' || tag || '_dataplane'
                   OR starts_with(rolname, 'bh_' || tag || '_t_')
                   OR starts_with(rolname, 'bh_' || tag || '_o_') LOOP
        EXECUTE format('GRANT %I TO %I', item.rolname, runtime);
    END LOOP;
    FOR item IN SELECT datname FROM pg_database WHERE starts_with(datname, 'bh_' || tag || '_d_') LOOP
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', item.datname, runtime);
    END LOOP;
END
$$;
)sql";

} // namespace

std::string_view runtimeRoleSchemaSql() noexcept
{
    return kRuntimeRole;
}

DatabaseLogin inspectDatabaseLogin(pqxx::connection &connection)
{
    return translateStoreErrors("inspect the database login", [&] {
        pqxx::read_transaction tx(connection);
        // pg_has_role(..., 'MEMBER'): owning a table, or being able to SET ROLE to its owner.
        const auto row = tx.exec1(
            "SELECT current_user, r.rolsuper, r.rolbypassrls, r.rolcreaterole, "
            "       EXISTS (SELECT 1 FROM pg_class c WHERE c.relrowsecurity "
            "               AND pg_has_role(current_user, c.relowner, 'MEMBER')) "
            "FROM pg_roles r WHERE r.rolname = current_user");
        DatabaseLogin login;
        login.name = row[0].as<std::string>();
        if (row[1].as<bool>())
            login.bypasses.emplace_back("superuser");
        if (row[2].as<bool>())
            login.bypasses.emplace_back("bypassrls");
        if (row[3].as<bool>())
            login.bypasses.emplace_back("createrole");
        if (row[4].as<bool>())
            login.bypasses.emplace_back("owns_rls_tables");
        return login;
    });
}

std::string runtimeGroupRole(pqxx::transaction_base &tx)
{
    return "bh_" + tx.exec1("SELECT tag FROM retrieval_settings")[0].as<std::string>() + "_runtime";
}

void grantRuntimeGroup(pqxx::connection &owner, const std::string &login)
{
    translateStoreErrors("grant the runtime role to the daemon's login", [&] {
        pqxx::work tx(owner);
        const auto group = runtimeGroupRole(tx);
        if (tx.exec_params1("SELECT pg_has_role($1, $2, 'MEMBER')", login, group)[0].as<bool>())
            return;
        tx.exec0("GRANT " + tx.quote_name(group) + " TO " + tx.quote_name(login));
        tx.commit();
    });
}

void ensureRuntimeLogin(pqxx::connection &superuser, std::string_view login)
{
    translateStoreErrors("create the daemon's login", [&] {
        pqxx::work tx(superuser);
        const auto quoted = quotedIdentifier(superuser, login, "login");
        // Roles are cluster-wide and several processes may start at once: one at a time.
        tx.exec("SELECT pg_advisory_xact_lock(hashtext('bulkhead runtime login'))");
        const auto existing = tx.exec_params(
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles WHERE rolname = $1",
            std::string(login));
        if (existing.empty())
            tx.exec0("CREATE ROLE " + quoted +
                     " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION");
        else if (existing[0][0].as<bool>())
            throw core::Error(core::ErrorCode::InvalidArgument,
                              "the role " + std::string(login) + " exists and can bypass row-level security",
                              "login");
        tx.commit();
    });
}

} // namespace bulkhead::store
