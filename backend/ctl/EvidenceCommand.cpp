#include "EvidenceCommand.h"

#include "AdminClient.h"
#include "ApiFailure.h"
#include "evidence/PackVerifier.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bulkhead::ctl {
namespace {

using nlohmann::json;

constexpr const char *kUsage =
    "Usage: bulkheadctl evidence export --out PACK.zip [--tenant ID | --all] [--since TIME]\n"
    "       bulkheadctl evidence verify PACK.zip [--fingerprint SHA256:HEX] [--json]\n"
    "export asks the daemon (--url/--token) for a signed evidence pack; a tenant-auditor token\n"
    "exports its own tenant. TIME is RFC 3339 with a zone (2026-01-31T00:00:00Z).\n"
    "verify works offline: the signature, every member's SHA-256, no missing or extra member.\n"
    "Pin the platform's signing key with --fingerprint or BULKHEAD_SIGNING_FINGERPRINT (the\n"
    "console's Keys view shows it): a pack signed by any other key is refused. Without a pin,\n"
    "verify only checks that the pack is consistent with the key it names.\n"
    "Exit codes: 0 ok, 1 the pack does not verify (the file is named) or the export failed,\n"
    "2 bad arguments.\n";

struct Args
{
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::vector<std::string> flags;
};

// --name value / --name=value; `flagNames` take no value.
std::optional<Args> parse(const std::vector<std::string> &args, std::initializer_list<const char *> valueNames,
                          std::initializer_list<const char *> flagNames, std::string &error)
{
    Args out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (!a.starts_with("--")) {
            out.positional.push_back(a);
            continue;
        }
        std::string key = a.substr(2), value;
        const auto eq = key.find('=');
        if (eq != std::string::npos) {
            value = key.substr(eq + 1);
            key.resize(eq);
        }
        const bool takesValue = std::any_of(valueNames.begin(), valueNames.end(), [&](const char *n) { return key == n; });
        const bool isFlag = std::any_of(flagNames.begin(), flagNames.end(), [&](const char *n) { return key == n; });
        if (isFlag && eq == std::string::npos) {
            out.flags.push_back(key);
        } else if (takesValue) {
            if (eq == std::string::npos) {
                if (i + 1 >= args.size()) {
                    error = "--" + key + " needs a value";
                    return std::nullopt;
                }
                value = args[++i];
            }
            out.values[key] = value;
        } else {
            error = "unknown option --" + key;
            return std::nullopt;
        }
    }
    return out;
}

} // namespace

std::optional<std::string> pinnedFingerprint(const std::map<std::string, std::string> &values)
{
    if (const auto it = values.find("fingerprint"); it != values.end())
        return it->second;
    if (const char *env = std::getenv("BULKHEAD_SIGNING_FINGERPRINT"); env && *env)
        return std::string(env);
    return std::nullopt;
}

namespace {

int usage(CliContext &ctx, const std::string &message)
{
    if (ctx.json)
        ctx.out << json{{"error", {{"code", "invalid_argument"}, {"message", message}}}}.dump(2) << "\n";
    ctx.err << "bulkheadctl: " << message << "\n";
    return kExitUsage;
}

int failed(CliContext &ctx, const std::string &code, const std::string &message)
{
    if (ctx.json)
        ctx.out << json{{"error", {{"code", code}, {"message", message}}}}.dump(2) << "\n";
    ctx.err << "bulkheadctl: " << message << "\n";
    return kExitFailure;
}

std::optional<std::string> readFile(const std::string &path, std::size_t limit)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::string bytes;
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > limit)
            return bytes;  // the verifier refuses it by size
    }
    return bytes;
}

// Written beside the target, then renamed: a reader never sees half a pack.
bool writeFileAtomically(const std::string &path, const std::string &bytes)
{
    const std::string temporary = path + ".part";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return false;
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            ::close(fd);
            ::unlink(temporary.c_str());
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || std::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return false;
    }
    return true;
}

int runVerify(CliContext &ctx)
{
    std::string error;
    const auto args = parse(ctx.args, {"fingerprint"}, {}, error);
    if (!args)
        return usage(ctx, error);
    if (args->positional.size() != 1)
        return usage(ctx, "verify takes one pack: bulkheadctl evidence verify PACK.zip");
    evidence::VerifyOptions options;
    options.expectedFingerprint = pinnedFingerprint(args->values);
    const std::string &path = args->positional[0];
    const auto bytes = readFile(path, options.limits.maxArchiveBytes);
    if (!bytes)
        return failed(ctx, "unreadable_file", "cannot read " + path);
    const auto report = evidence::verifyPack(*bytes, options);
    if (ctx.json)
        ctx.out << report.toJson().dump(2) << "\n";
    if (!report.ok) {
        ctx.err << "bulkheadctl: " << path << ": FAILED: " << (report.file.empty() ? "" : report.file + ": ")
                << report.message << " (" << report.problem << ")\n";
        return kExitFailure;
    }
    if (!ctx.json) {
        ctx.out << path << ": verified (" << report.message << ")\n  signed by " << report.fingerprint
                << "\n  generated " << report.generatedAt << ", scope " << report.scope.dump() << "\n";
        if (!options.expectedFingerprint)
            ctx.out << "  only self-consistent: no signing key is pinned, so any key that signed it passes; "
                       "give --fingerprint SHA256:... or set BULKHEAD_SIGNING_FINGERPRINT\n";
    }
    return kExitOk;
}

int runExport(CliContext &ctx)
{
    std::string error;
    const auto args = parse(ctx.args, {"out", "tenant", "since"}, {"all"}, error);
    if (!args)
        return usage(ctx, error);
    if (!args->positional.empty() || !args->values.contains("out") || args->values.at("out").empty())
        return usage(ctx, "export needs --out PACK.zip (and --tenant ID or --all)");
    const bool all = std::find(args->flags.begin(), args->flags.end(), "all") != args->flags.end();
    if (all && args->values.contains("tenant"))
        return usage(ctx, "give --tenant ID or --all, not both");
    if (ctx.url.empty() || ctx.token.empty())
        return usage(ctx, "this command talks to the daemon: give --url and --token (or BULKHEAD_URL and BULKHEAD_TOKEN)");
    json body = json::object();
    if (all)
        body["all"] = true;
    if (args->values.contains("tenant"))
        body["tenant"] = args->values.at("tenant");
    if (args->values.contains("since"))
        body["since"] = args->values.at("since");

    const AdminClient api(ctx.url, ctx.token);
    const auto started = api.call("POST", "/admin/v1/evidence/exports", body);
    if (!started.ok())
        return reportApiFailure(ctx, started);
    const std::string id = started.body.value("id", std::string());
    if (id.empty() || id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
        return failed(ctx, "bad_reply", "the daemon answered without an export id");
    json status;
    for (;;) {  // progress on stderr while the daemon builds the pack
        const auto reply = api.call("GET", "/admin/v1/evidence/exports/" + id);
        if (!reply.ok())
            return reportApiFailure(ctx, reply);
        status = reply.body;
        const std::string state = status.value("state", std::string());
        ctx.err << "\revidence " << id << ": " << state << " " << status.value("progress", 0) << "/"
                << status.value("total", 0) << std::flush;
        if (state == "done" || state == "failed")
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ctx.err << "\n";
    if (status.value("state", std::string()) != "done")
        return failed(ctx, "export_failed", "the export failed: " + status.value("error", std::string("unknown")));
    const auto pack = networkTransport("GET", ctx.url + "/admin/v1/evidence/exports/" + id + "/pack", ctx.token, "");
    if (pack.status != 200) {
        AdminClient::Reply reply{pack.status, json::parse(pack.body, nullptr, false)};
        if (reply.body.is_discarded())
            reply.body = {{"error", {{"code", "connection_failed"}, {"message", pack.transportError}}}};
        return reportApiFailure(ctx, reply);
    }
    // What arrived must be what the daemon built and signed (and by the key it said).
    const auto report = evidence::verifyPack(pack.body, {status.value("fingerprint", std::string()), {}});
    if (!report.ok)
        return failed(ctx, "pack_does_not_verify", "the downloaded pack does not verify: " + report.message);
    const std::string &out = args->values.at("out");
    if (!writeFileAtomically(out, pack.body))
        return failed(ctx, "write_failed", "cannot write " + out);
    if (ctx.json)
        ctx.out << json{{"id", id}, {"file", out}, {"bytes", pack.body.size()}, {"sha256", status.value("sha256", "")},
                        {"fingerprint", report.fingerprint}, {"scope", report.scope}}
                       .dump(2)
                << "\n";
    else
        ctx.out << out << ": " << pack.body.size() << " bytes, signed by " << report.fingerprint << "\n";
    return kExitOk;
}

} // namespace

int runEvidenceCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    if (a.empty() || a[0] == "--help" || a[0] == "-h") {
        (a.empty() ? ctx.err : ctx.out) << kUsage;
        return a.empty() ? kExitUsage : kExitOk;
    }
    if (a[0] == "verify")
        return runVerify(ctx);
    if (a[0] == "export")
        return runExport(ctx);
    return usage(ctx, "unknown evidence command " + a[0] + " (export or verify)");
}

} // namespace bulkhead::ctl
