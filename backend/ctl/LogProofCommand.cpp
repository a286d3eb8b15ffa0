#include "LogProofCommand.h"

#include "AdminClient.h"
#include "EvidenceCommand.h"
#include "InputFile.h"
#include "audit/AuditProof.h"
#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <set>

namespace bulkhead::ctl {
namespace {

using nlohmann::json;

struct Args
{
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
};

// --name value / --name=value, only the names given; the first word is the subcommand.
std::optional<Args> parse(const std::vector<std::string> &args, const std::set<std::string> &names,
                          std::string &error)
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
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            error = "--" + key + " needs a value";
            return std::nullopt;
        }
        if (!names.contains(key)) {
            error = "unknown option --" + key;
            return std::nullopt;
        }
        out.values[key] = value;
    }
    return out;
}

int usage(CliContext &ctx, const std::string &message)
{
    if (ctx.json)
        ctx.out << json{{"error", {{"code", "invalid_argument"}, {"message", message}}}}.dump(2) << "\n";
    ctx.err << "bulkheadctl: " << message << " (see bulkheadctl logs --help)\n";
    return kExitUsage;
}

std::optional<json> readJsonFile(const std::string &path, const std::string &field, std::string &error)
{
    try {
        auto value = json::parse(readInputFile(path, field), nullptr, false);
        if (!value.is_discarded() && value.is_object())
            return value;
        error = path + " is not a JSON object";
    } catch (const core::Error &e) {
        error = e.what();
    }
    return std::nullopt;
}

// A kept checkpoint: the checkpoint itself, a proof file holding one under "checkpoint", or an
// evidence pack's audit-verification.json (the entry of `tenant`, or its only entry).
std::optional<audit::Checkpoint> keptCheckpoint(const json &value, const std::string &tenant = {})
{
    if (const auto it = value.find("tenants"); it != value.end() && it->is_array()) {
        for (const auto &entry : *it)
            if (entry.is_object() && entry.contains("checkpoint") &&
                ((tenant.empty() && it->size() == 1) || entry.value("tenant", json()) == tenant))
                return audit::checkpointFromJson(entry["checkpoint"]);
        return std::nullopt;
    }
    if (value.contains("checkpoint"))
        return audit::checkpointFromJson(value["checkpoint"]);
    return audit::checkpointFromJson(value);
}

std::string normaliseFingerprint(std::string text)
{
    if (text.starts_with("SHA256:") || text.starts_with("sha256:"))
        text = text.substr(7);
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return "SHA256:" + text;
}

bool isId(const std::string &value)
{
    return !value.empty() && value.size() <= 128 &&
           value.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
               std::string::npos;
}

bool isNumber(const std::string &value)
{
    return !value.empty() && value.size() <= 20 && value.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

int runLogsProveCommand(CliContext &ctx)
{
    std::string error;
    const auto args = parse(ctx.args, {"tenant", "seq", "since", "out"}, error);
    if (!args)
        return usage(ctx, error);
    const auto &v = args->values;
    if (!args->positional.empty() || v.contains("seq") == v.contains("since"))
        return usage(ctx, "logs prove needs --seq N (a record) or --since KEPT.json (a checkpoint you kept)");
    if (ctx.url.empty() || ctx.token.empty())
        return usage(ctx, "this command talks to the daemon: give --url and --token (or BULKHEAD_URL and BULKHEAD_TOKEN)");
    std::string query;
    if (v.contains("tenant")) {
        if (!isId(v.at("tenant")))
            return usage(ctx, "--tenant must be a tenant id");
        query = "tenant=" + v.at("tenant") + "&";
    }
    std::optional<audit::Checkpoint> kept;
    if (v.contains("seq")) {
        if (!isNumber(v.at("seq")))
            return usage(ctx, "--seq must be a record sequence number");
        query = "/admin/v1/logs/proof?" + query + "seq=" + v.at("seq");
    } else {
        const auto file = readJsonFile(v.at("since"), "since", error);
        if (!file)
            return usage(ctx, error);
        kept = keptCheckpoint(*file, v.contains("tenant") ? v.at("tenant") : std::string());
        if (!kept)
            return usage(ctx, v.at("since") + " holds no checkpoint (of that tenant)");
        query = "/admin/v1/logs/consistency?" + query + "from=" + std::to_string(kept->treeSize);
    }
    const AdminClient api(ctx.url, ctx.token);
    auto reply = api.call("GET", query);
    if (!reply.ok()) {
        if (ctx.json)
            ctx.out << reply.body.dump(2) << "\n";
        const auto &e = reply.body.contains("error") ? reply.body["error"] : json::object();
        ctx.err << "bulkheadctl: " << e.value("message", std::string("request failed")) << " ("
                << e.value("code", std::string("unknown")) << ")\n";
        return kExitFailure;
    }
    // The proof is checked later against the checkpoint the auditor kept, not the database's.
    if (kept)
        reply.body["from_checkpoint"] = audit::checkpointToJson(*kept);
    const std::string text = reply.body.dump(2) + "\n";
    if (!v.contains("out")) {
        ctx.out << text;
        return kExitOk;
    }
    const std::string &out = v.at("out");
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
        ctx.err << "bulkheadctl: cannot write " << out << " (io_error)\n";
        return kExitFailure;
    }
    ctx.err << "logs prove: " << reply.body.value("kind", std::string()) << " proof for "
            << reply.body.value("tenant", std::string()) << " written to " << out << "\n";
    return kExitOk;
}

int runLogsVerifyProofCommand(CliContext &ctx)
{
    std::string error;
    const auto args = parse(ctx.args, {"fingerprint", "since"}, error);
    if (!args)
        return usage(ctx, error);
    if (args->positional.size() != 1)
        return usage(ctx, "verify-proof takes one proof file");
    const std::string &path = args->positional[0];
    const auto document = readJsonFile(path, "file", error);
    if (!document)
        return usage(ctx, error);
    std::optional<audit::Checkpoint> kept;
    if (args->values.contains("since")) {
        const auto file = readJsonFile(args->values.at("since"), "since", error);
        if (!file)
            return usage(ctx, error);
        kept = keptCheckpoint(*file, document->value("tenant", std::string()));
        if (!kept)
            return usage(ctx, args->values.at("since") + " holds no checkpoint of this proof's tenant");
    }
    // The key is the one the file names; only a pinned fingerprint makes it the platform's.
    std::vector<std::uint8_t> key;
    try {
        key = crypto::fromHex(document->value("public_key", std::string()));
    } catch (const std::exception &) {
    }
    if (key.size() != crypto::Ed25519Key::kPublicKeySize)
        return usage(ctx, path + " names no Ed25519 public key (public_key)");
    const std::string fingerprint = crypto::ed25519Fingerprint(key);
    const auto pin = pinnedFingerprint(args->values);
    const bool pinned = pin.has_value();
    audit::ProofCheck check;
    if (pinned && normaliseFingerprint(*pin) != fingerprint) {
        check.problem = "untrusted_key";
        check.detail = "signed by " + fingerprint + ", not by the pinned key " + normaliseFingerprint(*pin);
    } else {
        check = audit::verifyProofDocument(*document, key, kept);
    }
    if (ctx.json)
        ctx.out << json{{"ok", check.ok},
                        {"kind", check.kind},
                        {"tenant", check.tenantId},
                        {"tree_size", check.treeSize},
                        {"problem", check.problem},
                        {"detail", check.detail},
                        {"fingerprint", fingerprint},
                        {"key_pinned", pinned}}
                       .dump(2)
                << "\n";
    if (!check.ok) {
        ctx.err << "bulkheadctl: " << path << ": FAILED: " << check.detail << " (" << check.problem << ")\n";
        return kExitFailure;
    }
    if (!ctx.json) {
        ctx.out << path << ": verified (" << check.detail << ")\n  signed by " << fingerprint << "\n";
        if (!pinned)
            ctx.out << "  only self-consistent: the key is the one the file names; give --fingerprint "
                       "SHA256:... or set BULKHEAD_SIGNING_FINGERPRINT to check it is the platform's\n";
    }
    return kExitOk;
}

} // namespace bulkhead::ctl
