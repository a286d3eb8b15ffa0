#pragma once
// A pg_auto_failover formation on loopback for the failover tests: a monitor and two
// PostgreSQL 15 nodes (a primary and a synchronous secondary), each run by its own
// `pg_autoctl ... --run` keeper, in a scratch folder. As root every process runs as the server
// account (postgres, else nobody); PostgreSQL refuses root. Authentication is trust on
// 127.0.0.1: the formation lives only as long as the test.

#include "store/Database.h"
#include "store/ServerAccount.h"
#include "support/WaitUntil.h"

#include <QProcess>
#include <QTemporaryDir>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <pqxx/pqxx>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace bulkhead::hardening {

class AutoFailoverFormation
{
public:
    static constexpr const char *kDatabase = "bulkhead";

    AutoFailoverFormation()
    {
        if (!m_dir.isValid())
            throw std::runtime_error("no scratch folder");
        if (::geteuid() == 0) {
            m_account = store::ServerAccount::resolve({});
            std::filesystem::permissions(root(), std::filesystem::perms::owner_all);
            if (::chown(root().c_str(), m_account->uid, m_account->gid) != 0)
                throw std::runtime_error("cannot hand the scratch folder to the server account");
        }
        m_monitorPort = freePort();
        m_nodePorts = {freePort(), freePort()};
    }

    ~AutoFailoverFormation()
    {
        // Keepers first (SIGINT: a fast shutdown of their PostgreSQL), then whatever is left.
        for (auto &keeper : m_keepers) {
            if (keeper->state() != QProcess::NotRunning) {
                ::kill(static_cast<pid_t>(keeper->processId()), SIGINT);
                if (!keeper->waitForFinished(30000)) {
                    keeper->kill();
                    keeper->waitForFinished(5000);
                }
            }
        }
        // Then any server left, and wait for it to be gone before the folder is removed.
        for (const auto &data : {monitorData(), nodeData(0), nodeData(1)}) {
            if (const auto pid = postmasterPid(data)) {
                ::kill(static_cast<pid_t>(*pid), SIGQUIT);
                testsupport::waitUntil([&] { return ::kill(static_cast<pid_t>(*pid), 0) != 0; },
                                       std::chrono::seconds(10));
            }
        }
    }

    // Starts the monitor, then the first node (it becomes the primary), then the second (it
    // becomes the secondary after a base backup); returns once replication is synchronous.
    void start()
    {
        launch({"create", "monitor", "--pgdata", monitorData().string(), "--pgport",
                std::to_string(m_monitorPort), "--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--auth", "trust",
                "--no-ssl", "--run"});
        require(testsupport::waitUntil([&] { return canQuery(monitorUri()); }, std::chrono::seconds(90)),
                "the monitor did not come up");
        for (int node = 0; node < 2; ++node) {
            launch({"create", "postgres", "--pgdata", nodeData(node).string(), "--pgport",
                    std::to_string(m_nodePorts[node]), "--hostname", "127.0.0.1", "--listen", "127.0.0.1",
                    "--auth", "trust", "--no-ssl", "--monitor", monitorUri(), "--dbname", kDatabase, "--name",
                    "node" + std::to_string(node + 1), "--run"});
            if (node == 0)
                require(testsupport::waitUntil([&] { return primaryIndex().has_value(); }, std::chrono::seconds(90)),
                        "the first node did not become writable");
        }
        // The secondary's base backup waits for a checkpoint: ask for one now and then rather
        // than waiting for the spread one.
        require(testsupport::waitUntil(
                    [&] {
                        checkpointPrimary();
                        return isSynchronous();
                    },
                    std::chrono::seconds(120), std::chrono::seconds(1)),
                "the secondary did not become a synchronous standby");
    }

    // libpq's multi-host form: both nodes, only the one that accepts writes.
    std::string connectionString(const std::string &user, const std::string &database = kDatabase) const
    {
        return "host=127.0.0.1,127.0.0.1 port=" + std::to_string(m_nodePorts[0]) + "," +
               std::to_string(m_nodePorts[1]) + " dbname=" + database + " user=" + user +
               " target_session_attrs=read-write connect_timeout=3";
    }

    // The index (0 or 1) of the node that accepts writes now, if any.
    std::optional<int> primaryIndex() const
    {
        for (int node = 0; node < 2; ++node) {
            try {
                pqxx::connection c(nodeUri(node));
                pqxx::nontransaction tx(c);
                if (!tx.exec1("SELECT pg_is_in_recovery()")[0].as<bool>())
                    return node;
            } catch (const std::exception &) {
            }
        }
        return std::nullopt;
    }

    // True when a primary runs with a standby that confirms every commit.
    bool isSynchronous() const
    {
        const auto primary = primaryIndex();
        if (!primary)
            return false;
        try {
            pqxx::connection c(nodeUri(*primary));
            pqxx::nontransaction tx(c);
            return !tx.exec1("SHOW synchronous_standby_names")[0].as<std::string>().empty() &&
                   !tx.exec("SELECT 1 FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum') "
                            "AND state = 'streaming'")
                        .empty();
        } catch (const std::exception &) {
            return false;
        }
    }

    // `pg_autoctl perform switchover`: the monitor promotes the secondary and demotes the
    // primary; returns when the command does (the new roles are then in place).
    void performSwitchover()
    {
        QProcess process;
        prepare(process);
        process.start(QString::fromStdString(pgAutoctl()),
                      {QStringLiteral("perform"), QStringLiteral("switchover"), QStringLiteral("--monitor"),
                       QString::fromStdString(monitorUri())});
        require(process.waitForFinished(120000) && process.exitCode() == 0,
                "switchover failed: " + process.readAll().toStdString());
    }

    // SIGKILL to the postmaster of the node that is the primary now; returns its index.
    int killPrimaryPostmaster()
    {
        const auto primary = primaryIndex();
        require(primary.has_value(), "no primary to kill");
        const auto pid = postmasterPid(nodeData(*primary));
        require(pid.has_value(), "the primary's postmaster.pid is missing");
        require(::kill(static_cast<pid_t>(*pid), SIGKILL) == 0, "kill failed");
        return *primary;
    }

    std::filesystem::path root() const { return m_dir.path().toStdString(); }
    // Leaves the folder (every node's logs) behind for a post-mortem.
    void keepFolder() { m_dir.setAutoRemove(false); }
    std::string nodeUri(int node, const std::string &user = "postgres") const
    {
        return "host=127.0.0.1 port=" + std::to_string(m_nodePorts[node]) + " dbname=" + kDatabase +
               " user=" + user + " connect_timeout=3";
    }

private:
    static std::uint16_t freePort()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
                        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0;
        ::close(fd);
        require(ok, "no free port");
        return ntohs(address.sin_port);
    }

    static void require(bool condition, const std::string &what)
    {
        if (!condition)
            throw std::runtime_error(what);
    }

    static bool canQuery(const std::string &uri)
    {
        try {
            pqxx::connection c(uri);
            pqxx::nontransaction(c).exec("SELECT 1 FROM pgautofailover.node LIMIT 1");
            return true;
        } catch (const std::exception &) {
            return false;
        }
    }

    static std::optional<long> postmasterPid(const std::filesystem::path &data)
    {
        std::ifstream in(data / "postmaster.pid");
        long pid = 0;
        if (in >> pid && pid > 0)
            return pid;
        return std::nullopt;
    }

    static std::string pgAutoctl()
    {
        for (const char *candidate : {"/usr/bin/pg_autoctl", "/usr/lib/postgresql/15/bin/pg_autoctl"})
            if (std::filesystem::exists(candidate))
                return candidate;
        throw std::runtime_error("pg_autoctl is not installed (packaging/install-deps.sh installs it)");
    }

    void checkpointPrimary() const
    {
        if (const auto primary = primaryIndex()) {
            try {
                pqxx::connection c(nodeUri(*primary));
                pqxx::nontransaction(c).exec0("CHECKPOINT");
            } catch (const std::exception &) {
            }
        }
    }

    std::string monitorUri() const
    {
        return "postgres://autoctl_node@127.0.0.1:" + std::to_string(m_monitorPort) +
               "/pg_auto_failover?sslmode=disable";
    }
    std::filesystem::path monitorData() const { return root() / "monitor"; }
    std::filesystem::path nodeData(int node) const { return root() / ("node" + std::to_string(node + 1)); }

    // The environment every pg_autoctl call shares: PostgreSQL 15's tools first on PATH, and
    // pg_autoctl's configuration and state inside the scratch folder.
    void prepare(QProcess &process) const
    {
        auto environment = QProcessEnvironment::systemEnvironment();
        const QString dir = QString::fromStdString(root().string());
        environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/lib/postgresql/15/bin:/usr/bin:/bin"));
        environment.insert(QStringLiteral("PG_CONFIG"), QStringLiteral("/usr/lib/postgresql/15/bin/pg_config"));
        environment.insert(QStringLiteral("HOME"), dir);
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/config"));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/share"));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir + QStringLiteral("/run"));
        environment.remove(QStringLiteral("PGHOST"));
        environment.remove(QStringLiteral("PGPORT"));
        environment.remove(QStringLiteral("PGDATA"));
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(dir);
        const std::optional<store::ServerAccount> account = m_account;
        process.setChildProcessModifier([account] {
            if (account && (::setgroups(account->groups.size(), account->groups.data()) != 0 ||
                            ::setgid(account->gid) != 0 || ::setuid(account->uid) != 0))
                ::_exit(127);
            // A test that dies (a watchdog, a crash) takes its formation with it: SIGINT is a
            // keeper's fast shutdown. Set after the account switch, which would clear it.
            ::prctl(PR_SET_PDEATHSIG, SIGINT);
        });
    }

    void launch(const std::vector<std::string> &arguments)
    {
        auto keeper = std::make_unique<QProcess>();
        prepare(*keeper);
        QStringList list;
        for (const auto &a : arguments)
            list << QString::fromStdString(a);
        const auto name = root() / ("keeper" + std::to_string(m_keepers.size()) + ".log");
        keeper->setProcessChannelMode(QProcess::MergedChannels);
        keeper->setStandardOutputFile(QString::fromStdString(name.string()));
        keeper->start(QString::fromStdString(pgAutoctl()), list);
        require(keeper->waitForStarted(10000), "pg_autoctl did not start");
        m_keepers.push_back(std::move(keeper));
    }

    QTemporaryDir m_dir;
    std::optional<store::ServerAccount> m_account;
    std::uint16_t m_monitorPort = 0;
    std::vector<std::uint16_t> m_nodePorts;
    std::vector<std::unique_ptr<QProcess>> m_keepers;
};

}  // namespace bulkhead::hardening
