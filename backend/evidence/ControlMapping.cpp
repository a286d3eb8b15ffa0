#include "ControlMapping.h"

#include "EvidenceDocuments.h"

#include <algorithm>
#include <functional>
#include <map>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

constexpr const char *kNist = "NIST SP 800-53 Rev. 5";
constexpr const char *kOwasp = "OWASP Top 10 for LLM Applications 2025";

// Any failure fails the check; otherwise anything that could not be assessed leaves it open.
ControlStatus statusFrom(std::size_t failed, std::size_t unassessed)
{
    return failed > 0 ? ControlStatus::NotSatisfied : unassessed > 0 ? ControlStatus::NotAssessed : ControlStatus::Satisfied;
}

// A check is a probe layer ("probe:<layer>") or one of the named data checks below.
CheckResult probeCheck(const std::vector<ProbeRunFacts> &runs, const std::string &layer)
{
    const auto o = latestOutcome(runs, layer);
    CheckResult r{"probe:" + layer, ControlStatus::NotAssessed, "not probed in the window"};
    if (!o.probed())
        return r;
    const std::string counts = std::to_string(o.pass) + " passed, " + std::to_string(o.fail) + " failed, " +
                               std::to_string(o.error) + " errors in " + o.runId;
    r.detail = counts;
    r.status = statusFrom(o.fail, o.error);
    return r;
}

CheckResult tierCheck(const ScopedEvidence &evidence)
{
    CheckResult r{"tier-decisions", ControlStatus::NotAssessed, "no tenant in scope"};
    std::size_t undecided = 0, violations = 0, tenants = 0;
    for (const auto *t : evidence.tenants()) {
        const auto *d = evidence.decisionFor(t->tenant.id);
        ++tenants;
        if (!d || !d->chosenTier)
            ++undecided;
        else if (d->violation())
            ++violations;
    }
    if (tenants == 0)
        return r;
    r.detail = std::to_string(tenants) + " tenants, " + std::to_string(violations) + " below their minimum tier, " +
               std::to_string(undecided) + " without a chosen tier";
    r.status = statusFrom(violations, undecided);
    return r;
}

CheckResult auditChainCheck(const ScopedEvidence &evidence)
{
    CheckResult r{"audit-chains", ControlStatus::NotAssessed, "no audit log verified"};
    const auto logs = evidence.audit();
    if (logs.empty())
        return r;
    std::size_t broken = 0, unreadable = 0;
    for (const auto &a : logs) {
        if (!a.error.empty())
            ++unreadable;
        else if (!a.ok)
            ++broken;
    }
    r.detail = std::to_string(logs.size()) + " logs, " + std::to_string(broken) + " failed verification, " +
               std::to_string(unreadable) + " unreadable";
    r.status = statusFrom(broken, unreadable);
    return r;
}

CheckResult checkpointCheck(const ScopedEvidence &evidence)
{
    CheckResult r{"audit-checkpoints", ControlStatus::NotAssessed, "no signed checkpoint verified"};
    std::size_t signedLogs = 0, unsignedLogs = 0, broken = 0;
    for (const auto &a : evidence.audit()) {
        if (!a.error.empty() || a.records == 0)
            continue;
        if (!a.ok)
            ++broken;
        else if (a.checkpoints == 0)
            ++unsignedLogs;
        else
            ++signedLogs;
    }
    if (signedLogs + unsignedLogs + broken == 0)
        return r;
    r.detail = std::to_string(signedLogs) + " logs covered by verified Ed25519 checkpoints, " +
               std::to_string(unsignedLogs) + " not yet checkpointed, " + std::to_string(broken) + " failed";
    r.status = statusFrom(broken, unsignedLogs);
    return r;
}

CheckResult tenantKeyCheck(const ScopedEvidence &evidence)
{
    CheckResult r{"tenant-keys", ControlStatus::NotAssessed, "no key records"};
    const auto keys = evidence.keys();
    if (keys.empty())
        return r;
    std::size_t without = 0;
    for (const auto *t : evidence.tenants()) {
        const bool hasKek = std::any_of(keys.begin(), keys.end(), [&](const crypto::KeyEvidence &k) {
            return k.tenantId == t->tenant.id && k.kind == "tenant-kek" && k.active;
        });
        without += hasKek ? 0 : 1;
    }
    r.detail = std::to_string(evidence.tenants().size() - without) + " of " +
               std::to_string(evidence.tenants().size()) + " tenants have an active key-encryption key";
    r.status = without > 0 ? ControlStatus::NotSatisfied : ControlStatus::Satisfied;
    return r;
}

struct ControlSpec
{
    const char *id;
    const char *oscalId;
    const char *catalog;
    const char *title;
    std::vector<std::string> files;
    std::vector<std::string> checks;
};

const std::vector<ControlSpec> &controlSpecs()
{
    static const std::vector<ControlSpec> specs{
        {"SC-4", "sc-4", kNist, "Information in Shared System Resources",
         {"probe-results.json", "tier-decisions.json", "classification-matrix.csv", "inventory.json"},
         {"probe:prompt_direct", "probe:prompt_indirect", "probe:egress_channels", "probe:kv_cache",
          "probe:retrieval_bleed", "probe:retrieval_drill", "probe:log_bleed", "probe:log_drill", "tier-decisions"}},
        {"AC-4", "ac-4", kNist, "Information Flow Enforcement",
         {"probe-results.json", "tier-decisions.json"},
         {"probe:prompt_direct", "probe:prompt_indirect", "probe:retrieval_bleed", "probe:admin_plane",
          "tier-decisions"}},
        {"AU-9", "au-9", kNist, "Protection of Audit Information",
         {"audit-verification.json", "probe-results.json"},
         {"audit-chains", "probe:log_bleed", "probe:log_drill"}},
        {"AU-9(3)", "au-9.3", kNist, "Protection of Audit Information | Cryptographic Protection",
         {"audit-verification.json"},
         {"audit-chains", "audit-checkpoints"}},
        {"AU-10", "au-10", kNist, "Non-repudiation",
         {"audit-verification.json", "manifest.sig"},
         {"audit-checkpoints"}},
        {"SC-12", "sc-12", kNist, "Cryptographic Key Establishment and Management",
         {"key-management.json", "probe-results.json"},
         {"tenant-keys", "probe:key_isolation"}},
        {"SC-13", "sc-13", kNist, "Cryptographic Protection",
         {"key-management.json", "audit-verification.json", "probe-results.json"},
         {"probe:key_isolation", "audit-checkpoints"}},
        {"SC-28", "sc-28", kNist, "Protection of Information at Rest",
         {"key-management.json", "probe-results.json", "tier-decisions.json"},
         {"tenant-keys", "probe:retrieval_drill"}},
        {"LLM01", "llm01", kOwasp, "Prompt Injection",
         {"probe-results.json"},
         {"probe:prompt_indirect", "probe:prompt_direct"}},
        {"LLM02", "llm02", kOwasp, "Sensitive Information Disclosure",
         {"probe-results.json"},
         {"probe:prompt_direct", "probe:egress_channels", "probe:retrieval_bleed", "probe:kv_cache",
          "probe:log_bleed"}},
        {"LLM07", "llm07", kOwasp, "System Prompt Leakage",
         {"probe-results.json"},
         {"probe:prompt_direct"}},
        {"LLM08", "llm08", kOwasp, "Vector and Embedding Weaknesses",
         {"probe-results.json"},
         {"probe:retrieval_bleed", "probe:retrieval_drill"}},
    };
    return specs;
}

ControlStatus combine(const std::vector<CheckResult> &checks)
{
    const auto any = [&](ControlStatus s) {
        return std::any_of(checks.begin(), checks.end(), [&](const CheckResult &c) { return c.status == s; });
    };
    if (any(ControlStatus::NotSatisfied))
        return ControlStatus::NotSatisfied;
    if (checks.empty() || any(ControlStatus::NotAssessed))
        return ControlStatus::NotAssessed;
    return ControlStatus::Satisfied;
}

} // namespace

std::string_view toString(ControlStatus status) noexcept
{
    switch (status) {
    case ControlStatus::Satisfied:
        return "satisfied";
    case ControlStatus::NotSatisfied:
        return "not-satisfied";
    case ControlStatus::NotAssessed:
        break;
    }
    return "not-assessed";
}

std::vector<ControlAssessment> assessControls(const ScopedEvidence &evidence)
{
    const auto runs = evidence.probeRuns();
    // Each named check once, shared by the controls that cite it.
    std::map<std::string, CheckResult> data{{"tier-decisions", tierCheck(evidence)},
                                            {"audit-chains", auditChainCheck(evidence)},
                                            {"audit-checkpoints", checkpointCheck(evidence)},
                                            {"tenant-keys", tenantKeyCheck(evidence)}};
    for (const auto &layer : probeLayers())
        data.emplace("probe:" + layer, probeCheck(runs, layer));

    std::vector<ControlAssessment> out;
    for (const auto &spec : controlSpecs()) {
        ControlAssessment c{spec.id, spec.oscalId, spec.catalog, spec.title, spec.files, {}, {}};
        for (const auto &check : spec.checks)
            c.checks.push_back(data.at(check));
        c.status = combine(c.checks);
        out.push_back(std::move(c));
    }
    return out;
}

json controlsJson(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls)
{
    json list = json::array();
    json totals{{"satisfied", 0}, {"not-satisfied", 0}, {"not-assessed", 0}};
    for (const auto &c : controls) {
        json checks = json::array();
        json layers = json::array();
        for (const auto &check : c.checks) {
            checks.push_back({{"check", check.check}, {"status", toString(check.status)}, {"detail", check.detail}});
            if (check.check.starts_with("probe:"))
                layers.push_back(check.check.substr(6));
        }
        const std::string status(toString(c.status));
        totals[status] = totals[status].get<int>() + 1;
        list.push_back({{"id", c.id},
                        {"catalog", c.catalog},
                        {"title", c.title},
                        {"status", status},
                        {"evidence_files", c.files},
                        {"probe_layers", std::move(layers)},
                        {"checks", std::move(checks)}});
    }
    return {{"scope", evidence.scope().platform() ? "platform" : "tenant"},
            {"tenant", evidence.scope().tenant ? json(*evidence.scope().tenant) : json()},
            {"status_rule", "satisfied: every check has data and passes; not-satisfied: a check failed; "
                            "not-assessed: a check had no data (or its probe errored)"},
            {"totals", std::move(totals)},
            {"controls", std::move(list)}};
}

} // namespace bulkhead::evidence
