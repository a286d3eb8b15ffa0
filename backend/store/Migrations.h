#pragma once

#include <pqxx/connection_base>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::store {

// One step of the control-plane schema. Compiled into the binary, so a daemon always knows the
// schema it needs; applied steps are recorded in schema_migrations(version, name, applied_at).
struct Migration
{
    int version;           // > 0, strictly increasing through the list
    std::string_view name; // short snake_case description, recorded with the version
    std::string_view sql;  // one or more statements, run inside the migration transaction
};

struct AppliedMigration
{
    int version = 0;
    std::string name;

    bool operator==(const AppliedMigration &) const = default;
};

// Every daemon applying migrations takes this pg_advisory_xact_lock key first (the bytes of
// "Bulkhead" as a bigint), so concurrent starts apply the schema exactly once.
inline constexpr long long kMigrationLockKey = 0x42756c6b68656164LL;

// The control-plane schema, in order. Append new migrations at the end; never edit or remove one
// that has shipped (ControlPlaneMigrations.cpp says how).
std::span<const Migration> controlPlaneMigrations() noexcept;

// Applies the migrations the database does not have yet, all in ONE transaction (old schema or
// new, never half), serialised across processes by kMigrationLockKey. Idempotent: a second call
// applies nothing. Returns what this call applied, in order. Versions the database has but this
// binary does not know (a newer daemon applied them) are left alone, so rolling upgrades work.
// Throws core::Error: Internal when the list is malformed or the database records a different
// name for a known version (diverging histories); database errors mapped as in StoreErrors.h.
std::vector<AppliedMigration> applyMigrations(pqxx::connection_base &connection);
std::vector<AppliedMigration> applyMigrations(pqxx::connection_base &connection,
                                              std::span<const Migration> migrations);

// What schema_migrations records, by version; empty when no migration ran yet.
std::vector<AppliedMigration> appliedMigrations(pqxx::connection_base &connection);

} // namespace bulkhead::store
