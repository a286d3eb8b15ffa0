#include "ClusterCommand.h"

#include "core/Error.h"
#include "core/PolicyJson.h"
#include "store/LocalCluster.h"

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

namespace bulkhead::ctl {
namespace {

using core::Error;
using core::ErrorCode;

struct ClusterArgs
{
    std::string verb;
    store::LocalClusterOptions options;
};

void printUsage(std::ostream &out)
{
    out << "Usage: bulkheadctl cluster start --dir DIR [--bin-dir DIR] [--run-as ACCOUNT]\n"
           "                                [--timeout SECONDS] [--json]\n"
           "       bulkheadctl cluster stop --dir DIR [--json]\n"
           "       bulkheadctl cluster status --dir DIR [--json]\n\n"
           "start   creates a private PostgreSQL cluster in DIR if there is none (superuser\n"
           "        \"bulkhead\", trust on its own unix socket only, pgvector in template1 and\n"
           "        in database \"bulkhead\", bulkheadd's login \"bulkhead_daemon\" bound by\n"
           "        row-level security), starts it and returns once it accepts connections.\n"
           "        --json prints {\"socket_dir\",\"port\",\"dsn\",\"runtime_dsn\",\"pid\",...}.\n"
           "        As root the server runs as --run-as (default: postgres, else nobody).\n"
           "stop    stops the server (fast shutdown); nothing to do if it is not running.\n"
           "status  tells whether the server runs, and where (exit code 0 either way).\n";
}

int parseTimeout(const std::string &text)
{
    int seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 1 || seconds > 3600)
        throw Error(ErrorCode::InvalidArgument, "--timeout takes 1 to 3600 seconds", "timeout");
    return seconds;
}

ClusterArgs parseArgs(const std::vector<std::string> &args)
{
    ClusterArgs parsed;
    parsed.verb = args[0];
    if (parsed.verb != "start" && parsed.verb != "stop" && parsed.verb != "status")
        throw Error(ErrorCode::InvalidArgument,
                    "unknown cluster subcommand \"" + parsed.verb +
                        "\" (allowed: start, stop, status)",
                    "subcommand", {"start", "stop", "status"});
    const bool starting = parsed.verb == "start";
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string name = args[i];
        std::string value;
        if (const auto equals = name.find('=');
            name.starts_with("--") && equals != std::string::npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
        } else if (i + 1 < args.size()) {
            value = args[i + 1];
            if (name == "--dir" || name == "--bin-dir" || name == "--run-as" || name == "--timeout")
                ++i;
        }
        const bool startOnly = name == "--bin-dir" || name == "--run-as" || name == "--timeout";
        if (name == "--dir") {
            parsed.options.directory = value;
        } else if (startOnly && starting) {
            if (name == "--bin-dir")
                parsed.options.binDirectory = value;
            else if (name == "--run-as")
                parsed.options.serverAccount = value;
            else
                parsed.options.startTimeout = std::chrono::seconds(parseTimeout(value));
        } else {
            throw Error(ErrorCode::InvalidArgument,
                        "unknown option " + args[i] + " for cluster " + parsed.verb, "options");
        }
        if (name == "--dir" && value.empty())
            throw Error(ErrorCode::InvalidArgument, "--dir needs a folder", "dir");
    }
    if (parsed.options.directory.empty())
        throw Error(ErrorCode::InvalidArgument, "cluster " + parsed.verb + " needs --dir DIR",
                    "dir");
    return parsed;
}

nlohmann::json describe(const store::LocalCluster &cluster)
{
    const auto pid = cluster.serverPid();
    return {{"running", pid.has_value()},
            {"initialised", cluster.isInitialised()},
            {"directory", cluster.directory().string()},
            {"socket_dir", cluster.socketDirectory().string()},
            {"port", cluster.port()},
            {"database", cluster.database()},
            {"dsn", cluster.connectionString()},
            {"runtime_dsn", cluster.runtimeConnectionString()},
            {"pid", pid ? nlohmann::json(*pid) : nlohmann::json()},
            {"server_log", cluster.serverLog().string()}};
}

void printHuman(const nlohmann::json &state, std::ostream &out)
{
    if (!state["running"].get<bool>()) {
        out << "PostgreSQL in " << state["directory"].get<std::string>() << " is not running"
            << (state["initialised"].get<bool>() ? "" : " (not initialised)") << "\n";
        return;
    }
    out << "PostgreSQL in " << state["directory"].get<std::string>() << " is running\n"
        << "  socket dir  " << state["socket_dir"].get<std::string>() << "\n"
        << "  port        " << state["port"].get<int>() << "\n"
        << "  dsn         " << state["dsn"].get<std::string>() << "\n"
        << "  pid         " << state["pid"].get<long>() << "\n"
        << "  server log  " << state["server_log"].get<std::string>() << "\n";
}

} // namespace

int runClusterCommand(CliContext &ctx)
{
    auto &args = ctx.args;
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        printUsage(args.empty() ? ctx.err : ctx.out);
        return args.empty() ? kExitUsage : kExitOk;
    }
    try {
        const ClusterArgs parsed = parseArgs(args);
        store::LocalCluster cluster(parsed.options);
        if (parsed.verb == "start") {
            cluster.start();
        } else if (parsed.verb == "stop") {
            const bool wasRunning = cluster.isRunning();
            cluster.stop();
            if (ctx.json)
                ctx.out << nlohmann::json{{"stopped", true}, {"was_running", wasRunning}}.dump()
                        << "\n";
            else
                ctx.out << (wasRunning ? "stopped PostgreSQL in "
                                       : "PostgreSQL was not running in ")
                        << cluster.directory().string() << "\n";
            return kExitOk;
        }
        const auto state = describe(cluster);
        if (ctx.json)
            ctx.out << state.dump() << "\n";
        else
            printHuman(state, ctx.out);
        return kExitOk;
    } catch (const Error &e) {
        if (ctx.json)
            ctx.out << core::errorToJson(e).dump() << "\n";
        ctx.err << "bulkheadctl: " << e.what() << "\n";
        return e.code() == ErrorCode::InvalidArgument ? kExitUsage : kExitFailure;
    }
}

} // namespace bulkhead::ctl
