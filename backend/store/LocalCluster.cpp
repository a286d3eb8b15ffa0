#include "LocalCluster.h"

#include "Database.h"
#include "DatabaseLogin.h"
#include "StoreErrors.h"
#include "core/Error.h"

#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <locale.h>
#include <netinet/in.h>
#include <pqxx/pqxx>
#include <signal.h>
#include <sstream>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;
namespace fs = std::filesystem;

// packaging/install-deps.sh builds pgvector for this server version.
constexpr const char *kDebianBinDirectory = "/usr/lib/postgresql/15/bin";
constexpr const char *kSettingsFile = "bulkhead.conf";
// sun_path holds 108 bytes; the server appends "/.s.PGSQL.<port>" and a terminating NUL.
constexpr std::size_t kMaxSocketPath = 107;
constexpr std::size_t kSocketFileSuffix = std::char_traits<char>::length("/.s.PGSQL.65535");
constexpr int kLaunchAttempts = 3;

bool hasServerTools(const fs::path &dir)
{
    return !dir.empty() && access((dir / "initdb").c_str(), X_OK) == 0 &&
           access((dir / "pg_ctl").c_str(), X_OK) == 0;
}

fs::path findOnPath(const std::string &program)
{
    const char *path = std::getenv("PATH");
    std::string_view rest = path ? path : "/usr/bin:/bin";
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const fs::path dir(std::string(rest.substr(0, colon)));
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        if (dir.is_absolute() && access((dir / program).c_str(), X_OK) == 0)
            return dir / program;
    }
    return {};
}

// Reads a small file; nullopt when it does not exist, Unavailable when it cannot be read (a
// cluster folder that belongs to another account is not the same thing as "no cluster").
std::optional<std::string> readSmallFile(const fs::path &path)
{
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return std::nullopt;
        throw Error(ErrorCode::Unavailable,
                    "cannot read " + path.string() + ": " + std::strerror(errno));
    }
    std::string text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0 && text.size() < (1u << 20))
        text.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    return text;
}

std::vector<std::string> lines(std::string_view text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return out;
}

std::optional<long> parseNumber(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\t'))
        text.remove_suffix(1);
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::uintmax_t fileSize(const fs::path &path)
{
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

// The last lines written to a log since `offset`: what a failed start needs to explain itself.
std::string logTail(const fs::path &path, std::uintmax_t offset = 0)
{
    constexpr std::uintmax_t kMaxBytes = 4000;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "(no " + path.filename().string() + ")";
    const auto size = fileSize(path);
    const auto from = std::max(offset, size > kMaxBytes ? size - kMaxBytes : 0);
    in.seekg(static_cast<std::streamoff>(from));
    std::ostringstream text;
    text << in.rdbuf();
    std::string tail = std::move(text).str();
    if (from > offset) {
        const auto newline = tail.find('\n');
        tail = "...\n" + (newline == std::string::npos ? tail : tail.substr(newline + 1));
    }
    while (!tail.empty() && tail.back() == '\n')
        tail.pop_back();
    return tail.empty() ? "(empty)" : tail;
}

int bindLoopback(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

bool isPortFree(int port)
{
    const int fd = bindLoopback(port);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

// Binding port 0 lets the kernel pick a port nobody uses right now. The server binds it a moment
// later; losing that race shows as "could not bind" in the log and launch() tries another port.
int pickFreePort()
{
    const int fd = bindLoopback(0);
    if (fd < 0)
        throw Error(ErrorCode::Unavailable,
                    std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(errno));
    sockaddr_in address{};
    socklen_t length = sizeof(address);
    const int rc = getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    close(fd);
    if (rc != 0)
        throw Error(ErrorCode::Unavailable, "cannot read the port the kernel picked");
    return ntohs(address.sin_port);
}

std::string serverLocale()
{
    if (locale_t probe = newlocale(LC_ALL_MASK, "C.UTF-8", nullptr)) {
        freelocale(probe);
        return "C.UTF-8";
    }
    return "C";
}

// A postgresql.conf string literal: quotes doubled; newlines are refused earlier.
std::string confString(const std::string &value)
{
    std::string out = "'";
    for (char c : value) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    return out + "'";
}

void giveTo(const fs::path &path, const std::optional<ServerAccount> &account)
{
    if (account && chown(path.c_str(), account->uid, account->gid) != 0)
        throw Error(ErrorCode::Unavailable, "cannot give " + path.string() + " to account \"" +
                                                account->name + "\": " + std::strerror(errno));
}

// Serialises start() and stop() of one folder across processes (two daemons, or CI and a test).
class ClusterLock final
{
public:
    ClusterLock(const fs::path &path, const std::optional<ServerAccount> &account,
                std::chrono::seconds timeout)
    {
        m_fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0)
            throw Error(ErrorCode::Unavailable,
                        "cannot open " + path.string() + ": " + std::strerror(errno));
        if (account) {
            // Best effort: the lock works whoever owns the file.
            [[maybe_unused]] const int ignored = fchown(m_fd, account->uid, account->gid);
        }
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            if ((errno != EWOULDBLOCK && errno != EINTR) ||
                std::chrono::steady_clock::now() >= deadline) {
                close(m_fd);
                throw Error(ErrorCode::Unavailable, "another process holds " + path.string() +
                                                        " (starting or stopping "
                                                        "the same cluster); gave up waiting");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~ClusterLock() { close(m_fd); } // closing releases the flock
    ClusterLock(const ClusterLock &) = delete;
    ClusterLock &operator=(const ClusterLock &) = delete;

private:
    int m_fd = -1;
};

} // namespace

LocalCluster::LocalCluster(LocalClusterOptions options) : m_options(std::move(options))
{
    if (m_options.directory.empty())
        throw Error(ErrorCode::InvalidArgument, "the cluster folder must be given", "dir");
    m_options.directory = fs::absolute(m_options.directory).lexically_normal();
    if (m_options.directory.has_relative_path() && !m_options.directory.has_filename())
        m_options.directory = m_options.directory.parent_path(); // drop a trailing slash
    // pg_ctl hands the data and log paths to /bin/sh inside double quotes, and the config
    // file format is line based: refuse the characters either would interpret.
    if (m_options.directory.string().find_first_of("\n\r\"$`\\") != std::string::npos)
        throw Error(ErrorCode::InvalidArgument,
                    "the cluster folder path must not contain line breaks, '\"', '$', '`' or '\\'",
                    "dir");
    if (!isSafeIdentifier(m_options.database))
        throw Error(ErrorCode::InvalidArgument, "database: must match ^[a-z_][a-z0-9_]{0,62}$",
                    "database");
    if (m_options.startTimeout.count() <= 0)
        throw Error(ErrorCode::InvalidArgument, "the start timeout must be positive", "timeout");
}

fs::path LocalCluster::dataDirectory() const
{
    return m_options.directory / "data";
}

fs::path LocalCluster::socketDirectory() const
{
    return m_options.directory / "socket";
}

fs::path LocalCluster::serverLog() const
{
    return m_options.directory / "server.log";
}

fs::path LocalCluster::binDirectory() const
{
    if (!m_binDirectory.empty())
        return m_binDirectory;
    if (!m_options.binDirectory.empty()) {
        if (!hasServerTools(m_options.binDirectory))
            throw Error(ErrorCode::InvalidArgument,
                        "no executable initdb and pg_ctl in " + m_options.binDirectory.string(),
                        "bin_dir");
        return m_binDirectory = m_options.binDirectory;
    }
    if (const char *env = std::getenv("BULKHEAD_PG_BINDIR"); env && *env) {
        if (!hasServerTools(env))
            throw Error(ErrorCode::InvalidArgument,
                        std::string("no executable initdb and pg_ctl in $BULKHEAD_PG_BINDIR (") +
                            env + ")",
                        "bin_dir");
        return m_binDirectory = env;
    }
    if (hasServerTools(kDebianBinDirectory))
        return m_binDirectory = kDebianBinDirectory;
    if (const auto pgConfig = findOnPath("pg_config"); !pgConfig.empty()) {
        ChildProcessSpec spec;
        spec.program = pgConfig;
        spec.arguments = {"--bindir"};
        spec.environment = {"PATH=/usr/bin:/bin", "LC_ALL=C"};
        spec.workingDirectory = "/";
        spec.timeout = std::chrono::seconds(10);
        const auto result = runChildProcess(spec);
        std::string dir = result.output;
        while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' '))
            dir.pop_back();
        if (result.succeeded() && hasServerTools(dir))
            return m_binDirectory = dir;
    }
    throw Error(ErrorCode::InvalidArgument,
                "PostgreSQL server binaries (initdb, pg_ctl) not found in " +
                    std::string(kDebianBinDirectory) +
                    " nor via pg_config; install postgresql-15 (packaging/install-deps.sh) or "
                    "name the folder explicitly",
                "bin_dir");
}

bool LocalCluster::isInitialised() const
{
    return readSmallFile(dataDirectory() / "PG_VERSION").has_value();
}

std::optional<long> LocalCluster::serverPid() const
{
    const auto pidFile = readSmallFile(dataDirectory() / "postmaster.pid");
    if (!pidFile)
        return std::nullopt;
    const auto fields = lines(*pidFile);
    const auto pid = fields.empty() ? std::nullopt : parseNumber(fields[0]);
    if (!pid || *pid <= 0)
        return std::nullopt;
    // A pid file left by a crash names a process that is gone (EPERM: alive, another owner).
    if (kill(static_cast<pid_t>(*pid), 0) != 0 && errno != EPERM)
        return std::nullopt;
    return pid;
}

bool LocalCluster::isRunning() const
{
    return serverPid().has_value();
}

std::optional<int> LocalCluster::recordedPort() const
{
    const auto settings = readSmallFile(dataDirectory() / kSettingsFile);
    if (!settings)
        return std::nullopt;
    for (const auto &line : lines(*settings)) {
        if (!line.starts_with("port"))
            continue;
        const auto equals = line.find('=');
        if (equals == std::string::npos)
            continue;
        const auto port = parseNumber(std::string_view(line).substr(equals + 1));
        if (port && *port > 0 && *port < 65536)
            return static_cast<int>(*port);
    }
    return std::nullopt;
}

int LocalCluster::port() const
{
    // postmaster.pid line 4 is the port the running server actually listens on.
    if (isRunning()) {
        if (const auto pidFile = readSmallFile(dataDirectory() / "postmaster.pid")) {
            const auto fields = lines(*pidFile);
            if (fields.size() >= 4) {
                if (const auto port = parseNumber(fields[3]); port && *port > 0)
                    return static_cast<int>(*port);
            }
        }
    }
    return recordedPort().value_or(0);
}

std::string LocalCluster::connectionString() const
{
    return connectionString(m_options.database);
}

std::string LocalCluster::connectionString(std::string_view database) const
{
    return connectionString(database, kSuperuser);
}

std::string LocalCluster::connectionString(std::string_view database, std::string_view login) const
{
    return "host=" + conninfoValue(socketDirectory().string()) + " port=" + std::to_string(port()) +
           " dbname=" + conninfoValue(database) + " user=" + conninfoValue(login);
}

std::string LocalCluster::runtimeConnectionString() const
{
    return connectionString(m_options.database, kRuntimeLogin);
}

std::optional<ServerAccount> LocalCluster::serverAccount() const
{
    if (geteuid() != 0)
        return std::nullopt;
    return ServerAccount::resolve(m_options.serverAccount);
}

ChildProcessResult LocalCluster::runTool(std::string_view tool, std::vector<std::string> arguments,
                                         const std::optional<ServerAccount> &account,
                                         std::chrono::seconds timeout) const
{
    const auto bin = binDirectory();
    const auto locale = serverLocale();
    ChildProcessSpec spec;
    spec.program = bin / tool;
    spec.arguments = std::move(arguments);
    // A clean environment: the caller's PG* variables must not redirect initdb or pg_ctl.
    spec.environment = {"PATH=" + bin.string() + ":/usr/bin:/bin", "LC_ALL=" + locale,
                        "LANG=" + locale};
    if (const char *tz = std::getenv("TZ"))
        spec.environment.push_back(std::string("TZ=") + tz);
    // The server resolves its own path from the working directory: it must be one it can enter.
    spec.workingDirectory = m_options.directory;
    spec.logFile = m_options.directory / "commands.log";
    spec.runAs = account;
    spec.timeout = timeout;
    return runChildProcess(spec);
}

void LocalCluster::prepareDirectory(const std::optional<ServerAccount> &account) const
{
    const auto &dir = m_options.directory;
    if (socketDirectory().string().size() + kSocketFileSuffix > kMaxSocketPath)
        throw Error(ErrorCode::InvalidArgument,
                    "the cluster folder path is too long for a unix socket (" +
                        socketDirectory().string() + " must stay under " +
                        std::to_string(kMaxSocketPath - kSocketFileSuffix) +
                        " characters); choose a shorter folder",
                    "dir");
    std::error_code ec;
    const bool created = fs::create_directories(dir, ec);
    if (ec)
        throw Error(ErrorCode::InvalidArgument,
                    "cannot create the cluster folder " + dir.string() + ": " + ec.message(),
                    "dir");
    struct stat info = {};
    if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        throw Error(ErrorCode::InvalidArgument, dir.string() + " is not a folder", "dir");
    const uid_t owner = account ? account->uid : geteuid();
    if (info.st_uid != owner) {
        // Only an empty folder changes hands: never take over somebody's existing files.
        if (!account || !fs::is_empty(dir, ec))
            throw Error(ErrorCode::InvalidArgument,
                        "the cluster folder " + dir.string() + " belongs to " +
                            accountNameOf(info.st_uid) + ", not to " +
                            (account ? "the server account \"" + account->name + "\""
                                     : accountNameOf(owner)) +
                            "; use an empty or new folder",
                        "dir");
        giveTo(dir, account);
    }
    if (created || info.st_uid != owner)
        chmod(dir.c_str(), 0700);
    const bool reachable =
        account ? account->canAccess(dir) : access(dir.c_str(), R_OK | W_OK | X_OK) == 0;
    if (!reachable) {
        const std::string who = account ? account->name : accountNameOf(geteuid());
        throw Error(ErrorCode::InvalidArgument,
                    "the PostgreSQL server account \"" + who +
                        "\" cannot reach the cluster folder " + dir.string() +
                        " (a parent folder is probably not searchable by it, e.g. mode 0700); "
                        "choose a folder that account can reach, or another account",
                    "dir");
    }
}

void LocalCluster::checkDataOwner(const std::optional<ServerAccount> &account) const
{
    struct stat info = {};
    if (stat(dataDirectory().c_str(), &info) != 0)
        return;
    const uid_t expected = account ? account->uid : geteuid();
    if (info.st_uid != expected)
        throw Error(ErrorCode::InvalidArgument,
                    dataDirectory().string() + " belongs to " + accountNameOf(info.st_uid) +
                        " but the server would run as " + accountNameOf(expected) +
                        (account ? " (choose that account, or another folder)" : ""),
                    "dir");
}

void LocalCluster::initialise(const std::optional<ServerAccount> &account) const
{
    std::error_code ec;
    if (fs::exists(dataDirectory(), ec) && !fs::is_empty(dataDirectory(), ec))
        throw Error(ErrorCode::InvalidArgument,
                    dataDirectory().string() + " exists but is not a PostgreSQL cluster", "dir");
    const auto log = m_options.directory / "commands.log";
    const auto offset = fileSize(log);
    const auto result =
        runTool("initdb",
                {"--pgdata=" + dataDirectory().string(), "--username=" + std::string(kSuperuser),
                 "--encoding=UTF8", "--locale=" + serverLocale(), "--auth-local=trust",
                 "--auth-host=scram-sha-256", "--no-instructions"},
                account, std::chrono::seconds(120));
    if (!result.succeeded())
        throw Error(ErrorCode::Unavailable, "initdb failed for " + dataDirectory().string() +
                                                (result.timedOut ? " (timed out)" : "") + ":\n" +
                                                logTail(log, offset));
    // Listen address, port and socket folder are rewritten on every start (the port may change),
    // so they live in a file of their own that postgresql.conf includes.
    std::ofstream conf(dataDirectory() / "postgresql.conf", std::ios::app);
    conf << "\n# Bulkhead: listen address, port and socket folder, rewritten on every start.\n"
         << "include_if_exists = '" << kSettingsFile << "'\n";
    if (!conf.flush())
        throw Error(ErrorCode::Unavailable,
                    "cannot append to postgresql.conf in " + dataDirectory().string());
}

void LocalCluster::writeServerSettings(int port, const std::optional<ServerAccount> &account) const
{
    const auto path = dataDirectory() / kSettingsFile;
    const auto temporary = dataDirectory() / (std::string(kSettingsFile) + ".new");
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << "# Written by Bulkhead (LocalCluster) on every start; edits are overwritten.\n"
            << "listen_addresses = '127.0.0.1'\n"
            << "port = " << port << "\n"
            << "unix_socket_directories = " << confString(socketDirectory().string()) << "\n"
            << "unix_socket_permissions = 0700\n";
        if (!out.flush())
            throw Error(ErrorCode::Unavailable, "cannot write " + temporary.string());
    }
    chmod(temporary.c_str(), 0600);
    giveTo(temporary, account);
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec)
        throw Error(ErrorCode::Unavailable, "cannot write " + path.string() + ": " + ec.message());
}

void LocalCluster::launch(const std::optional<ServerAccount> &account) const
{
    std::error_code ec;
    fs::create_directories(socketDirectory(), ec);
    if (ec)
        throw Error(ErrorCode::Unavailable,
                    "cannot create " + socketDirectory().string() + ": " + ec.message());
    giveTo(socketDirectory(), account);
    chmod(socketDirectory().c_str(), 0700);

    const auto seconds = m_options.startTimeout;
    int port = recordedPort().value_or(0); // 0: none recorded
    for (int attempt = 1;; ++attempt) {
        if (port == 0 || !isPortFree(port))
            port = pickFreePort();
        writeServerSettings(port, account);
        const auto logOffset = fileSize(serverLog());
        const auto commandsOffset = fileSize(m_options.directory / "commands.log");
        const auto result =
            runTool("pg_ctl",
                    {"start", "--wait", "--timeout=" + std::to_string(seconds.count()),
                     "--pgdata=" + dataDirectory().string(), "--log=" + serverLog().string()},
                    account, seconds + std::chrono::seconds(15));
        if (result.succeeded() && isRunning())
            return;
        const std::string serverTail = logTail(serverLog(), logOffset);
        // A server that did not become ready in time may still be coming up: do not leave it.
        if (isRunning()) {
            runTool("pg_ctl", {"stop", "--mode=immediate", "--pgdata=" + dataDirectory().string()},
                    account, std::chrono::seconds(30));
        }
        const bool portTaken = serverTail.find("could not bind") != std::string::npos ||
                               serverTail.find("Address already in use") != std::string::npos;
        if (portTaken && attempt < kLaunchAttempts) {
            port = 0;
            continue;
        }
        throw Error(ErrorCode::Unavailable,
                    "PostgreSQL in " + m_options.directory.string() + " did not start" +
                        (result.timedOut
                             ? " within " + std::to_string(seconds.count()) + " s"
                             : " (pg_ctl exit code " + std::to_string(result.exitCode) + ")") +
                        "\n--- server.log ---\n" + serverTail + "\n--- commands.log ---\n" +
                        logTail(m_options.directory / "commands.log", commandsOffset));
    }
}

void LocalCluster::prepareDatabases() const
{
    // In template1 first: every database created from it later (the default one, each test
    // database) then has the extension without needing superuser rights of its own.
    {
        auto template1 = openConnection(connectionString("template1"));
        translateStoreErrors("create the vector extension in template1", [&] {
            pqxx::nontransaction tx(*template1);
            try {
                tx.exec0("CREATE EXTENSION IF NOT EXISTS vector");
            } catch (const pqxx::sql_error &e) {
                if (e.sqlstate() == "23505" || e.sqlstate() == "42710")
                    return; // a concurrent start created it first
                if (e.sqlstate() == "58P01" || e.sqlstate() == "0A000")
                    throw Error(ErrorCode::Unavailable,
                                "the pgvector extension is not installed for the PostgreSQL in " +
                                    binDirectory().string() +
                                    " (packaging/install-deps.sh "
                                    "builds it)");
                throw;
            }
        });
    }
    {
        auto postgres = openConnection(connectionString("postgres"));
        translateStoreErrors("create the database " + m_options.database, [&] {
            pqxx::nontransaction tx(*postgres);
            const auto found =
                tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", m_options.database);
            if (!found.empty())
                return;
            try {
                tx.exec0("CREATE DATABASE " +
                         quotedIdentifier(*postgres, m_options.database, "database") +
                         " TEMPLATE template1");
            } catch (const pqxx::sql_error &e) {
                if (e.sqlstate() != "42P04") // duplicate_database: a concurrent start won
                    throw;
            }
        });
    }
    ensureRuntimeLogin(*openConnection(connectionString("postgres")), kRuntimeLogin);
    // A database made before the extension existed (or restored from elsewhere) gets it too.
    auto database = openConnection(connectionString());
    translateStoreErrors("create the vector extension in " + m_options.database, [&] {
        pqxx::nontransaction tx(*database);
        try {
            tx.exec0("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (const pqxx::sql_error &e) {
            if (e.sqlstate() != "23505" && e.sqlstate() != "42710")
                throw;
        }
    });
}

void LocalCluster::start()
{
    binDirectory(); // fail early, before touching the folder
    const auto account = serverAccount();
    prepareDirectory(account);
    ClusterLock lock(m_options.directory / "cluster.lock", account, m_options.startTimeout);
    if (!isInitialised())
        initialise(account);
    checkDataOwner(account);
    if (!isRunning())
        launch(account);
    prepareDatabases();
}

void LocalCluster::stop()
{
    if (!isInitialised() || !isRunning())
        return;
    // As root, stop as whoever owns the data: that is the account the server runs as, even if
    // it was started with another --run-as than this object's.
    std::optional<ServerAccount> account;
    if (geteuid() == 0) {
        struct stat info = {};
        if (stat(dataDirectory().c_str(), &info) == 0 && info.st_uid != 0)
            account = ServerAccount::lookup(accountNameOf(info.st_uid));
        else
            account = serverAccount();
    }
    ClusterLock lock(m_options.directory / "cluster.lock", account, m_options.startTimeout);
    const auto commandsLog = m_options.directory / "commands.log";
    const auto offset = fileSize(commandsLog);
    const auto result = runTool("pg_ctl",
                                {"stop", "--mode=fast", "--wait",
                                 "--timeout=" + std::to_string(m_options.startTimeout.count()),
                                 "--pgdata=" + dataDirectory().string()},
                                account, m_options.startTimeout + std::chrono::seconds(15));
    if (!result.succeeded() && isRunning())
        throw Error(ErrorCode::Unavailable,
                    "PostgreSQL in " + m_options.directory.string() + " did not stop" +
                        (result.timedOut ? " in time" : "") + ":\n" + logTail(commandsLog, offset) +
                        "\n--- server.log ---\n" + logTail(serverLog()));
}

} // namespace bulkhead::store
