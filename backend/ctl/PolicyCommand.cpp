#include "PolicyCommand.h"

#include "AdminCommands.h"

#include "InputFile.h"
#include "core/Error.h"
#include "core/InventoryReader.h"
#include "core/PolicyEngine.h"
#include "core/PolicyJson.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace bulkhead::ctl {
namespace {

using core::Error;
using core::ErrorCode;


std::string tierText(const std::optional<core::Tier> &tier)
{
    return tier ? std::to_string(core::tierNumber(*tier)) : std::string("-");
}

void printTable(const core::PlatformDecision &decision, std::ostream &out)
{
    std::size_t idWidth = 6;
    for (const auto &t : decision.tenants)
        idWidth = std::max(idWidth, t.tenantId.size());
    out << "Rule set " << decision.rulesetId << " " << decision.rulesetVersion << "\n\n";
    out << std::left << std::setw(static_cast<int>(idWidth) + 2) << "TENANT" << "CHOSEN  MINIMUM  "
        << "STATUS     RULES\n";
    for (const auto &t : decision.tenants) {
        std::string rules;
        for (const auto &f : t.firings)
            rules += (rules.empty() ? "" : ", ") + f.rule->id;
        const char *status = t.violation() ? "VIOLATION" : (t.chosenTier ? "ok" : "undecided");
        out << std::left << std::setw(static_cast<int>(idWidth) + 2) << t.tenantId
            << std::setw(8) << tierText(t.chosenTier) << std::setw(9)
            << core::tierNumber(t.minimumTier) << std::setw(11) << status
            << (rules.empty() ? "-" : rules) << "\n";
    }
    out << "\nPlatform assurance tier: " << tierText(decision.platformAssuranceTier)
        << " (the lowest tier deployed; every tenant's evidence states it)\n";
    const auto violations = decision.violationCount();
    out << "Violations: " << violations << "\n";
    for (const auto &t : decision.tenants) {
        if (!t.violation())
            continue;
        out << "\n" << t.tenantId << " runs at tier " << tierText(t.chosenTier)
            << " but needs tier " << core::tierNumber(t.minimumTier) << ":\n";
        for (const auto *f : t.violatedBy()) {
            std::string peers;
            for (const auto &id : f->triggeredBy)
                peers += (peers.empty() ? "" : ", ") + id;
            out << "  " << f->rule->id << " (tier " << core::tierNumber(f->rule->tier)
                << ", triggered by " << peers << ")\n    " << f->rule->rationale << "\n";
        }
    }
}

void printUsage(std::ostream &out)
{
    out << "Usage: bulkheadctl policy evaluate FILE [--rules RULES.json] [--json]\n"
           "       bulkheadctl policy rules [--json]\n"
           "       bulkheadctl policy show|reload      (the running daemon's view)\n\n"
           "evaluate  reads a tenant inventory (FILE, or - for standard input) and prints each\n"
           "          tenant's minimum isolation tier, the rules that raised it and the tenants\n"
           "          that triggered them, violations, and the platform assurance tier.\n"
           "rules     prints the built-in rule set (versioned JSON).\n";
}

} // namespace

int runPolicyCommand(CliContext &ctx)
{
    auto &args = ctx.args;
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        printUsage(args.empty() ? ctx.err : ctx.out);
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::string verb = args[0];
    try {
        if (verb == "show" || verb == "reload")
            return runDaemonPolicyCommand(ctx);
        if (verb == "rules") {
            ctx.out << core::builtinRulesJson() << "\n";
            return kExitOk;
        }
        if (verb != "evaluate")
            throw Error(ErrorCode::InvalidArgument,
                        "unknown policy subcommand \"" + verb + "\" (allowed: evaluate, rules, show, reload)",
                        "subcommand", {"evaluate", "rules", "show", "reload"});
        std::string inventoryPath;
        std::string rulesPath;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--rules" && i + 1 < args.size())
                rulesPath = args[++i];
            else if (args[i].starts_with("--rules="))
                rulesPath = args[i].substr(8);
            else if (args[i].starts_with("-") && args[i] != "-")
                throw Error(ErrorCode::InvalidArgument, "unknown option " + args[i], "options");
            else if (inventoryPath.empty())
                inventoryPath = args[i];
            else
                throw Error(ErrorCode::InvalidArgument, "expected one inventory FILE", "FILE");
        }
        if (inventoryPath.empty())
            throw Error(ErrorCode::InvalidArgument, "policy evaluate needs an inventory FILE",
                        "FILE");
        const auto tenants = core::readInventory(readInputFile(inventoryPath, "FILE"));
        const core::RuleSet rules = rulesPath.empty()
                                        ? core::RuleSet::builtin()
                                        : core::RuleSet::fromJson(readInputFile(rulesPath, "rules"));
        const auto decision = core::evaluatePolicy(tenants, rules);
        if (ctx.json)
            ctx.out << core::decisionToJson(decision).dump(2) << "\n";
        else
            printTable(decision, ctx.out);
        return kExitOk;
    } catch (const Error &e) {
        return reportError(ctx, e);
    }
}

} // namespace bulkhead::ctl
