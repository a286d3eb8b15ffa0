#include "Migrations.h"

#include "StoreErrors.h"

#include <map>
#include <pqxx/pqxx>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;

void checkList(std::span<const Migration> migrations)
{
    int previous = 0;
    for (const auto &m : migrations) {
        if (m.version <= previous)
            throw Error(ErrorCode::Internal,
                        "migration versions must be positive and strictly increasing (" +
                            std::to_string(m.version) + " follows " + std::to_string(previous) +
                            ")");
        if (m.name.empty() || m.sql.empty())
            throw Error(ErrorCode::Internal,
                        "migration " + std::to_string(m.version) + " has no name or no SQL");
        previous = m.version;
    }
}

constexpr const char *kCreateLedger = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer     PRIMARY KEY CHECK (version > 0),
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
))sql";

std::vector<AppliedMigration> readLedger(pqxx::transaction_base &tx)
{
    std::vector<AppliedMigration> applied;
    const auto rows = tx.exec("SELECT version, name FROM schema_migrations ORDER BY version");
    for (const auto &row : rows)
        applied.push_back({row[0].as<int>(), row[1].as<std::string>()});
    return applied;
}

} // namespace

std::vector<AppliedMigration> applyMigrations(pqxx::connection_base &connection)
{
    return applyMigrations(connection, controlPlaneMigrations());
}

std::vector<AppliedMigration> applyMigrations(pqxx::connection_base &connection,
                                              std::span<const Migration> migrations)
{
    checkList(migrations);
    return translateStoreErrors("apply schema migrations", [&] {
        pqxx::work tx(connection);
        // The lock comes first, before even CREATE TABLE IF NOT EXISTS: two first-time
        // appliers would otherwise race on creating the ledger itself. Each statement in READ
        // COMMITTED takes a fresh snapshot, so once the lock is ours we see what the previous
        // holder committed.
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        tx.exec0(kCreateLedger);
        std::map<int, std::string> known;
        for (auto &a : readLedger(tx))
            known.emplace(a.version, std::move(a.name));

        std::vector<AppliedMigration> applied;
        for (const auto &m : migrations) {
            if (const auto it = known.find(m.version); it != known.end()) {
                if (it->second != m.name)
                    throw Error(ErrorCode::Internal,
                                "schema_migrations records version " + std::to_string(m.version) +
                                    " as \"" + it->second + "\" but this binary has \"" +
                                    std::string(m.name) + "\": the schema histories diverge");
                continue;
            }
            tx.exec(std::string(m.sql), "migration " + std::to_string(m.version));
            tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                            m.version, std::string(m.name));
            applied.push_back({m.version, std::string(m.name)});
        }
        tx.commit();
        return applied;
    });
}

std::vector<AppliedMigration> appliedMigrations(pqxx::connection_base &connection)
{
    return translateStoreErrors("read schema_migrations", [&] {
        pqxx::read_transaction tx(connection);
        const auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
        if (!exists[0].as<bool>())
            return std::vector<AppliedMigration>{};
        return readLedger(tx);
    });
}

} // namespace bulkhead::store
