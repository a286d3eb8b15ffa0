#pragma once

#include "ChildProcess.h"
#include "ServerAccount.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::store {

struct LocalClusterOptions
{
    // The cluster folder: data/ (PGDATA), socket/ (the private unix socket folder, 0700),
    // server.log, commands.log (initdb and pg_ctl output) and cluster.lock live in it.
    std::filesystem::path directory;
    // Where initdb and pg_ctl are. Empty: $BULKHEAD_PG_BINDIR, then Debian's PostgreSQL 15
    // (/usr/lib/postgresql/15/bin, the version packaging/install-deps.sh builds pgvector for),
    // then `pg_config --bindir` from PATH.
    std::filesystem::path binDirectory;
    // Only when this process runs as root: the account the server runs as. Empty: `postgres`
    // when it exists, else `nobody`. Ignored otherwise (the server runs as the caller).
    std::string serverAccount;
    // Created on first start (from template1, so it has the vector extension).
    std::string database = "bulkhead";
    std::chrono::seconds startTimeout{60};
};

// A private PostgreSQL 15 cluster in one folder, for the console's embedded default, tests and
// CI. Authentication: trust on the unix socket, whose folder only the server account can enter;
// TCP on 127.0.0.1 only and with scram-sha-256, and since the superuser has no password there
// is no TCP login at all. The server never runs as root.
//
// The object does not own the server's lifetime: destroying it leaves a started server running
// (`bulkheadctl cluster start` returns while the server goes on). Call stop() to stop it.
class LocalCluster final
{
public:
    static constexpr std::string_view kSuperuser = "bulkhead";
    // The login bulkheadd serves as: bound by row-level security (store/DatabaseLogin.h).
    static constexpr std::string_view kRuntimeLogin = "bulkhead_daemon";

    explicit LocalCluster(LocalClusterOptions options);
    LocalCluster(const LocalCluster &) = delete;
    LocalCluster &operator=(const LocalCluster &) = delete;

    // Initialises the folder if needed, starts the server if it is not running (on the recorded
    // port if that is still free, else on a new free one), waits until it accepts connections,
    // and makes sure `vector` exists in template1, the default database and the runtime login
    // exist.
    // Throws core::Error: InvalidArgument for an unusable folder, account or binary folder;
    // Unavailable when initdb or the server fails (with the tail of the log in the message).
    void start();
    // pg_ctl stop -m fast; does nothing when the server is not running.
    void stop();

    bool isInitialised() const;
    bool isRunning() const;
    // The postmaster's pid while running.
    std::optional<long> serverPid() const;

    const std::filesystem::path &directory() const noexcept { return m_options.directory; }
    std::filesystem::path dataDirectory() const;
    std::filesystem::path socketDirectory() const;
    std::filesystem::path serverLog() const;
    // The port the running server listens on, else the recorded one, else 0.
    int port() const;
    const std::string &database() const noexcept { return m_options.database; }
    // "host=<socket dir> port=<port> dbname=<database> user=bulkhead"
    std::string connectionString() const;
    std::string connectionString(std::string_view database) const;
    std::string connectionString(std::string_view database, std::string_view login) const;
    // The default database as kRuntimeLogin: bulkheadd's `database` (the superuser's
    // connectionString() is its `database-owner`).
    std::string runtimeConnectionString() const;
    // The folder with initdb and pg_ctl (resolved on first use).
    std::filesystem::path binDirectory() const;

private:
    std::optional<ServerAccount> serverAccount() const;
    void prepareDirectory(const std::optional<ServerAccount> &account) const;
    void checkDataOwner(const std::optional<ServerAccount> &account) const;
    void initialise(const std::optional<ServerAccount> &account) const;
    void launch(const std::optional<ServerAccount> &account) const;
    void prepareDatabases() const;
    std::optional<int> recordedPort() const;
    void writeServerSettings(int port, const std::optional<ServerAccount> &account) const;
    ChildProcessResult runTool(std::string_view tool, std::vector<std::string> arguments,
                               const std::optional<ServerAccount> &account,
                               std::chrono::seconds timeout) const;

    LocalClusterOptions m_options;
    mutable std::filesystem::path m_binDirectory;
};

} // namespace bulkhead::store
