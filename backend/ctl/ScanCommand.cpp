#include "ScanCommand.h"

#include "AdminCommands.h"
#include "InputFile.h"
#include "core/Error.h"
#include "core/PolicyJson.h"
#include "scan/EgressScanner.h"
#include "scan/EgressStream.h"
#include "scan/IngressScanner.h"
#include "scan/TenantCalibration.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace bulkhead::ctl {
namespace {

using core::Error;
using core::ErrorCode;


void printUsage(std::ostream &out)
{
    out << "Usage: bulkheadctl scan prompt|document [--tenant ID] [FILE|-] [--json]\n"
           "       bulkheadctl scan calibrate --tenant ID [--target-fpr 0.01] [--kind prompt|document]\n"
           "                  [FILE|-] [--apply] [--json]\n"
           "       bulkheadctl scan calibrate --tenant ID --kind prompt|document --reset [--json]\n"
           "       bulkheadctl scan thresholds --tenant ID [--json]\n"
           "       bulkheadctl scan response [--tenant ID] [FILE|-] [--system-prompt FILE]\n"
           "                  [--canary STRING]... [--document-canary STRING]... [--owner ID]\n"
           "                  [--action block|redact|flag] [--self-leak block|redact|flag|off] [--json]\n\n"
           "Evaluates text offline with the proxy's own scanners, so a policy can be tried on\n"
           "your own data; calibrate --apply or --reset and thresholds talk to the daemon.\n"
           "FILE defaults to standard input.\n\n"
           "prompt    a user prompt: injection score, reasons, verdict block|flag|allow\n"
           "document  a retrieved document (indirect injection): verdict block (= drop)|flag|allow;\n"
           "          findings give the byte span [start, end) of each window that scored high\n"
           "calibrate a flag threshold from the tenant's own benign traffic (FILE: one sample per\n"
           "          line, or JSON lines with \"text\"), so at most --target-fpr of it is flagged;\n"
           "          offline, unless --apply: then the daemon (--url, --token) computes it with the\n"
           "          same scanner and applies it to the tenant's traffic. --reset: back to the default\n"
           "thresholds the injection thresholds the daemon scans the tenant's prompts and\n"
           "          retrieved documents with, and the calibration behind each\n"
           "response  a model response, scanned for the named material as the egress scanner\n"
           "          would for tenant --tenant (default \"requester\"). The material belongs to\n"
           "          --owner (default \"protected\"); give --owner equal to --tenant to test a\n"
           "          self-leak. --action applies to cross-tenant leaks and Bulkhead secrets\n"
           "          (default block); --self-leak to the tenant's own prompt (default flag).\n\n"
           "Output (--json): {\"verdict\":\"block|flag|allow\",\"score\":x,\"findings\":[...]}\n"
           "  prompt, document findings: {\"kind\":\"injection\",\"start\":b,\"end\":e,\"score\":x}\n"
           "  calibrate: {\"tenant\",\"threshold\",\"measured_fpr\",\"samples\",\"target_fpr\",\"kind\"}\n"
           "  calibrate --apply|--reset, thresholds: {\"tenant\",\"prompt\",\"document\"}, each\n"
           "    {\"flag\",\"block\",\"calibration\"} (calibration null: the default)\n"
           "Thresholds: prompt flag 0.62, block 0.85; document flag 0.66, block (drop) 0.79.\n"
           "Exit codes: 0 scanned (whatever the verdict), 2 bad arguments or input, 1 the daemon\n"
           "failed or refused the credentials.\n";
}

struct Options
{
    std::string mode;
    std::string tenant = "requester";
    std::string owner = "protected";
    std::string file = "-";
    bool fileGiven = false;
    std::string systemPromptFile;
    std::vector<std::string> canaries;
    std::vector<std::string> documentCanaries;
    scan::EgressAction action = scan::EgressAction::Block;
    std::optional<scan::EgressAction> selfLeak = scan::EgressAction::Flag;
    bool tenantGiven = false;
    double targetFpr = 0.01;
    std::string calibrateKind = "prompt";
    bool apply = false;  // calibrate on the daemon and apply it
    bool reset = false;  // remove the tenant's calibration of --kind
};

Options parse(const std::vector<std::string> &args)
{
    Options o;
    o.mode = args[0];
    if (o.mode != "prompt" && o.mode != "document" && o.mode != "response" && o.mode != "calibrate" &&
        o.mode != "thresholds")
        throw Error(ErrorCode::InvalidArgument,
                    "unknown scan subcommand \"" + o.mode +
                        "\" (allowed: prompt, document, response, calibrate, thresholds)",
                    "subcommand", {"prompt", "document", "response", "calibrate", "thresholds"});
    const bool response = o.mode == "response";
    const bool calibrate = o.mode == "calibrate";
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        auto value = [&](const char *name) -> std::string {
            if (i + 1 >= args.size())
                throw Error(ErrorCode::InvalidArgument, std::string(name) + " needs a value", name);
            return args[++i];
        };
        if (a == "--tenant") {
            o.tenant = value("--tenant");
            o.tenantGiven = true;
        } else if (calibrate && a == "--target-fpr") {
            const auto v = value("--target-fpr");
            std::size_t used = 0;
            double parsed = 0;
            try {
                parsed = std::stod(v, &used);
            } catch (const std::exception &) {
                used = 0;
            }
            if (used != v.size() || !(parsed > 0 && parsed <= 0.5))
                throw Error(ErrorCode::InvalidArgument, "--target-fpr must be a number in (0, 0.5]", "--target-fpr");
            o.targetFpr = parsed;
        } else if (calibrate && a == "--apply") {
            o.apply = true;
        } else if (calibrate && a == "--reset") {
            o.reset = true;
        } else if (calibrate && a == "--kind") {
            o.calibrateKind = value("--kind");
            if (o.calibrateKind != "prompt" && o.calibrateKind != "document")
                throw Error(ErrorCode::InvalidArgument, "unknown kind " + o.calibrateKind, "--kind",
                            {"prompt", "document"});
        } else if (response && a == "--owner") {
            o.owner = value("--owner");
        } else if (response && a == "--system-prompt") {
            o.systemPromptFile = value("--system-prompt");
        } else if (response && a == "--canary") {
            o.canaries.push_back(value("--canary"));
        } else if (response && a == "--document-canary") {
            o.documentCanaries.push_back(value("--document-canary"));
        } else if (response && a == "--action") {
            const auto v = value("--action");
            const auto parsed = scan::parseEgressAction(v);
            if (!parsed)
                throw Error(ErrorCode::InvalidArgument, "unknown action " + v, "--action",
                            {"block", "redact", "flag"});
            o.action = *parsed;
        } else if (response && a == "--self-leak") {
            const auto v = value("--self-leak");
            if (v == "off") {
                o.selfLeak.reset();
            } else if (const auto parsed = scan::parseEgressAction(v)) {
                o.selfLeak = *parsed;
            } else {
                throw Error(ErrorCode::InvalidArgument, "unknown self-leak action " + v, "--self-leak",
                            {"block", "redact", "flag", "off"});
            }
        } else if (a.starts_with("-") && a != "-") {
            throw Error(ErrorCode::InvalidArgument, "unknown option " + a, "options");
        } else if (!o.fileGiven) {
            o.file = a;
            o.fileGiven = true;
        } else {
            throw Error(ErrorCode::InvalidArgument, "expected one FILE", "FILE");
        }
    }
    if ((calibrate || o.mode == "thresholds") && !o.tenantGiven)
        throw Error(ErrorCode::InvalidArgument, o.mode + " needs --tenant", "--tenant");
    if (o.reset && (o.apply || o.fileGiven))
        throw Error(ErrorCode::InvalidArgument, "--reset takes no FILE and no --apply", "--reset");
    return o;
}

nlohmann::json scanIngress(const Options &o, const std::string &text)
{
    const auto scanner = scan::IngressScanner::builtin();
    const bool document = o.mode == "document";
    const auto r = document ? scanner->scanDocument(text) : scanner->scanPrompt(text);
    nlohmann::json findings = nlohmann::json::array();
    for (const auto &f : r.findings)
        findings.push_back({{"kind", f.kind}, {"start", f.start}, {"end", f.end}, {"score", f.score}});
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto &reason : r.reasons)
        reasons.push_back({{"id", reason.id}, {"weight", reason.weight}});
    nlohmann::json out{{"verdict", std::string(scan::toString(r.verdict))},
                       {"score", r.score},
                       {"findings", findings},
                       {"reasons", reasons},
                       {"classifier_score", r.classifierScore},
                       {"tenant", o.tenant},
                       {"kind", o.mode}};
    if (document)
        out["action"] = r.verdict == scan::IngressVerdict::Block  ? "drop"
                        : r.verdict == scan::IngressVerdict::Flag ? "flag"
                                                                  : "allow";
    return out;
}

// One benign sample per line; a line that is a JSON object gives its "text" (or "prompt").
std::vector<std::string> calibrationSamples(const std::string &text)
{
    std::vector<std::string> samples;
    std::istringstream lines(text);
    std::size_t lineNo = 0;
    for (std::string line; std::getline(lines, line);) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (line.front() == '{') {
            const auto row = nlohmann::json::parse(line, nullptr, false);
            const char *key = row.is_object() && row.contains("text") ? "text" : "prompt";
            if (!row.is_object() || !row.contains(key) || !row.at(key).is_string())
                throw Error(ErrorCode::InvalidArgument,
                            "line " + std::to_string(lineNo) + ": a JSON line needs a \"text\" string", "FILE");
            line = row.at(key).get<std::string>();
        }
        if (samples.size() == scan::kMaxCalibrationSamples)
            throw Error(ErrorCode::InvalidArgument,
                        "too many samples (at most " + std::to_string(scan::kMaxCalibrationSamples) + ")", "FILE");
        samples.push_back(std::move(line));
    }
    return samples;
}

nlohmann::json calibrateTenant(const Options &o, const std::string &text)
{
    const auto samples = calibrationSamples(text);
    const std::vector<std::string_view> views(samples.begin(), samples.end());
    const auto c = scan::calibrateTenantThreshold(*scan::IngressScanner::builtin(), o.tenant, views, o.targetFpr,
                                                  o.calibrateKind == "document");
    return {{"tenant", c.tenant},
            {"threshold", c.threshold},
            {"measured_fpr", c.measuredFpr},
            {"samples", c.samples},
            {"target_fpr", c.targetFpr},
            {"kind", o.calibrateKind},
            {"sample_too_small", c.sampleTooSmall}};
}

void printThresholds(const nlohmann::json &answer, std::ostream &out)
{
    out << "tenant " << answer.at("tenant").get<std::string>() << "\n";
    for (const char *kind : {"prompt", "document"}) {
        const auto &t = answer.at(kind);
        out << "  " << kind << ": flag " << std::fixed << std::setprecision(4) << t.at("flag").get<double>()
            << ", block " << t.at("block").get<double>();
        const auto &c = t.at("calibration");
        if (c.is_null())
            out << " (default)\n";
        else
            out << " (calibrated " << c.value("calibrated_at", std::string()) << ": measured false-positive rate "
                << c.at("measured_fpr").get<double>() << " on " << c.at("samples").get<std::size_t>()
                << " samples, target " << c.at("target_fpr").get<double>() << ")\n";
    }
}

// calibrate --apply / --reset and thresholds: the daemon's copy of the tenant's thresholds.
int daemonThresholds(CliContext &ctx, const Options &o)
{
    int code = kExitOk;
    const auto api = adminClient(ctx, code);
    if (!api)
        return code;
    const std::string base = "/admin/v1/tenants/" + o.tenant + "/ingress-calibration";
    auto reply = [&]() -> AdminClient::Reply {
        if (o.mode == "thresholds")
            return api->call("GET", base);
        if (o.reset)
            return api->call("DELETE", base + "/" + o.calibrateKind);
        nlohmann::json body{{"samples", calibrationSamples(readInputFile(o.file, "FILE"))}, {"target_fpr", o.targetFpr}};
        return api->call("PUT", base + "/" + o.calibrateKind, body);
    }();
    return finishAdminCall(ctx, reply, [&](const nlohmann::json &answer) { printThresholds(answer, ctx.out); });
}

nlohmann::json scanResponse(const Options &o, const std::string &text)
{
    scan::ProtectedMaterial material;
    scan::TenantMaterial owner;
    owner.tenantId = o.owner;
    owner.canaries = o.canaries;
    owner.documentCanaries = o.documentCanaries;
    if (!o.systemPromptFile.empty())
        owner.systemPrompt = readInputFile(o.systemPromptFile, "--system-prompt");
    material.tenants.push_back(std::move(owner));
    const auto scanner = scan::EgressScanner::build(material);
    scan::EgressPolicy policy;
    policy.crossTenant = o.action;
    policy.secretFormat = o.action;
    policy.detectSelfLeak = o.selfLeak.has_value();
    policy.selfLeak = o.selfLeak.value_or(scan::EgressAction::Flag);
    scan::EgressStream stream(scanner, o.tenant, policy);
    auto r = stream.feed(text);
    auto end = stream.finish();
    r.release += end.release;
    r.findings.insert(r.findings.end(), end.findings.begin(), end.findings.end());
    nlohmann::json findings = nlohmann::json::array();
    bool redacted = false;
    for (const auto &f : r.findings) {
        redacted = redacted || f.action == scan::EgressAction::Redact;
        findings.push_back({{"owner", f.ownerTenantId},
                            {"kind", std::string(scan::toString(f.kind))},
                            {"action", std::string(scan::toString(f.action))},
                            {"channel", std::string(scan::toString(f.channel))},
                            {"offset", f.offset},
                            {"length", f.length},
                            {"detail", f.detail}});
    }
    const bool blocked = stream.blocked();
    nlohmann::json out{{"verdict", blocked ? "block" : r.findings.empty() ? "allow" : "flag"},
                       {"score", r.findings.empty() ? 0.0 : 1.0},
                       {"findings", findings},
                       {"tenant", o.tenant},
                       {"kind", "response"}};
    if (blocked)
        out["released_bytes"] = r.release.size();
    if (redacted && !blocked)
        out["output"] = r.release;
    return out;
}

void printHuman(const nlohmann::json &result, std::ostream &out)
{
    if (result.contains("threshold")) {
        out << "tenant " << result.at("tenant").get<std::string>() << ": " << result.at("kind").get<std::string>()
            << " flag threshold " << std::fixed << std::setprecision(4) << result.at("threshold").get<double>()
            << ", measured false-positive rate " << result.at("measured_fpr").get<double>() << " on "
            << result.at("samples").get<std::size_t>() << " samples (target "
            << result.at("target_fpr").get<double>() << ")\n";
        if (result.at("sample_too_small").get<bool>())
            out << "note: fewer samples than 1 / target: the rate is an estimate\n";
        return;
    }
    out << "verdict: " << result.at("verdict").get<std::string>() << " (score " << std::fixed
        << std::setprecision(3) << result.at("score").get<double>() << ")\n";
    for (const auto &f : result.at("findings")) {
        if (f.contains("owner"))
            out << "  " << f.at("kind").get<std::string>() << " of "
                << (f.at("owner").get<std::string>().empty() ? std::string("bulkhead")
                                                              : f.at("owner").get<std::string>())
                << " at byte " << f.at("offset").get<std::uint64_t>() << " ("
                << f.at("channel").get<std::string>() << ", " << f.at("detail").get<std::string>()
                << ") -> " << f.at("action").get<std::string>() << "\n";
        else
            out << "  " << f.at("kind").get<std::string>() << " at bytes " << f.at("start").get<std::size_t>()
                << ".." << f.at("end").get<std::size_t>() << " (score " << f.at("score").get<double>() << ")\n";
    }
    if (result.contains("reasons"))
        for (const auto &r : result.at("reasons"))
            out << "  reason " << r.at("id").get<std::string>() << " " << r.at("weight").get<double>() << "\n";
    if (result.contains("output"))
        out << "output:\n" << result.at("output").get<std::string>() << "\n";
}

} // namespace

int runScanCommand(CliContext &ctx)
{
    auto &args = ctx.args;
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        printUsage(args.empty() ? ctx.err : ctx.out);
        return args.empty() ? kExitUsage : kExitOk;
    }
    try {
        const Options o = parse(args);
        if (o.mode == "thresholds" || o.apply || o.reset)
            return daemonThresholds(ctx, o);
        const std::string text = readInputFile(o.file, "FILE");
        const auto result = o.mode == "response"    ? scanResponse(o, text)
                             : o.mode == "calibrate" ? calibrateTenant(o, text)
                                                     : scanIngress(o, text);
        if (ctx.json)
            ctx.out << result.dump(2) << "\n";
        else
            printHuman(result, ctx.out);
        return kExitOk;
    } catch (const Error &e) {
        return reportError(ctx, e);
    }
}

} // namespace bulkhead::ctl
