#include "DemoCommand.h"

#include "AdminClient.h"
#include "DemoPlatform.h"
#include "core/Error.h"
#include "store/LocalCluster.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

extern char **environ;

namespace bulkhead::ctl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

struct DemoError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// A demo runs in the folder already: refuse, and leave it running (it is not ours to clean up).
struct DemoAlreadyRunning : DemoError
{
    using DemoError::DemoError;
};

// What `demo up|down` was asked to do. Every value is checked here, before anything starts.
struct DemoOptions
{
    std::string verb;
    fs::path dir;
    // Where bulkheadd keeps the master key: the OS keychain (default), or a 0600 file in the
    // demo folder for machines without a Secret Service.
    std::string keyProvider = "keychain";
    // The master key file (key provider "file"); empty: DIR/master.key.
    fs::path keyFile;
    // The audit checkpoint signing key; empty: the demo's default for the provider.
    fs::path auditKeyFile;
};

const std::vector<std::string> kKeyProviders{"keychain", "file"};

void printUsage(std::ostream &out)
{
    out << "Usage: bulkheadctl demo up --dir DIR [--key-provider keychain|file]\n"
           "                          [--key-file FILE] [--audit-key-file FILE] [--json]\n"
           "       bulkheadctl demo down --dir DIR\n\n"
           "up    starts a private PostgreSQL cluster, the reference upstream (a simulator) and\n"
           "      bulkheadd on free loopback ports, loads the demo tenants with a key each and\n"
           "      writes DIR/demo.json (0600: proxy_url, admin_url, admin_token, tenants' keys).\n"
           "      --key-provider keychain (default): the master key lives in the OS keychain\n"
           "      (Secret Service); the audit signing key in DIR/audit.key.\n"
           "      --key-provider file: the master key lives in DIR/master.key (0600), for\n"
           "      machines without a Secret Service; the audit signing key beside it.\n"
           "      --key-file FILE: the master key file for --key-provider file (implies it).\n"
           "      --audit-key-file FILE: keep the audit signing key (0600) in FILE instead.\n"
           "down  stops everything the demo in DIR started.\n";
}

DemoOptions parseOptions(const std::vector<std::string> &args)
{
    using core::Error;
    using core::ErrorCode;
    DemoOptions options;
    options.verb = args.at(0);
    if (options.verb != "up" && options.verb != "down")
        throw Error(ErrorCode::InvalidArgument,
                    "unknown demo subcommand \"" + options.verb + "\" (allowed: up, down)",
                    "subcommand", {"up", "down"});
    const bool up = options.verb == "up";
    std::string dir;
    bool providerGiven = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string name = args[i];
        std::string value;
        bool hasValue = false;
        if (const auto equals = name.find('=');
            name.starts_with("--") && equals != std::string::npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
            hasValue = true;
        }
        const bool known =
            name == "--dir" ||
            (up && (name == "--key-provider" || name == "--key-file" || name == "--audit-key-file"));
        if (!known)
            throw Error(ErrorCode::InvalidArgument,
                        "unknown option " + args[i] + " for demo " + options.verb, "options");
        const bool provider = name == "--key-provider";
        const std::vector<std::string> allowed =
            provider ? kKeyProviders : std::vector<std::string>{};
        if (!hasValue) {
            if (i + 1 >= args.size() || args[i + 1].starts_with("--"))
                throw Error(ErrorCode::InvalidArgument, name + " needs a value", name.substr(2),
                            allowed);
            value = args[++i];
        }
        if (value.empty())
            throw Error(ErrorCode::InvalidArgument, name + " needs a value", name.substr(2),
                        allowed);
        if (name == "--dir") {
            dir = value;
        } else if (provider) {
            if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
                throw Error(ErrorCode::InvalidArgument,
                            "unknown key provider \"" + value + "\" (allowed: keychain, file)",
                            "key-provider", allowed);
            if (providerGiven && value != options.keyProvider)
                throw Error(ErrorCode::InvalidArgument,
                            "--key-provider given twice with different values", "key-provider",
                            allowed);
            options.keyProvider = value;
            providerGiven = true;
        } else if (name == "--key-file") {
            options.keyFile = fs::absolute(value);
        } else {
            options.auditKeyFile = fs::absolute(value);
        }
    }
    if (!options.keyFile.empty()) {
        // A key file is the file provider's: with the keychain it would be ignored silently.
        if (providerGiven && options.keyProvider != "file")
            throw Error(ErrorCode::InvalidArgument, "--key-file needs --key-provider file", "key-file",
                        kKeyProviders);
        options.keyProvider = "file";
    }
    if (dir.empty())
        throw Error(ErrorCode::InvalidArgument, "demo " + options.verb + " needs --dir DIR", "dir");
    options.dir = fs::absolute(dir);
    return options;
}

fs::path programDirectory()
{
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : self.parent_path();
}

fs::path sibling(const std::string &program)
{
    const auto path = programDirectory() / program;
    if (!fs::exists(path))
        throw DemoError(program + " not found next to bulkheadctl (" + path.string() + ")");
    return path;
}

// Starts `program` in its own session (so it outlives us and a terminal's ^C does not reach
// it), output appended to `log`. Returns the pid.
pid_t spawnDetached(const fs::path &program, const std::vector<std::string> &args,
                    const fs::path &log)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    std::vector<std::string> argvStrings{program.string()};
    argvStrings.insert(argvStrings.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &a : argvStrings)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0)
        throw DemoError("cannot start " + program.string() + ": " + std::strerror(rc));
    return pid;
}

bool alive(pid_t pid)
{
    // Reap it first if it is our child and already exited.
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid)
        return false;
    return kill(pid, 0) == 0;
}

std::string tail(const fs::path &log)
{
    std::ifstream in(log);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    return all.size() > 1500 ? all.substr(all.size() - 1500) : all;
}

int waitForPortFile(const fs::path &file, pid_t pid, const fs::path &log,
                    std::chrono::seconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(file);
        int port = 0;
        if (in >> port && port > 0)
            return port;
        if (!alive(pid))
            throw DemoError(file.stem().string() + " exited during start-up:\n" + tail(log));
        std::this_thread::sleep_for(50ms);
    }
    throw DemoError(file.stem().string() + " did not start listening in time:\n" + tail(log));
}

class Launch final
{
public:
    explicit Launch(fs::path dir) : m_dir(std::move(dir)) {}

    int start(const std::string &name, const fs::path &program, std::vector<std::string> args)
    {
        const auto portFile = m_dir / (name + ".port");
        fs::remove(portFile);
        args.push_back("--port-file");
        args.push_back(portFile.string());
        const auto log = m_dir / (name + ".log");
        const pid_t pid = spawnDetached(program, args, log);
        std::ofstream(m_dir / "pids", std::ios::app) << name << " " << pid << "\n";
        return waitForPortFile(portFile, pid, log, 30s);
    }

private:
    fs::path m_dir;
};

void progress(CliContext &ctx, const std::string &step)
{
    ctx.err << "demo: " << step << "\n" << std::flush;
}

std::vector<std::pair<std::string, pid_t>> readPids(const fs::path &dir)
{
    std::vector<std::pair<std::string, pid_t>> out;
    std::ifstream in(dir / "pids");
    std::string name;
    pid_t pid = 0;
    while (in >> name >> pid)
        if (pid > 1)
            out.emplace_back(name, pid);
    return out;
}

int stopAll(CliContext &ctx, const fs::path &dir)
{
    const auto pids = readPids(dir);
    for (const auto &[name, pid] : pids)
        if (alive(pid))
            kill(pid, SIGTERM);
    bool leftovers = false;
    for (const auto &[name, pid] : pids) {
        const auto deadline = std::chrono::steady_clock::now() + 25s;
        while (alive(pid) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(50ms);
        if (alive(pid)) {
            ctx.err << "demo: " << name << " (" << pid << ") ignored SIGTERM; killing it\n";
            kill(pid, SIGKILL);
            std::this_thread::sleep_for(200ms);
            leftovers = leftovers || alive(pid);
        }
    }
    fs::remove(dir / "pids");
    if (fs::exists(dir / "pg")) {
        store::LocalCluster cluster({dir / "pg"});
        cluster.stop();
    }
    return leftovers ? kExitFailure : kExitOk;
}

AdminClient::Reply checked(const AdminClient::Reply &reply, const std::string &what)
{
    if (!reply.ok())
        throw DemoError(what + " failed: " + reply.body.dump());
    return reply;
}

int up(CliContext &ctx, const DemoOptions &options)
{
    const fs::path &dir = options.dir;
    fs::create_directories(dir);
    // The PostgreSQL account must be able to enter the folder (the cluster's own subfolder is
    // private to it).
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    for (const auto &[name, pid] : readPids(dir))
        if (alive(pid))
            throw DemoAlreadyRunning("a demo is already running in " + dir.string() + " (" + name +
                            " is pid " + std::to_string(pid) + "); run demo down first");
    fs::remove(dir / "pids");
    if (fs::exists(dir / "pg") || fs::exists(dir / "demo.json")) {
        // A stopped demo is disposable: its tenants, keys and ports are stale, so start afresh
        // rather than half-reuse it.
        progress(ctx, "replacing the stopped demo platform in " + dir.string());
        store::LocalCluster old({dir / "pg"});
        old.stop();
        for (const auto &entry : fs::directory_iterator(dir))
            fs::remove_all(entry.path());
    }

    progress(ctx, "starting a private PostgreSQL cluster");
    store::LocalCluster cluster({dir / "pg"});
    cluster.start();

    Launch launch(dir);
    const auto refmodel = sibling("bulkhead-refmodel");
    progress(ctx, "starting the reference upstream (a simulator)");
    const int upstreamPort = launch.start("refmodel", refmodel, {"--listen", "127.0.0.1:0"});
    const std::string upstreamUrl = "http://127.0.0.1:" + std::to_string(upstreamPort) + "/v1";

    progress(ctx, "starting bulkheadd");
    const auto tokenFile = dir / "admin.token";
    fs::remove(tokenFile);
    // Served as a login bound by row-level security; the superuser only owns the schema.
    std::vector<std::string> daemonArgs{"--listen", "127.0.0.1:0", "--database",
                                        cluster.runtimeConnectionString(), "--database-owner",
                                        cluster.connectionString(), "--upstream-url", upstreamUrl,
                                        "--admin-token-file", tokenFile.string(),
                                        "--key-provider", options.keyProvider};
    const fs::path keyFile = options.keyFile.empty() ? dir / "master.key" : options.keyFile;
    if (options.keyProvider == "file") {
        // bulkheadd creates it (0600) on first start; the signing key lives beside it
        // (master.key.signing-key) unless --audit-key-file says otherwise.
        daemonArgs.insert(daemonArgs.end(), {"--key-file", keyFile.string()});
        if (!options.auditKeyFile.empty())
            daemonArgs.insert(daemonArgs.end(),
                              {"--audit-key-file", options.auditKeyFile.string()});
    } else {
        // The keychain holds the master key only: a demo's signing key stays in its folder.
        const auto auditKey =
            options.auditKeyFile.empty() ? dir / "audit.key" : options.auditKeyFile;
        daemonArgs.insert(daemonArgs.end(), {"--audit-key-file", auditKey.string()});
    }
    int proxyPort = 0;
    try {
        proxyPort = launch.start("bulkheadd", sibling("bulkheadd"), std::move(daemonArgs));
    } catch (const DemoError &e) {
        // A server or container has no Secret Service: say how the demo runs there.
        if (options.keyProvider == "keychain" &&
            std::string_view(e.what()).find("Secret Service") != std::string_view::npos)
            throw DemoError(std::string(e.what()) +
                            "\nWithout a Secret Service, keep the master key in the demo folder: "
                            "bulkheadctl demo up --key-provider file --dir " +
                            dir.string());
        throw;
    }
    std::string token;
    std::ifstream(tokenFile) >> token;
    if (token.empty())
        throw DemoError("bulkheadd did not write an admin token to " + tokenFile.string() +
                        " (the database already had one: use a fresh --dir)");
    const std::string proxyUrl = "http://127.0.0.1:" + std::to_string(proxyPort);
    AdminClient admin(proxyUrl, token);

    json tenants = json::array();
    const auto &demo = demoTenants();
    for (std::size_t i = 0; i < demo.size(); ++i) {
        json doc = demo[i];
        const std::string id = doc["id"];
        progress(ctx, "loading tenant " + std::to_string(i + 1) + "/" +
                          std::to_string(demo.size()) + ": " + id);
        const bool dedicated = doc.value("dedicated_upstream", false);
        doc.erase("dedicated_upstream");
        checked(admin.call("POST", "/admin/v1/tenants", doc), "creating tenant " + id);
        if (dedicated) {
            const int port =
                launch.start("refmodel-" + id, refmodel, {"--listen", "127.0.0.1:0"});
            checked(admin.call("POST", "/admin/v1/upstreams",
                               {{"id", "dedicated_" + id},
                                {"base_url", "http://127.0.0.1:" + std::to_string(port) + "/v1"},
                                {"dedicated_tenant", id}}),
                    "creating the dedicated upstream of " + id);
        }
        const auto key = checked(admin.call("POST", "/admin/v1/tenants/" + id + "/keys",
                                            {{"label", "demo"}}),
                                 "issuing a key for " + id);
        tenants.push_back({{"id", id}, {"tier", doc["tier"]}, {"api_key", key.body["api_key"]}});
    }

    const json summary{{"proxy_url", proxyUrl + "/v1"},
                       {"admin_url", proxyUrl},
                       {"admin_token", token},
                       {"upstream_url", upstreamUrl},
                       {"upstream_is_simulator", true},
                       {"database", cluster.runtimeConnectionString()},
                       {"database_owner", cluster.connectionString()},
                       {"key_provider", options.keyProvider},
                       {"key_file", options.keyProvider == "file" ? keyFile.string() : ""},
                       {"tenants", std::move(tenants)}};
    const auto file = dir / "demo.json";
    {
        std::ofstream out(file, std::ios::trunc);
        out << summary.dump(2) << "\n";
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);  // holds secrets
    progress(ctx, "ready; details in " + file.string());
    if (ctx.json)
        ctx.out << summary.dump(2) << "\n";
    else
        ctx.out << "proxy:    " << proxyUrl << "/v1\nadmin:    " << proxyUrl
                << "\nupstream: " << upstreamUrl << " (bulkhead-refmodel, a simulator)\n"
                << "master key: "
                << (options.keyProvider == "file" ? keyFile.string() + " (a 0600 file)"
                                                  : std::string("the OS keychain"))
                << "\nkeys and admin token: " << file.string() << "\n";
    return kExitOk;
}

} // namespace

int runDemoCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    if (a.empty() || a[0] == "--help" || a[0] == "-h") {
        printUsage(a.empty() ? ctx.err : ctx.out);
        return a.empty() ? kExitUsage : kExitOk;
    }
    DemoOptions options;
    try {
        options = parseOptions(a);
    } catch (const core::Error &e) {
        printUsage(ctx.err);
        return reportError(ctx, e);
    }
    const fs::path &folder = options.dir;
    try {
        if (a[0] == "down") {
            const int code = stopAll(ctx, folder);
            ctx.err << "demo: stopped\n";
            return code;
        }
        return up(ctx, options);
    } catch (const std::exception &e) {
        ctx.err << "bulkheadctl: demo " << a[0] << " failed: " << e.what() << "\n";
        if (ctx.json)
            ctx.out << json{{"error", {{"code", "demo_failed"}, {"message", e.what()}}}}.dump(2)
                    << "\n";
        const bool startedSomething = dynamic_cast<const DemoAlreadyRunning *>(&e) == nullptr;
        if (a[0] == "up" && startedSomething) {
            CliContext quiet{{}, false, {}, {}, ctx.out, ctx.err};
            stopAll(quiet, folder);  // leave nothing half-started behind
        }
        return kExitFailure;
    }
}

} // namespace bulkhead::ctl
