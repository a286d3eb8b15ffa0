#include "EvidenceDocuments.h"

#include "Rfc3339.h"

#include "core/TenantJson.h"
#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"

#include <sstream>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

json scopeJson(const PackScope &scope)
{
    return {{"kind", scope.platform() ? "platform" : "tenant"},
            {"tenant", scope.tenant ? json(*scope.tenant) : json()},
            {"since", scope.since ? json(*scope.since) : json()}};
}

json tierOrNull(const std::optional<core::Tier> &tier)
{
    return tier ? json(core::tierNumber(*tier)) : json();
}

std::string csvCell(std::string text)
{
    // A cell starting like a formula runs in a spreadsheet (CSV injection): make it text.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r'))
        text.insert(text.begin(), '\'');
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string keyDate(std::int64_t unixSeconds)
{
    return formatRfc3339(unixSeconds);
}

} // namespace

const std::vector<std::string> &probeLayers()
{
    static const std::vector<std::string> layers{
        "prompt_direct", "prompt_indirect", "egress_channels", "kv_cache",  "retrieval_bleed",
        "retrieval_drill", "key_isolation", "log_bleed",       "log_drill", "admin_plane"};
    return layers;
}

json inventoryJson(const ScopedEvidence &evidence)
{
    json tenants = json::array();
    for (const auto *t : evidence.tenants()) {
        json entry = core::tenantToJson(t->tenant);
        entry.erase("version");  // a concurrency token, not evidence
        tenants.push_back(std::move(entry));
    }
    return {{"scope", scopeJson(evidence.scope())},
            {"generated_at", evidence.input().generatedAt},
            {"platform_tenant_count", evidence.platformTenantCount()},
            {"tenants", std::move(tenants)}};
}

std::string classificationMatrixCsv(const ScopedEvidence &evidence)
{
    std::ostringstream out;
    out << "tenant,name";
    for (const auto c : core::allowedClassifications())
        out << ',' << c;
    out << ",relationship,threat,regimes,chosen_tier,minimum_tier,violation\r\n";
    for (const auto *facts : evidence.tenants()) {
        const auto &t = facts->tenant;
        out << csvCell(t.id) << ',' << csvCell(t.name);
        for (const auto c : core::allowedClassifications())
            out << ',' << (t.classifications.contains(*core::parseClassification(c)) ? "x" : "");
        std::string regimes;
        for (const auto r : t.regimes)
            regimes += (regimes.empty() ? "" : ";") + std::string(core::toString(r));
        const auto *decision = evidence.decisionFor(t.id);
        out << ',' << core::toString(t.relationship) << ',' << core::toString(t.threat) << ','
            << csvCell(regimes) << ',' << (t.chosenTier ? std::to_string(core::tierNumber(*t.chosenTier)) : "")
            << ',' << (decision ? std::to_string(core::tierNumber(decision->minimumTier)) : "") << ','
            << (decision && decision->violation() ? "yes" : "no") << "\r\n";
    }
    return out.str();
}

json tierDecisionsJson(const ScopedEvidence &evidence)
{
    const auto &decision = evidence.decision();
    json tenants = json::array();
    std::size_t violations = 0;
    for (const auto *facts : evidence.tenants()) {
        const auto *d = evidence.decisionFor(facts->tenant.id);
        if (!d)
            continue;
        json rules = json::array();
        for (const auto &firing : d->firings) {
            json rule{{"id", firing.rule->id},
                      {"version", firing.rule->version},
                      {"tier", core::tierNumber(firing.rule->tier)},
                      {"title", firing.rule->title},
                      {"rationale", firing.rule->rationale}};
            std::size_t peers = 0;
            bool self = false;
            json by = json::array();
            for (const auto &id : firing.triggeredBy) {
                if (id == d->tenantId)
                    self = true;
                else
                    ++peers;
                by.push_back(id);
            }
            rule["triggered_by_self"] = self;
            rule["triggered_by_peers"] = peers;
            if (evidence.scope().platform())
                rule["triggered_by"] = std::move(by);
            rules.push_back(std::move(rule));
        }
        json violated = json::array();
        for (const auto *f : d->violatedBy())
            violated.push_back(f->rule->id);
        violations += d->violation() ? 1 : 0;
        tenants.push_back({{"id", d->tenantId},
                           {"chosen_tier", tierOrNull(d->chosenTier)},
                           {"minimum_tier", core::tierNumber(d->minimumTier)},
                           {"violation", d->violation()},
                           {"violated_rules", std::move(violated)},
                           {"rules", std::move(rules)}});
    }
    return {{"scope", scopeJson(evidence.scope())},
            {"ruleset", {{"id", decision.rulesetId}, {"version", decision.rulesetVersion}}},
            {"platform_assurance_tier", tierOrNull(decision.platformAssuranceTier)},
            {"platform_assurance_note", "rule 5: the platform can claim no more than the lowest tier deployed"},
            {"violations", violations},
            {"tenants", std::move(tenants)}};
}

LayerOutcome latestOutcome(const std::vector<ProbeRunFacts> &runs, const std::string &layer)
{
    for (const auto &run : runs) {
        LayerOutcome outcome{run.id, run.startedAt};
        for (const auto &r : run.results) {
            if (r.layer != layer)
                continue;
            if (r.outcome == "pass")
                ++outcome.pass;
            else if (r.outcome == "fail")
                ++outcome.fail;
            else
                ++outcome.error;
        }
        if (outcome.probed())
            return outcome;
    }
    return {};
}

json probeResultsJson(const ScopedEvidence &evidence)
{
    const auto runs = evidence.probeRuns();
    json runList = json::array();
    for (const auto &run : runs) {
        json results = json::array();
        json summary{{"pass", 0}, {"fail", 0}, {"error", 0}};
        for (const auto &r : run.results) {
            results.push_back({{"layer", r.layer},
                               {"victim", r.victim},
                               {"attacker", r.attacker},
                               {"outcome", r.outcome},
                               {"detail", r.detail}});
            if (summary.contains(r.outcome))
                summary[r.outcome] = summary[r.outcome].get<int>() + 1;
        }
        runList.push_back({{"id", run.id},
                           {"started_at", run.startedAt},
                           {"finished_at", run.finishedAt.empty() ? json() : json(run.finishedAt)},
                           {"status", run.status},
                           {"summary", std::move(summary)},
                           {"results", std::move(results)}});
    }
    json latest = json::object();
    for (const auto &layer : probeLayers()) {
        const auto o = latestOutcome(runs, layer);
        latest[layer] = o.probed() ? json{{"run", o.runId}, {"started_at", o.startedAt}, {"pass", o.pass},
                                          {"fail", o.fail}, {"error", o.error}}
                                   : json();
    }
    return {{"scope", scopeJson(evidence.scope())},
            {"window", {{"since", evidence.scope().since ? json(*evidence.scope().since) : json()},
                        {"until", evidence.input().generatedAt}}},
            {"pairs", evidence.scope().platform() ? "every ordered pair (victim, attacker)"
                                                  : "pairs involving this tenant; the other side as peer-N"},
            {"latest_by_layer", std::move(latest)},
            {"runs", std::move(runList)}};
}

json auditVerificationJson(const ScopedEvidence &evidence)
{
    const auto text = [&](const std::string &value) {
        return evidence.mentionsForeignTenant(value) ? std::string("[withheld]") : value;
    };
    json tenants = json::array();
    for (const auto &a : evidence.audit()) {
        json entry{{"tenant", a.tenantId},
                   {"verified", a.ok && a.error.empty()},
                   {"problem", a.error.empty() ? a.problem : "unreadable"},
                   {"first_bad_sequence", a.sequence ? json(*a.sequence) : json()},
                   {"records", a.records},
                   {"checkpoints_verified", a.checkpoints},
                   {"no_gaps", a.ok && a.error.empty()},
                   {"head", a.ok ? json{{"tree_size", a.records}, {"root", a.rootHex}} : json()},
                   {"checkpoint", a.newestCheckpoint.is_object() ? a.newestCheckpoint : json()}};
        if (!a.detail.empty())
            entry["detail"] = text(a.detail);
        if (!a.error.empty())
            entry["error"] = text(a.error);
        tenants.push_back(std::move(entry));
    }
    json out{{"scope", scopeJson(evidence.scope())},
             {"method", "RFC 6962 Merkle tree per tenant, every leaf recomputed from the stored record; "
                        "Ed25519-signed checkpoints checked against the roots"},
             {"public_key", evidence.input().auditPublicKeyHex},
             {"tenants", std::move(tenants)}};
    if (!evidence.input().auditPublicKeyHex.empty()) {
        try {
            out["public_key_fingerprint"] =
                crypto::ed25519Fingerprint(crypto::fromHex(evidence.input().auditPublicKeyHex));
        } catch (const std::exception &) {
            out["public_key_fingerprint"] = nullptr;
        }
    }
    return out;
}

json keyManagementJson(const ScopedEvidence &evidence)
{
    json keys = json::array();
    for (const auto &k : evidence.keys()) {
        json entry{{"tenant", k.tenantId},
                   {"kind", k.kind},
                   {"key_id", k.keyId},
                   {"version", k.version},
                   {"created_at", keyDate(k.createdAt)},
                   {"rotated_at", k.rotatedAt > 0 ? json(keyDate(k.rotatedAt)) : json()},
                   {"active", k.active}};
        if (!k.purpose.empty())
            entry["purpose"] = k.purpose;
        keys.push_back(std::move(entry));
    }
    return {{"scope", scopeJson(evidence.scope())},
            {"hierarchy", "master key (OS keychain or 0600 file) -> tenant key-encryption key (versioned) -> "
                          "data keys per purpose; every key stored only wrapped"},
            {"material", "none: ids, versions and dates only"},
            {"keys", std::move(keys)}};
}

} // namespace bulkhead::evidence
