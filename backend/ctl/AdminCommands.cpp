#include "AdminCommands.h"
#include "ApiFailure.h"

#include "InputFile.h"
#include "LogProofCommand.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace bulkhead::ctl {
namespace {

using nlohmann::json;

HttpTransport &transportOverride()
{
    static HttpTransport transport;
    return transport;
}

// Options after the positional words: --name value / --name=value / --flag.
struct Options
{
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
};

Options parseOptions(const std::vector<std::string> &args, std::size_t from)
{
    Options o;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (!a.starts_with("--")) {
            o.positional.push_back(a);
            continue;
        }
        std::string key = a.substr(2);
        if (const auto eq = key.find('='); eq != std::string::npos) {
            o.values[key.substr(0, eq)] = key.substr(eq + 1);
        } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
            o.values[key] = args[++i];
        } else {
            o.values[key] = "";
        }
    }
    return o;
}

int usageError(CliContext &ctx, const std::string &message)
{
    if (ctx.json)
        ctx.out << json{{"error", {{"code", "invalid_argument"}, {"message", message}}}}.dump(2)
                << "\n";
    ctx.err << "bulkheadctl: " << message << "\n";
    return kExitUsage;
}

} // namespace

std::optional<AdminClient> adminClient(CliContext &ctx, int &exitCode)
{
    if (ctx.url.empty() || ctx.token.empty()) {
        exitCode = usageError(ctx, "this command talks to the daemon: give --url and --token "
                                   "(or BULKHEAD_URL and BULKHEAD_TOKEN)");
        return std::nullopt;
    }
    if (transportOverride())
        return AdminClient(ctx.url, ctx.token, transportOverride());
    return AdminClient(ctx.url, ctx.token);
}

namespace {

// The start every admin command shares: its usage for no arguments, too few or --help (exit 0
// only for --help), else the client. nullopt: return `exitCode`.
std::optional<AdminClient> beginCommand(CliContext &ctx, std::string_view usage,
                                        std::size_t minArgs, int &exitCode)
{
    const auto &a = ctx.args;
    const bool help = !a.empty() && a[0] == "--help";
    if (help || a.size() < minArgs) {
        (help ? ctx.out : ctx.err) << usage;
        exitCode = help ? kExitOk : kExitUsage;
        return std::nullopt;
    }
    return adminClient(ctx, exitCode);
}

} // namespace

int finishAdminCall(CliContext &ctx, const AdminClient::Reply &reply, const std::function<void(const json &)> &render)
{
    if (reply.ok()) {
        if (ctx.json)
            ctx.out << reply.body.dump(2) << "\n";
        else
            render(reply.body);
        return kExitOk;
    }
    return reportApiFailure(ctx, reply);
}

namespace {

json csvList(const std::string &csv)
{
    json out = json::array();
    std::stringstream in(csv);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

std::optional<std::string> readTextOption(const Options &o, const std::string &key, int &exitCode,
                                          CliContext &ctx)
{
    const auto it = o.values.find(key);
    if (it == o.values.end())
        return std::nullopt;
    if (!it->second.starts_with("@"))
        return it->second;
    std::ifstream in(it->second.substr(1), std::ios::binary);
    if (!in) {
        exitCode = usageError(ctx, "cannot read " + it->second.substr(1));
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Builds a tenant document from --file or the individual flags.
std::optional<json> tenantDocument(CliContext &ctx, const Options &o, int &exitCode)
{
    json doc = json::object();
    if (const auto it = o.values.find("file"); it != o.values.end()) {
        std::ifstream in(it->second);
        doc = json::parse(in, nullptr, false);
        if (!in || doc.is_discarded() || !doc.is_object()) {
            exitCode = usageError(ctx, "--file must name a JSON object with the tenant's fields");
            return std::nullopt;
        }
    }
    for (const auto &[key, value] : o.values) {
        if (key == "file" || key == "version" || key == "system-prompt")
            continue;
        if (key == "classifications" || key == "regimes") {
            doc[key] = csvList(value);
        } else if (key == "tier") {
            if (value.size() != 1 || value[0] < '1' || value[0] > '3') {
                exitCode = usageError(ctx, "--tier must be 1, 2 or 3");
                return std::nullopt;
            }
            doc["tier"] = value[0] - '0';
        } else if (key == "name" || key == "relationship" || key == "threat") {
            doc[key] = value;
        } else if (key == "client-system-messages") {
            doc["client_system_messages"] = value;
        } else {
            exitCode = usageError(ctx, "unknown option --" + key);
            return std::nullopt;
        }
    }
    if (const auto prompt = readTextOption(o, "system-prompt", exitCode, ctx))
        doc["system_prompt"] = *prompt;
    else if (exitCode != kExitOk)
        return std::nullopt;
    return doc;
}

std::string text(const json &value)
{
    if (value.is_null())
        return "-";
    if (value.is_string())
        return value.get<std::string>();
    return value.dump();
}

void printTenants(std::ostream &out, const json &body)
{
    out << std::left << std::setw(24) << "ID" << std::setw(32) << "NAME" << std::setw(7) << "TIER"
        << std::setw(9) << "MINIMUM" << "STATUS\n";
    for (const auto &t : body.value("tenants", json::array())) {
        out << std::setw(24) << text(t["id"]) << std::setw(32) << text(t["name"]).substr(0, 30)
            << std::setw(7) << text(t["tier"]) << std::setw(9) << text(t.value("minimum_tier", json()))
            << (t.value("violation", false) ? "VIOLATION" : "ok") << "\n";
    }
    if (body.contains("platform_assurance_tier"))
        out << "\nPlatform assurance tier: " << text(body["platform_assurance_tier"]) << "\n";
}

} // namespace

void setAdminTransportForTesting(HttpTransport transport)
{
    transportOverride() = std::move(transport);
}

int runTenantsCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
            "Usage: bulkheadctl tenants list\n"
               "       bulkheadctl tenants show ID\n"
               "       bulkheadctl tenants add ID [--name N] [--classifications PHI,PII]\n"
               "             [--relationship internal|external] [--threat low|medium|high]\n"
               "             [--regimes HIPAA_BAA,...] [--tier 1|2|3] [--system-prompt TEXT|@FILE]\n"
               "             [--client-system-messages append|reject] [--file TENANT.json]\n"
               "       bulkheadctl tenants update ID --version N [the same options]\n"
               "       bulkheadctl tenants remove ID --version N --confirm ID\n"
               "             (revokes its API keys, shreds its documents and keys, archives its\n"
               "             audit chain; a tenant created later with this id starts empty)\n",
                                  1, code);
    if (!api)
        return code;
    const Options o = parseOptions(a, 1);
    const std::string &verb = a[0];
    if (verb == "list" && o.positional.empty())
        return finishAdminCall(ctx, api->call("GET", "/admin/v1/tenants"),
                      [&](const json &b) { printTenants(ctx.out, b); });
    if (o.positional.size() != 1)
        return usageError(ctx, "tenants " + verb + " needs exactly one tenant ID");
    const std::string path = "/admin/v1/tenants/" + o.positional[0];
    if (verb == "show")
        return finishAdminCall(ctx, api->call("GET", path),
                      [&](const json &b) { ctx.out << b.dump(2) << "\n"; });
    if (verb == "remove") {
        if (!o.values.contains("version"))
            return usageError(ctx, "tenants remove needs --version N (the version you saw)");
        if (!o.values.contains("confirm") || o.values.at("confirm") != o.positional[0])
            return usageError(ctx, "tenants remove needs --confirm ID, the tenant id typed again: its documents "
                                   "and keys are destroyed");
        return finishAdminCall(ctx,
                      api->call("DELETE", path + "?version=" + o.values.at("version") + "&confirm=" + o.positional[0]),
                      [&](const json &b) {
                          ctx.out << "removed " << o.positional[0] << " (incarnation " << b.value("incarnation", "")
                                  << "): " << b.value("api_keys_revoked", 0) << " API keys revoked, "
                                  << b.value("audit_archive", json::object()).value("records", 0) << " audit records archived\n";
                      });
    }
    if (verb != "add" && verb != "update")
        return usageError(ctx, "unknown tenants subcommand \"" + verb + "\"");
    auto doc = tenantDocument(ctx, o, code);
    if (!doc)
        return code;
    if (verb == "add") {
        (*doc)["id"] = o.positional[0];
        return finishAdminCall(ctx, api->call("POST", "/admin/v1/tenants", *doc), [&](const json &b) {
            ctx.out << "added " << text(b["id"]) << " (version " << text(b["version"]) << ")\n";
        });
    }
    const auto version = o.values.find("version");
    if (version == o.values.end() || version->second.empty() ||
        version->second.find_first_not_of("0123456789") != std::string::npos)
        return usageError(ctx, "tenants update needs --version N (the version you edited)");
    (*doc)["version"] = std::stoll(version->second);
    return finishAdminCall(ctx, api->call("PATCH", path, *doc), [&](const json &b) {
        ctx.out << "updated " << text(b["id"]) << " (now version " << text(b["version"]) << ")\n";
    });
}

int runKeysCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
                                  "Usage: bulkheadctl keys issue TENANT [--label L]\n"
                                  "       bulkheadctl keys list TENANT\n"
                                  "       bulkheadctl keys revoke TENANT KEY_ID\n",
                                  2, code);
    if (!api)
        return code;
    const Options o = parseOptions(a, 1);
    const std::string base = "/admin/v1/tenants/" + (o.positional.empty() ? "" : o.positional[0]);
    if (a[0] == "issue" && o.positional.size() == 1) {
        json body{{"label", o.values.contains("label") ? o.values.at("label") : ""}};
        return finishAdminCall(ctx, api->call("POST", base + "/keys", body), [&](const json &b) {
            ctx.err << "key " << text(b["id"]) << " issued; it is shown once, store it now:\n";
            ctx.out << text(b["api_key"]) << "\n";
        });
    }
    if (a[0] == "list" && o.positional.size() == 1)
        return finishAdminCall(ctx, api->call("GET", base + "/keys"), [&](const json &b) {
            for (const auto &k : b["keys"])
                ctx.out << text(k["id"]) << "  " << text(k["created_at"]) << "  "
                        << (k["revoked_at"].is_null() ? "active" : "revoked") << "  "
                        << text(k["label"]) << "\n";
        });
    if (a[0] == "revoke" && o.positional.size() == 2)
        return finishAdminCall(ctx, api->call("DELETE", base + "/keys/" + o.positional[1]),
                      [&](const json &) { ctx.out << "revoked " << o.positional[1] << "\n"; });
    return usageError(ctx, "see bulkheadctl keys --help");
}

int runUpstreamsCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
            "Usage: bulkheadctl upstreams list\n"
               "       bulkheadctl upstreams add ID BASE_URL [--dedicated-tenant T] [--ca-file F]\n"
               "       bulkheadctl upstreams remove ID\n"
               "       bulkheadctl upstreams assign TENANT [UPSTREAM_ID]   (none: the default)\n",
                                  1, code);
    if (!api)
        return code;
    const Options o = parseOptions(a, 1);
    if (a[0] == "list")
        return finishAdminCall(ctx, api->call("GET", "/admin/v1/upstreams"), [&](const json &b) {
            for (const auto &u : b["upstreams"])
                ctx.out << text(u["id"]) << "  " << text(u["base_url"]) << "  dedicated to "
                        << text(u["dedicated_tenant"]) << "\n";
        });
    if (a[0] == "add" && o.positional.size() == 2) {
        json body{{"id", o.positional[0]}, {"base_url", o.positional[1]}};
        if (o.values.contains("dedicated-tenant"))
            body["dedicated_tenant"] = o.values.at("dedicated-tenant");
        if (o.values.contains("ca-file"))
            body["ca_file"] = o.values.at("ca-file");
        return finishAdminCall(ctx, api->call("POST", "/admin/v1/upstreams", body),
                      [&](const json &b) { ctx.out << "added " << text(b["id"]) << "\n"; });
    }
    if (a[0] == "remove" && o.positional.size() == 1)
        return finishAdminCall(ctx, api->call("DELETE", "/admin/v1/upstreams/" + o.positional[0]),
                      [&](const json &) { ctx.out << "removed " << o.positional[0] << "\n"; });
    if (a[0] == "assign" && (o.positional.size() == 1 || o.positional.size() == 2)) {
        json body{{"upstream", o.positional.size() == 2 ? json(o.positional[1]) : json()}};
        return finishAdminCall(ctx,
                      api->call("PUT", "/admin/v1/tenants/" + o.positional[0] + "/upstream", body),
                      [&](const json &) { ctx.out << "assigned\n"; });
    }
    return usageError(ctx, "see bulkheadctl upstreams --help");
}

int runTokensCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
            "Usage: bulkheadctl tokens list\n"
               "       bulkheadctl tokens issue --role platform-admin|tenant-auditor "
               "[--tenant T] [--label L]\n"
               "       (create is the same as issue)\n"
               "       bulkheadctl tokens revoke TOKEN_ID\n",
                                  1, code);
    if (!api)
        return code;
    const Options o = parseOptions(a, 1);
    if (a[0] == "list")
        return finishAdminCall(ctx, api->call("GET", "/admin/v1/tokens"), [&](const json &b) {
            for (const auto &t : b["tokens"])
                ctx.out << text(t["id"]) << "  " << text(t["role"]) << "  " << text(t["tenant"])
                        << "  " << (t["revoked_at"].is_null() ? "active" : "revoked") << "\n";
        });
    if (a[0] == "issue" || a[0] == "create") {
        json body{{"role", o.values.contains("role") ? o.values.at("role") : ""}};
        if (o.values.contains("tenant"))
            body["tenant"] = o.values.at("tenant");
        if (o.values.contains("label"))
            body["label"] = o.values.at("label");
        return finishAdminCall(ctx, api->call("POST", "/admin/v1/tokens", body), [&](const json &b) {
            ctx.err << "token " << text(b["id"]) << " created; it is shown once, store it now:\n";
            ctx.out << text(b["token"]) << "\n";
        });
    }
    if (a[0] == "revoke" && o.positional.size() == 1)
        return finishAdminCall(ctx, api->call("DELETE", "/admin/v1/tokens/" + o.positional[0]),
                      [&](const json &) { ctx.out << "revoked " << o.positional[0] << "\n"; });
    return usageError(ctx, "see bulkheadctl tokens --help");
}

int runPromptCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
            "Usage: bulkheadctl prompt show TENANT\n"
               "       bulkheadctl prompt set TENANT (--text TEXT | --file FILE) "
               "[--client-system-messages append|reject]\n"
               "       bulkheadctl prompt rotate-canary TENANT\n"
               "       bulkheadctl prompt scan-policy TENANT [--cross-tenant block|redact|flag]\n"
               "             [--self-leak off|flag|redact|block] [--prompt-injection flag|block]\n"
               "             (\"default\" resets a field to the platform default)\n",
                                  2, code);
    if (!api)
        return code;
    Options o = parseOptions(a, 1);
    if (o.positional.size() != 1)
        return usageError(ctx, "name exactly one TENANT");
    const std::string base = "/admin/v1/tenants/" + o.positional[0];
    if (a[0] == "show")
        return finishAdminCall(ctx, api->call("GET", base + "/system-prompt"), [&](const json &b) {
            ctx.out << text(b["system_prompt"]) << "\n\n(client system messages: "
                    << text(b["client_system_messages"]) << ")\n";
        });
    if (a[0] == "scan-policy") {
        json body = json::object();
        for (const auto &[flag, key] : {std::pair{"cross-tenant", "cross_tenant"},
                                        std::pair{"self-leak", "self_leak"},
                                        std::pair{"prompt-injection", "prompt_injection"}})
            if (o.values.contains(flag))
                body[key] = o.values.at(flag);
        if (body.empty())
            return finishAdminCall(ctx, api->call("GET", base + "/scan-policy"), [&](const json &b) {
                ctx.out << "cross-tenant leaks: " << text(b["cross_tenant"])
                        << "\nself-leaks: " << text(b["self_leak"])
                        << "\nprompt injection: " << text(b["prompt_injection"]) << "\n";
            });
        return finishAdminCall(ctx, api->call("PUT", base + "/scan-policy", body),
                      [&](const json &) { ctx.out << "scan policy set\n"; });
    }
    if (a[0] == "rotate-canary")
        return finishAdminCall(ctx, api->call("POST", base + "/canary/rotate"),
                      [&](const json &) { ctx.out << "canary rotated\n"; });
    if (a[0] == "set") {
        if (o.values.contains("file"))
            o.values["text"] = "@" + o.values.at("file");
        const auto prompt = readTextOption(o, "text", code, ctx);
        if (!prompt)
            return code != kExitOk ? code : usageError(ctx, "prompt set needs --text or --file");
        json body{{"system_prompt", *prompt}};
        if (o.values.contains("client-system-messages"))
            body["client_system_messages"] = o.values.at("client-system-messages");
        return finishAdminCall(ctx, api->call("PUT", base + "/system-prompt", body),
                      [&](const json &) { ctx.out << "system prompt set\n"; });
    }
    return usageError(ctx, "see bulkheadctl prompt --help");
}

int runProbesCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
            "Usage: bulkheadctl probes run [--tenants A,B,...] [--layers prompt_direct,kv_cache]\n"
               "             [--samples N] [--attacks FILE.json] [--no-wait]\n"
               "       bulkheadctl probes show RUN_ID\n"
               "       bulkheadctl probes list\n"
               "Exit code of run/show: 0 all pairs passed, 1 a pair failed or the run errored.\n",
                                  1, code);
    if (!api)
        return code;
    const Options o = parseOptions(a, 1);
    auto render = [&](const json &run) {
        ctx.out << "run " << text(run["id"]) << ": " << text(run["status"]) << "  "
                << run.value("summary", json()).dump() << "\n";
        for (const auto &r : run.value("results", json::array()))
            if (r["outcome"] != "pass")
                ctx.out << "  " << text(r["outcome"]) << "  " << text(r["layer"]) << "  victim "
                        << text(r["victim"]) << ", attacker " << text(r["attacker"]) << "\n";
    };
    auto show = [&](const std::string &id) {
        const auto reply = api->call("GET", "/admin/v1/probes/runs/" + id);
        const int exit = finishAdminCall(ctx, reply, render);
        if (exit == kExitOk && reply.body.value("status", std::string()) != "passed")
            return kExitFailure;
        return exit;
    };
    if (a[0] == "list")
        return finishAdminCall(ctx, api->call("GET", "/admin/v1/probes/runs"), [&](const json &b) {
            for (const auto &r : b["runs"])
                ctx.out << text(r["id"]) << "  " << text(r["started_at"]) << "  "
                        << text(r["status"]) << "  " << r["summary"].dump() << "\n";
        });
    if (a[0] == "show" && o.positional.size() == 1)
        return show(o.positional[0]);
    if (a[0] != "run")
        return usageError(ctx, "see bulkheadctl probes --help");
    json body = json::object();
    if (o.values.contains("tenants"))
        body["tenants"] = csvList(o.values.at("tenants"));
    if (o.values.contains("layers"))
        body["layers"] = csvList(o.values.at("layers"));
    if (o.values.contains("samples")) {
        const auto &n = o.values.at("samples");
        if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos)
            return usageError(ctx, "--samples must be a whole number");
        body["samples"] = std::stoi(n);
    }
    if (o.values.contains("attacks")) {
        std::ifstream in(o.values.at("attacks"));
        const auto attacks = json::parse(in, nullptr, false);
        if (!in || attacks.is_discarded())
            return usageError(ctx, "--attacks must name a JSON file");
        body["attacks"] = attacks;
    }
    const auto started = api->call("POST", "/admin/v1/probes/runs", body);
    if (!started.ok() || o.values.contains("no-wait"))
        return finishAdminCall(ctx, started, [&](const json &b) { ctx.out << text(b["id"]) << "\n"; });
    const std::string id = started.body["id"];
    const auto runStarted = std::chrono::steady_clock::now();
    // Progress on stderr while the daemon works through the pairs.
    for (;;) {
        const auto reply = api->call("GET", "/admin/v1/probes/runs/" + id);
        if (!reply.ok())
            return finishAdminCall(ctx, reply, render);
        if (reply.body.value("status", std::string()) != "running")
            break;
        if (reply.body.contains("progress")) {
            const auto &p = reply.body["progress"];
            ctx.err << "\rprobes: " << text(p["done"]) << "/" << text(p["total"]) << std::flush;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - runStarted).count();
    ctx.err << "\nprobes: run " << id << " finished in " << std::fixed << std::setprecision(1) << seconds
            << " s\n";
    return show(id);
}

// Pages through /admin/v1/logs (keyset: next_after) and writes one record per line. The file is
// written beside its final name and renamed only when every page arrived, so a failed export
// never leaves a partial file that looks complete.
int exportLogs(CliContext &ctx, const AdminClient &api, const std::string &filters, std::string after,
               const std::string &outPath)
{
    std::ofstream file;
    const std::string partial = outPath + ".partial";
    if (!outPath.empty()) {
        file.open(partial, std::ios::binary | std::ios::trunc);
        if (!file)
            return usageError(ctx, "cannot write " + partial);
    }
    std::ostream &out = outPath.empty() ? ctx.out : file;
    std::size_t written = 0;
    for (;;) {
        std::string page = filters;
        if (!after.empty())
            page += (page.empty() ? "?" : "&") + std::string("after=") + after;
        const auto reply = api.call("GET", "/admin/v1/logs" + page);
        if (!reply.ok()) {
            if (!outPath.empty()) {
                file.close();
                std::remove(partial.c_str());
            }
            return finishAdminCall(ctx, reply, [](const json &) {});
        }
        for (const auto &r : reply.body["records"]) {
            out << r.dump() << "\n";
            ++written;
        }
        ctx.err << "\rlogs export: " << written << " records" << std::flush;
        if (reply.body["next_after"].is_null())
            break;
        after = text(reply.body["next_after"]);
    }
    ctx.err << "\n";
    if (!outPath.empty()) {
        file.flush();
        if (!file) {
            std::remove(partial.c_str());
            ctx.err << "bulkheadctl: writing " << partial << " failed (io_error)\n";
            return kExitFailure;
        }
        file.close();
        if (std::rename(partial.c_str(), outPath.c_str()) != 0) {
            std::remove(partial.c_str());
            ctx.err << "bulkheadctl: cannot rename " << partial << " to " << outPath << " (io_error)\n";
            return kExitFailure;
        }
        ctx.err << "logs export: " << written << " records written to " << outPath << "\n";
    }
    return kExitOk;
}

int runLogsCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    if (!a.empty() && a[0] == "--help") {
        ctx.out << "Usage: bulkheadctl logs [query] [--tenant T] [--from US] [--until US] [--route R]\n"
                   "             [--decision allowed|blocked] [--after SEQ] [--limit N]\n"
                   "       bulkheadctl logs export [same filters] [--out FILE.jsonl]\n"
                   "       bulkheadctl logs verify [--tenant T]\n"
                   "       bulkheadctl logs retention --tenant T [--days N|off]\n"
                   "       bulkheadctl logs prune --tenant T\n"
                   "       bulkheadctl logs prove [--tenant T] --seq N [--out FILE]\n"
                   "       bulkheadctl logs prove [--tenant T] --since KEPT.json [--out FILE]\n"
                   "       bulkheadctl logs verify-proof FILE [--fingerprint SHA256:HEX] [--since KEPT.json]\n"
                   "A tenant-auditor token reads only its own tenant; --tenant is then optional.\n"
                   "export writes every matching record as one JSON object per line (JSON Lines),\n"
                   "page by page, to FILE or standard output; progress goes to standard error.\n"
                   "verify exits 1 when the tenant's chain does not verify.\n"
                   "retention shows or sets how many days of records a tenant keeps; prune applies it\n"
                   "now (the daemon also does every retention-sweep-seconds): old records keep their\n"
                   "place in the signed Merkle tree and lose their content.\n"
                   "prove writes a record's inclusion proof to the newest signed checkpoint (--seq), or a\n"
                   "consistency proof from a checkpoint you kept (--since: a checkpoint or an earlier proof\n"
                   "file) to the newest one. verify-proof checks either offline, without the daemon, against\n"
                   "the pinned key fingerprint; it exits 1 when the proof does not hold.\n";
        return kExitOk;
    }
    if (!a.empty() && a[0] == "verify-proof")
        return runLogsVerifyProofCommand(ctx);  // offline: no daemon
    if (!a.empty() && a[0] == "prove")
        return runLogsProveCommand(ctx);
    int code = kExitOk;
    const auto api = adminClient(ctx, code);
    if (!api)
        return code;
    static const std::set<std::string> subcommands{"verify", "export", "query", "retention", "prune"};
    const std::string sub = !a.empty() && subcommands.contains(a[0]) ? a[0] : "";
    const bool verify = sub == "verify";
    Options o = parseOptions(a, sub.empty() ? 0 : 1);
    if (!o.positional.empty())
        return usageError(ctx, "see bulkheadctl logs --help");
    // export pages with next_after itself: a caller's --after is only where it starts.
    std::string outPath, after;
    if (sub == "export") {
        if (o.values.contains("out"))
            outPath = o.values.extract("out").mapped();
        if (o.values.contains("after"))
            after = o.values.extract("after").mapped();
        if (after.find_first_not_of("0123456789") != std::string::npos)
            return usageError(ctx, "--after must be a record sequence number");
    }
    std::string query;
    for (const auto &[key, value] : o.values) {
        static const std::set<std::string> known{"tenant", "from", "until", "route",
                                                 "decision", "after", "limit", "days"};
        if (!known.contains(key) || (key == "days" && sub != "retention"))
            return usageError(ctx, "unknown option --" + key);
        // Values are ids, numbers and route paths: reject anything that needs escaping.
        if (value.find_first_of("&=?# %") != std::string::npos)
            return usageError(ctx, "--" + key + " has characters that are not allowed");
        query += (query.empty() ? "?" : "&") + key + "=" + value;
    }
    if (verify) {
        const auto reply = api->call("GET", "/admin/v1/logs/verify" + query);
        const int exit = finishAdminCall(ctx, reply, [&](const json &b) {
            ctx.out << text(b["tenant"]) << ": " << (b.value("ok", false) ? "verified" : "FAILED")
                    << ", " << text(b["records"]) << " records (" << text(b["pruned"]) << " pruned by retention), "
                    << text(b["checkpoints"]) << " signed checkpoints";
            if (!b.value("ok", false))
                ctx.out << " (" << text(b["problem"]) << " at " << text(b["sequence"]) << ": "
                        << text(b["detail"]) << ")";
            ctx.out << "\n";
        });
        return exit == kExitOk && !reply.body.value("ok", false) ? kExitFailure : exit;
    }
    if (sub == "export")
        return exportLogs(ctx, *api, query, after, outPath);
    if (sub == "retention" || sub == "prune") {
        // --tenant, and for retention optionally --days; nothing else.
        const std::size_t allowed = 1 + (sub == "retention" && o.values.contains("days") ? 1 : 0);
        if (!o.values.contains("tenant") || o.values.size() != allowed)
            return usageError(ctx, "see bulkheadctl logs --help");
        const std::string target = "/admin/v1/logs/" + sub + query;
        const char *method = sub == "prune" ? "POST" : o.values.contains("days") ? "PUT" : "GET";
        return finishAdminCall(ctx, api->call(method, target), [&](const json &b) {
            if (sub == "prune")
                ctx.out << text(b["tenant"]) << ": " << text(b["pruned"]) << " records pruned (older than "
                        << text(b["days"]) << " days; signed checkpoint at " << text(b["covered_by_checkpoint"])
                        << ")\n";
            else
                ctx.out << text(b["tenant"]) << ": "
                        << (b["days"].is_null() ? std::string("keeps every record") : "keeps " + text(b["days"]) + " days")
                        << "\n";
        });
    }
    return finishAdminCall(ctx, api->call("GET", "/admin/v1/logs" + query), [&](const json &b) {
        for (const auto &r : b["records"])
            ctx.out << text(r["seq"]) << "  " << text(r["at_us"]) << "  " << text(r["route"])
                    << "  " << text(r["decision"]) << "  " << text(r["principal"]) << "  "
                    << r["reasons"].dump() << "\n";
        if (!b["next_after"].is_null())
            ctx.out << "(more: --after " << text(b["next_after"]) << ")\n";
    });
}

int runDaemonPolicyCommand(CliContext &ctx)
{
    int code = kExitOk;
    const auto api = adminClient(ctx, code);
    if (!api)
        return code;
    if (ctx.args[0] == "reload")
        return finishAdminCall(ctx, api->call("POST", "/admin/v1/policy/reload"), [&](const json &b) {
            ctx.out << "policy reloaded (control-plane version " << text(b["version"]) << ")\n";
        });
    return finishAdminCall(ctx, api->call("GET", "/admin/v1/policy/evaluate"),
                  [&](const json &b) { ctx.out << b.dump(2) << "\n"; });
}

// Documents go through the data plane with a tenant's API key (--api-key or
// BULKHEAD_API_KEY): the tenant is the key's, never an argument.
int runDocsCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    const std::string usage = "Usage: bulkheadctl docs add (FILE | --text TEXT) [--metadata JSON]\n"
                              "       bulkheadctl docs search QUERY [--top-k K]\n"
                              "       bulkheadctl docs remove DOCUMENT_ID\n"
                              "The tenant's data-plane key: --api-key-file FILE (- for standard input),\n"
                              "--api-key KEY, $BULKHEAD_API_KEY_FILE or $BULKHEAD_API_KEY.\n";
    if (a.empty() || a[0] == "--help" || a.size() < 2) {
        (a.empty() || a[0] != "--help" ? ctx.err : ctx.out) << usage;
        return !a.empty() && a[0] == "--help" ? kExitOk : kExitUsage;
    }
    const Options o = parseOptions(a, 1);
    if (o.values.contains("api-key") && o.values.contains("api-key-file"))
        return usageError(ctx, "give --api-key or --api-key-file, not both");
    std::string key;
    try {
        // A key file keeps the secret out of the process list and the shell history.
        if (o.values.contains("api-key-file"))
            key = readSecretFile(o.values.at("api-key-file"), "api-key-file");
        else if (o.values.contains("api-key"))
            key = o.values.at("api-key");
        else if (const char *file = std::getenv("BULKHEAD_API_KEY_FILE"); file && *file)
            key = readSecretFile(file, "BULKHEAD_API_KEY_FILE");
        else if (const char *env = std::getenv("BULKHEAD_API_KEY"))
            key = env;
    } catch (const core::Error &e) {
        return reportError(ctx, e);
    }
    if (ctx.url.empty() || key.empty())
        return usageError(ctx, "docs talks to the data plane: give --url and --api-key "
                               "(or BULKHEAD_URL and BULKHEAD_API_KEY)");
    const AdminClient api = transportOverride() ? AdminClient(ctx.url, key, transportOverride())
                                                : AdminClient(ctx.url, key);
    if (a[0] == "add" && o.positional.size() <= 1) {
        int code = kExitOk;
        std::optional<std::string> document;
        if (o.positional.size() == 1) {
            std::ifstream in(o.positional[0], std::ios::binary);
            if (!in)
                return usageError(ctx, "cannot read " + o.positional[0]);
            std::ostringstream all;
            all << in.rdbuf();
            document = all.str();
        } else {
            document = readTextOption(o, "text", code, ctx);
        }
        if (code != kExitOk)
            return code;
        if (!document)
            return usageError(ctx, "docs add needs a FILE or --text");
        json body{{"text", *document}};
        if (o.values.contains("metadata")) {
            body["metadata"] = json::parse(o.values.at("metadata"), nullptr, false);
            if (body["metadata"].is_discarded())
                return usageError(ctx, "--metadata must be a JSON object");
        }
        return finishAdminCall(ctx, api.call("POST", "/v1/documents", body), [&](const json &b) {
            ctx.out << text(b["id"]) << "  (" << text(b["chunks"]) << " chunks)\n";
        });
    }
    if (a[0] == "search" && o.positional.size() == 1) {
        json body{{"query", o.positional[0]}};
        if (o.values.contains("top-k")) {
            const auto k = std::strtol(o.values.at("top-k").c_str(), nullptr, 10);
            if (k < 1 || k > 100)
                return usageError(ctx, "--top-k must be 1 to 100");
            body["top_k"] = k;
        }
        return finishAdminCall(ctx, api.call("POST", "/v1/retrieve", body), [&](const json &b) {
            for (const auto &r : b["results"])
                ctx.out << text(r["document_id"]) << "#" << text(r["chunk"]) << "  "
                        << r["score"].get<double>() << "  " << text(r["text"]).substr(0, 100) << "\n";
        });
    }
    if (a[0] == "remove" && o.positional.size() == 1)
        return finishAdminCall(ctx, api.call("DELETE", "/v1/documents/" + o.positional[0]),
                      [&](const json &) { ctx.out << "removed " << o.positional[0] << "\n"; });
    return usageError(ctx, "see bulkheadctl docs --help");
}

int runEncryptionCommand(CliContext &ctx)
{
    const auto &a = ctx.args;
    int code = kExitOk;
    const auto api = beginCommand(ctx,
                                  "Usage: bulkheadctl encryption status TENANT\n"
                                  "       bulkheadctl encryption rotate TENANT [--data]\n"
                                  "       bulkheadctl encryption shred TENANT --confirm TENANT\n"
                                  "       bulkheadctl encryption migrate TENANT --tier N [--wait]\n"
                                  "       bulkheadctl encryption database TENANT --dsn-file FILE\n"
                                  "         (Tier 3 on the tenant's own server; the file keeps the password out of argv)\n",
                                  2, code);
    if (!api)
        return code;
    const Options o = parseOptions(a, 1);
    if (o.positional.size() != 1)
        return usageError(ctx, "see bulkheadctl encryption --help");
    const std::string base = "/admin/v1/tenants/" + o.positional[0];
    const auto printKeys = [&](const json &b) {
        for (const auto &k : b["keys"])
            ctx.out << text(k["key_id"]) << "  " << text(k["kind"]) << "  " << text(k["purpose"]) << "  v"
                    << text(k["version"]) << "  " << (k.value("active", false) ? "active" : "inactive") << "\n";
    };
    if (a[0] == "status")
        return finishAdminCall(ctx, api->call("GET", base + "/encryption-keys"), printKeys);
    if (a[0] == "rotate")
        return finishAdminCall(ctx, api->call("POST", base + "/encryption-keys/rotate",
                                     json{{"kind", o.values.contains("data") ? "data" : "kek"}}),
                      [&](const json &b) { ctx.out << b.dump() << "\n"; });
    if (a[0] == "shred")
        return finishAdminCall(ctx, api->call("POST", base + "/shred",
                                     json{{"confirm", o.values.contains("confirm") ? o.values.at("confirm") : ""}}),
                      [&](const json &) { ctx.out << "shredded " << o.positional[0] << "\n"; });
    if (a[0] == "database") {
        const auto it = o.values.find("dsn-file");
        if (it == o.values.end())
            return usageError(ctx, "encryption database needs --dsn-file FILE");
        std::ifstream in(it->second);
        std::string dsn;
        if (!in || !std::getline(in, dsn))
            return usageError(ctx, "cannot read " + it->second);
        return finishAdminCall(ctx, api->call("PUT", base + "/database", json{{"dsn", dsn}}),
                      [&](const json &) { ctx.out << o.positional[0] << ": tier 3 uses its own database\n"; });
    }
    if (a[0] == "migrate") {
        const int tier = o.values.contains("tier") ? std::atoi(o.values.at("tier").c_str()) : 0;
        const auto started = api->call("POST", base + "/migration", json{{"tier", tier}});
        if (!started.ok() || !o.values.contains("wait"))
            return finishAdminCall(ctx, started, [&](const json &b) { ctx.out << b.dump() << "\n"; });
        for (;;) {
            const auto now = api->call("GET", base + "/migration");
            if (now.ok()) {
                ctx.err << "\rmigrating to tier " << tier << ": " << text(now.body["moved"]) << "/"
                        << text(now.body["total"]) << " documents (" << text(now.body["phase"]) << ")   "
                        << std::flush;
                if (now.body.value("to_tier", 0) == tier && now.body.value("state", "") == "finished") {
                    ctx.err << "\n";
                    const bool done = now.body.value("phase", "") == "done";
                    return finishAdminCall(ctx, now, [&](const json &b) { ctx.out << b.dump() << "\n"; }) == kExitOk && done
                               ? kExitOk
                               : kExitFailure;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
    return usageError(ctx, "see bulkheadctl encryption --help");
}

} // namespace bulkhead::ctl
