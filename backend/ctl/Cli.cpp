#include "Cli.h"

#include "AdminCommands.h"
#include "CliContext.h"
#include "ClusterCommand.h"
#include "DemoCommand.h"
#include "EvidenceCommand.h"
#include "InputFile.h"
#include "PolicyCommand.h"
#include "ScanCommand.h"
#include "core/PolicyJson.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::ctl {
namespace {

struct Command
{
    std::string_view name;
    std::string_view summary;
    std::function<int(CliContext &)> run;
};

const std::vector<Command> &commands()
{
    static const std::vector<Command> table{
        {"policy", "evaluate a tenant inventory against the isolation rules (offline)",
         runPolicyCommand},
        {"scan", "scan a prompt, document or response as the proxy would; calibrate a tenant's thresholds", runScanCommand},
        {"tenants", "list, show, add, update and remove tenants", runTenantsCommand},
        {"keys", "issue, list and revoke a tenant's data-plane API keys", runKeysCommand},
        {"prompt", "show or set a tenant's system prompt; rotate its canary", runPromptCommand},
        {"upstreams", "list, add, remove and assign upstream LLM endpoints", runUpstreamsCommand},
        {"tokens", "create, list and revoke admin tokens", runTokensCommand},
        {"probes", "run live cross-tenant probes and show their results", runProbesCommand},
        {"probe", "the same as probes", runProbesCommand},
        {"logs", "read a tenant's audit log or verify its chain", runLogsCommand},
        {"evidence", "export a signed evidence pack, or verify one offline", runEvidenceCommand},
        {"docs", "add, search and remove a tenant's documents (tenant API key)", runDocsCommand},
        {"encryption", "a tenant's encryption keys: status, rotate, crypto-shred, tier migration",
         runEncryptionCommand},
        {"cluster", "start, stop or inspect a private local PostgreSQL cluster", runClusterCommand},
        {"demo", "start or stop a demo platform (cluster, refmodel, bulkheadd, tenants)",
         runDemoCommand},
    };
    return table;
}

void printHelp(std::ostream &out)
{
    out << "Usage: bulkheadctl [--url URL] [--token TOKEN | --token-file FILE] [--json] COMMAND [ARGS...]\n\n"
           "Bulkhead's admin API from a terminal.\n\n"
           "Global options:\n"
           "  --url URL      admin API base URL (default: $BULKHEAD_URL)\n"
           "  --token TOKEN  admin bearer token (default: $BULKHEAD_TOKEN)\n"
           "  --token-file FILE\n"
           "                 read the admin token from FILE, - for standard input, so it never\n"
           "                 appears on a command line (default: $BULKHEAD_TOKEN_FILE)\n"
           "  --json         machine-readable output; errors as {\"error\":{\"code\",...}}\n"
           "  -h, --help     show this help\n"
           "  --version      show the version\n\n"
           "Commands:\n";
    for (const auto &c : commands())
        out << "  " << c.name << std::string(12 - std::min<std::size_t>(c.name.size(), 11), ' ')
            << c.summary << "\n";
    out << "\nRun 'bulkheadctl COMMAND --help' for a command's options.\n"
           "Exit codes: 0 success, 1 the operation failed, 2 bad arguments or input.\n";
}

std::string envOr(const char *name)
{
    const char *value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

} // namespace

int reportError(CliContext &ctx, const core::Error &error)
{
    if (ctx.json)
        ctx.out << core::errorToJson(error).dump(2) << "\n";
    ctx.err << "bulkheadctl: " << error.what() << "\n";
    return error.code() == core::ErrorCode::InvalidArgument ? kExitUsage : kExitFailure;
}

int runCli(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    CliContext ctx{{}, false, envOr("BULKHEAD_URL"), envOr("BULKHEAD_TOKEN"), out, err};
    std::optional<std::string> tokenOption, tokenFileOption;
    std::size_t i = 0;
    // Global options come before the command; --json is also accepted anywhere after it.
    for (; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "-h" || a == "--help") {
            printHelp(out);
            return kExitOk;
        }
        if (a == "--version") {
            out << "bulkheadctl " << BULKHEAD_VERSION << "\n";
            return kExitOk;
        }
        if (a == "--json") {
            ctx.json = true;
        } else if (a == "--url" && i + 1 < args.size()) {
            ctx.url = args[++i];
        } else if (a.starts_with("--url=")) {
            ctx.url = a.substr(6);
        } else if (a == "--token" && i + 1 < args.size()) {
            tokenOption = args[++i];
        } else if (a.starts_with("--token=")) {
            tokenOption = a.substr(8);
        } else if (a == "--token-file" && i + 1 < args.size()) {
            tokenFileOption = args[++i];
        } else if (a.starts_with("--token-file=")) {
            tokenFileOption = a.substr(13);
        } else if (a.starts_with("-")) {
            err << "bulkheadctl: unknown option " << a << " (see --help)\n";
            return kExitUsage;
        } else {
            break;
        }
    }
    if (i == args.size()) {
        printHelp(err);
        return kExitUsage;
    }
    if (tokenOption && tokenFileOption) {
        err << "bulkheadctl: give --token or --token-file, not both\n";
        return kExitUsage;
    }
    try {
        // An explicit option wins over the environment; a token file keeps the secret out of
        // the process list and the shell history.
        if (tokenFileOption)
            ctx.token = readSecretFile(*tokenFileOption, "token-file");
        else if (tokenOption)
            ctx.token = *tokenOption;
        else if (const std::string file = envOr("BULKHEAD_TOKEN_FILE"); ctx.token.empty() && !file.empty())
            ctx.token = readSecretFile(file, "BULKHEAD_TOKEN_FILE");
    } catch (const core::Error &e) {
        return reportError(ctx, e);
    }
    const std::string name = args[i++];
    for (; i < args.size(); ++i) {
        if (args[i] == "--json")
            ctx.json = true;
        else
            ctx.args.push_back(args[i]);
    }
    for (const auto &c : commands()) {
        if (c.name == name)
            return c.run(ctx);
    }
    if (ctx.json)
        out << R"({"error":{"code":"invalid_argument","field":"command","message":"unknown command"}})"
            << "\n";
    err << "bulkheadctl: unknown command \"" << name << "\" (see --help)\n";
    return kExitUsage;
}

} // namespace bulkhead::ctl
