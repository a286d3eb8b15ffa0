#include "OscalResults.h"

#include "Rfc3339.h"

#include "crypto/SecureBytes.h"

#include <algorithm>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

// OSCAL strings may not be empty, start or end with white space, or span lines.
std::string oneLine(std::string text)
{
    for (char &c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos)
        return "-";
    const auto last = text.find_last_not_of(' ');
    return text.substr(first, last - first + 1);
}

// `tenant`: in a platform pack, which tenant a property describes, as the property's class
// (OSCAL 1.0's way to characterise a property; `group` only arrived in 1.1).
json prop(const std::string &name, const std::string &value, const std::string &tenant = {})
{
    json p{{"name", name}, {"ns", kOscalNamespace}, {"value", oneLine(value)}};
    if (!tenant.empty())
        p["class"] = tenant;
    return p;
}

void tenantProps(const ScopedEvidence &evidence, const TenantFacts &facts, json &props)
{
    const auto &t = facts.tenant;
    // A platform pack holds several tenants: their props are told apart by group.
    const std::string group = evidence.scope().platform() ? t.id : std::string();
    props.push_back(prop("tenant-id", t.id, group));
    if (!t.name.empty())
        props.push_back(prop("tenant-name", t.name, group));
    props.push_back(prop("relationship", std::string(core::toString(t.relationship)), group));
    props.push_back(prop("threat", std::string(core::toString(t.threat)), group));
    for (const auto c : t.classifications)
        props.push_back(prop("classification", std::string(core::toString(c)), group));
    for (const auto r : t.regimes)
        props.push_back(prop("regime", std::string(core::toString(r)), group));
    if (t.chosenTier)
        props.push_back(prop("chosen-tier", std::to_string(core::tierNumber(*t.chosenTier)), group));
    if (const auto *d = evidence.decisionFor(t.id)) {
        props.push_back(prop("minimum-tier", std::to_string(core::tierNumber(d->minimumTier)), group));
        props.push_back(prop("tier-violation", d->violation() ? "yes" : "no", group));
    }
}

std::string resultStart(const ScopedEvidence &evidence)
{
    if (evidence.scope().since)
        if (const auto t = parseRfc3339(*evidence.scope().since))
            return formatRfc3339(*t);
    std::string earliest = evidence.input().generatedAt;
    for (const auto &run : evidence.probeRuns())
        if (parseRfc3339(run.startedAt) && run.startedAt < earliest)
            earliest = run.startedAt;
    return earliest;
}

std::string checksText(const ControlAssessment &control)
{
    std::string text;
    for (const auto &c : control.checks)
        text += "- " + c.check + ": " + std::string(toString(c.status)) + " (" + c.detail + ")\n";
    return text;
}

} // namespace

json oscalProp(const std::string &name, const std::string &value, const std::string &cls)
{
    return prop(name, value, cls);
}

std::string oscalLine(std::string text)
{
    return oneLine(std::move(text));
}

std::string uuidV4(const RandomSource &random)
{
    std::vector<std::uint8_t> b;
    if (random) {
        b = random(16);
    } else {
        const auto bytes = crypto::randomBytes(16);
        b.assign(bytes.view().begin(), bytes.view().end());
    }
    b.resize(16);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC variant
    const std::string hex = crypto::toHex(b);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

json oscalAssessmentResults(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls,
                            const std::vector<MemberDigest> &members, const RandomSource &random)
{
    const auto uuid = [&] { return uuidV4(random); };
    const std::string &now = evidence.input().generatedAt;
    const bool platform = evidence.scope().platform();
    const std::string subject = platform ? std::string("the platform") : "tenant " + *evidence.scope().tenant;

    const std::string componentUuid = uuid();
    const std::string planUuid = uuid();
    json origins = json::array({{{"actors", json::array({{{"type", "tool"}, {"actor-uuid", componentUuid}}})}}});

    json docProps = json::array({prop("scope", platform ? "platform" : "tenant"),
                                 prop("generator-version", evidence.input().generatorVersion)});
    if (!platform)
        docProps.push_back(prop("tenant-id", *evidence.scope().tenant));

    json resultProps = json::array();
    for (const auto *t : evidence.tenants())
        tenantProps(evidence, *t, resultProps);
    if (const auto tier = evidence.decision().platformAssuranceTier)
        resultProps.push_back(prop("platform-assurance-tier", std::to_string(core::tierNumber(*tier))));
    resultProps.push_back(prop("platform-tenant-count", std::to_string(evidence.platformTenantCount())));

    json includeControls = json::array();
    json observations = json::array();
    json findings = json::array();
    for (const auto &c : controls) {
        includeControls.push_back({{"control-id", c.oscalId}});
        const std::string observationUuid = uuid();
        json evidenceLinks = json::array();
        for (const auto &file : c.files)
            evidenceLinks.push_back({{"href", file}, {"description", "Pack member " + file + " (its SHA-256 is in manifest.json)."}});
        observations.push_back({{"uuid", observationUuid},
                                {"title", c.id + " " + c.title},
                                {"description", "Checks behind " + c.id + " (" + c.catalog + ") for " + subject + ":\n\n" +
                                                    checksText(c)},
                                {"props", json::array({prop("control", c.id), prop("catalog", c.catalog),
                                                       prop("status", std::string(toString(c.status)))})},
                                {"methods", json::array({"TEST"})},
                                {"types", json::array({"control-objective"})},
                                {"origins", origins},
                                {"relevant-evidence", std::move(evidenceLinks)},
                                {"collected", now}});
        if (c.status == ControlStatus::NotAssessed)
            continue;  // OSCAL findings are satisfied or not-satisfied; the observation says why
        const bool satisfied = c.status == ControlStatus::Satisfied;
        findings.push_back({{"uuid", uuid()},
                            {"title", c.id + " " + c.title + ": " + std::string(toString(c.status))},
                            {"description", std::string(satisfied ? "Every check behind " : "A check behind ") + c.id +
                                                (satisfied ? " passed" : " failed") + " for " + subject + "."},
                            {"origins", origins},
                            {"target",
                             {{"type", "objective-id"},
                              {"target-id", c.oscalId},
                              {"status", {{"state", satisfied ? "satisfied" : "not-satisfied"},
                                          {"reason", satisfied ? "pass" : "fail"}}}}},
                            {"related-observations", json::array({{{"observation-uuid", observationUuid}}})}});
    }

    json result{{"uuid", uuid()},
                {"title", "Tenant isolation assessment of " + subject},
                {"description", "Continuous cross-tenant probes, policy tier decisions, audit log verification and "
                                "key records collected by Bulkhead for " + subject + "."},
                {"start", resultStart(evidence)},
                {"end", now},
                {"props", std::move(resultProps)},
                {"local-definitions",
                 {{"assessment-assets",
                   {{"components", json::array({{{"uuid", componentUuid},
                                                 {"type", "software"},
                                                 {"title", "bulkheadd"},
                                                 {"description", "The Bulkhead policy and proxy daemon and its probe engine."},
                                                 {"status", {{"state", "operational"}}}}})},
                    {"assessment-platforms",
                     json::array({{{"uuid", uuid()},
                                   {"title", "Bulkhead probe engine"},
                                   {"uses-components", json::array({{{"component-uuid", componentUuid}}})}}})}}}}},
                {"reviewed-controls",
                 {{"control-selections", json::array({{{"include-controls", std::move(includeControls)}}})}}},
                {"observations", std::move(observations)}};
    if (!findings.empty())
        result["findings"] = std::move(findings);

    json resources = json::array({{{"uuid", planUuid},
                                   {"title", "Bulkhead assessment method"},
                                   {"description", "Every ordered pair of tenants is probed layer by layer (prompt, "
                                                   "KV cache, retrieval, keys, logs, admin plane); tiers are decided by "
                                                   "the versioned rule set; audit logs are re-verified against their "
                                                   "signed checkpoints when the pack is made."}}});
    for (const auto &m : members)
        resources.push_back({{"uuid", uuid()},
                             {"title", m.name},
                             {"rlinks", json::array({{{"href", m.name},
                                                      {"media-type", m.mediaType},
                                                      {"hashes", json::array({{{"algorithm", "SHA-256"},
                                                                              {"value", m.sha256Hex}}})}}})}});

    return {{"assessment-results",
             {{"uuid", uuid()},
              {"metadata",
               {{"title", "Bulkhead evidence pack: " + subject},
                {"published", now},
                {"last-modified", now},
                {"version", now},
                {"oscal-version", kOscalVersion},
                {"props", std::move(docProps)}}},
              {"import-ap", {{"href", "#" + planUuid}}},
              {"results", json::array({std::move(result)})},
              {"back-matter", {{"resources", std::move(resources)}}}}}};
}

} // namespace bulkhead::evidence
