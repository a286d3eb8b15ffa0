#include "OscalBundle.h"

#include "EvidenceDocuments.h"
#include "Rfc3339.h"

#include "core/PolicyRules.h"

#include <map>
#include <set>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

// What each probe layer tests, for the plan's activities and the results' observations.
const std::map<std::string, std::string> &layerDescriptions()
{
    static const std::map<std::string, std::string> descriptions{
        {"prompt_direct", "The attacking tenant sends system-prompt extraction attacks through the production "
                          "pipeline; its answers must carry nothing of the victim's canary."},
        {"prompt_indirect", "An injection document in the attacker's own corpus, then a retrieval-augmented chat "
                            "that asks for it; the answer must carry nothing of the victim's."},
        {"egress_channels", "A hostile upstream is asked to put a protected marker of the victim into every "
                            "output channel (content, reasoning, refusal, tool calls, logprobs, extra choices, "
                            "unknown fields), streamed and whole; no channel may deliver it to the attacker."},
        {"kv_cache", "A paired prefix-cache test on the victim's upstream: the attacker's identical request "
                     "must miss the victim's cache (cached tokens and timing)."},
        {"retrieval_bleed", "The attacker queries with the victim's canary document text through the normal "
                            "retrieval path; none of the victim's chunks may come back."},
        {"retrieval_drill", "The same query with the proxy's tenant predicate removed: the tier's second "
                            "barrier (row-level security, tenant role and encryption, separate database) must "
                            "leave nothing of the victim's readable."},
        {"key_isolation", "A ciphertext sealed with the victim's data key must not open under the attacker's."},
        {"log_bleed", "The attacker's auditor token asks for the victim's logs and tenant routes with parameter "
                      "tampering; every answer must equal the one for a tenant that does not exist."},
        {"log_drill", "The attacker's audit transaction reads the victim's audit table without the tenant "
                      "predicate; the database's own barrier must hold."},
        {"admin_plane", "The attacker's admin token tries the victim's admin routes; every one is refused."},
    };
    return descriptions;
}

std::string layerDescription(const std::string &layer)
{
    const auto it = layerDescriptions().find(layer);
    return it == layerDescriptions().end() ? "Probe layer " + layer + "." : it->second;
}

// How Bulkhead implements each control of the SSP (the rules' rationale is added where they
// decide it).
struct Statement
{
    const char *controlId;  // OSCAL control id
    const char *text;
    bool withRules;         // the tier rules decide how strongly it is implemented
};

const std::vector<Statement> &statements()
{
    static const std::vector<Statement> list{
        {"sc-4",
         "Every LLM call, vector query and log read passes one choke point (bulkheadd) that binds it to one "
         "tenant: per-tenant system prompt and canary, per-tenant cache salt on every upstream call, the "
         "tenant predicate on every retrieval backed by row-level security (Tier 1), a schema, role and data "
         "key per tenant (Tier 2) or a dedicated database and upstream (Tier 3), and responses scanned on "
         "every channel for any other tenant's canary. Each tenant's tier is decided by the versioned rules "
         "below.",
         true},
        {"ac-4",
         "Information flows are enforced per request: the tenant comes from its API key, retrieval has no "
         "unscoped query path, only allow-listed request fields reach the upstream, injected instructions in "
         "prompts and retrieved text are scanned, and admin routes are refused to any role or tenant they do "
         "not belong to (the same answer as for a tenant that does not exist).",
         false},
        {"au-9",
         "Audit records are append-only (a trigger refuses UPDATE, DELETE and TRUNCATE for every role), stored "
         "where the tenant's tier says (shared tables under forced row-level security, the tenant's schema, or "
         "its own database), and a tenant auditor reads only its own log.",
         false},
        {"au-9.3",
         "Each tenant's log is an RFC 6962 Merkle tree with Ed25519-signed checkpoints; Tier 2 records are "
         "sealed with the tenant's AES-256-GCM audit key bound to tenant and sequence. Any change to a record, "
         "its order or the checkpoints is detected on verification.",
         false},
        {"au-10",
         "Signed checkpoints and signed evidence manifests (Ed25519, one platform key whose fingerprint "
         "auditors pin). Tenant auditors obtain inclusion proofs for their records and consistency proofs "
         "between checkpoints they kept, and verify them offline.",
         false},
        {"sc-12",
         "The master key lives in the OS keychain; each tenant's key-encryption key is wrapped by it and its "
         "data keys by that; keys rotate per tenant and purpose, and deleting a tenant's keys crypto-shreds "
         "all of its ciphertext.",
         false},
        {"sc-13",
         "OpenSSL provides every primitive: AES-256-GCM for data and audit records, Ed25519 for checkpoints "
         "and evidence, SHA-256 for the audit tree and digests, HMAC-SHA-256 for derived salts.",
         false},
        {"sc-28",
         "Tier 2 and Tier 3 document content and Tier 2 audit records are encrypted at rest with the "
         "tenant's data keys (AES-256-GCM envelopes); only hashes of prompts and responses are logged unless a "
         "tenant opts in, and then sealed with its key.",
         false},
        {"sc-7.21",
         "Tenants that need it are isolated in their own components: Tier 3 tenants get a dedicated upstream "
         "endpoint (no cross-tenant batching or cache) and their own database; Tier 2 tenants their own "
         "schema and database role. The rules below decide which tenants need which tier.",
         true},
    };
    return list;
}

std::string rulesText(const ScopedEvidence &evidence)
{
    const auto &builtin = core::RuleSet::builtin();
    std::string text = "Rule set " + evidence.decision().rulesetId + " version " + evidence.decision().rulesetVersion + ":";
    std::set<std::string> seen;
    const auto add = [&](const core::Rule &rule) {
        if (!seen.insert(rule.id).second)
            return;
        text += "\n- " + rule.id + " (v" + std::to_string(rule.version) + ", at least Tier " +
                std::to_string(core::tierNumber(rule.tier)) + "): " + rule.title + ". " + rule.rationale;
    };
    if (evidence.decision().rulesetId == builtin.id)
        for (const auto &rule : builtin.rules)
            add(rule);
    for (const auto *t : evidence.tenants())
        if (const auto *d = evidence.decisionFor(t->tenant.id))
            for (const auto &f : d->firings)
                if (f.rule)
                    add(*f.rule);
    return text;
}

// FIPS 199 confidentiality impact a classification implies: personal data moderate, the
// regulated kinds (health, controlled unclassified, financial account, privileged) high.
std::string impactOf(core::Classification c)
{
    return c == core::Classification::PII ? "fips-199-moderate" : "fips-199-high";
}

int impactRank(const std::string &impact)
{
    return impact == "fips-199-high" ? 3 : impact == "fips-199-moderate" ? 2 : 1;
}

json metadata(const std::string &title, const std::string &now)
{
    return {{"title", title}, {"last-modified", now}, {"version", now}, {"oscal-version", kOscalVersion}};
}

json componentSubject(const std::string &uuid)
{
    return {{"subject-uuid", uuid}, {"type", "component"}};
}

} // namespace

OscalBundle oscalBundle(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls,
                        const std::vector<MemberDigest> &members, const RandomSource &random)
{
    const auto uuid = [&] { return uuidV4(random); };
    const std::string &now = evidence.input().generatedAt;
    const bool platform = evidence.scope().platform();
    const std::string subject = platform ? std::string("the platform") : "tenant " + *evidence.scope().tenant;

    // The uuids the three documents share.
    const std::string systemUuid = uuid();
    const std::string bulkheaddUuid = uuid();
    std::map<std::string, std::string> tenantItems;  // tenant id -> inventory item uuid
    for (const auto *t : evidence.tenants())
        tenantItems[t->tenant.id] = uuid();
    std::map<std::string, std::string> activities;  // layer -> activity uuid
    for (const auto &layer : probeLayers())
        activities[layer] = uuid();

    // Which controls each probe layer evidences (controls.json's mapping).
    std::map<std::string, std::vector<std::string>> controlsOfLayer;
    for (const auto &c : controls)
        for (const auto &check : c.checks)
            if (check.check.starts_with("probe:"))
                controlsOfLayer[check.check.substr(6)].push_back(c.oscalId);

    // ---- System security plan.
    json informationTypes = json::array();
    std::string worst = "fips-199-low";
    std::set<core::Classification> classifications;
    for (const auto *t : evidence.tenants())
        classifications.insert(t->tenant.classifications.begin(), t->tenant.classifications.end());
    for (const auto c : classifications) {
        const std::string impact = impactOf(c);
        if (impactRank(impact) > impactRank(worst))
            worst = impact;
        const std::string name(core::toString(c));
        informationTypes.push_back({{"uuid", uuid()},
                                    {"title", "Tenant data classified " + name},
                                    {"description", "Prompts, documents and responses of tenants holding " + name +
                                                        " data, isolated per tenant by tier."},
                                    {"confidentiality-impact", {{"base", impact}}},
                                    {"integrity-impact", {{"base", impact}}},
                                    {"availability-impact", {{"base", "fips-199-low"}}}});
    }
    if (informationTypes.empty())
        informationTypes.push_back({{"uuid", uuid()},
                                    {"title", "Tenant prompts and documents"},
                                    {"description", "No tenant in scope declares a classification."},
                                    {"confidentiality-impact", {{"base", "fips-199-low"}}},
                                    {"integrity-impact", {{"base", "fips-199-low"}}},
                                    {"availability-impact", {{"base", "fips-199-low"}}}});

    json inventory = json::array();
    for (const auto *t : evidence.tenants()) {
        const auto &tenant = t->tenant;
        json props = json::array({oscalProp("tenant-id", tenant.id),
                                  oscalProp("relationship", std::string(core::toString(tenant.relationship))),
                                  oscalProp("threat", std::string(core::toString(tenant.threat)))});
        for (const auto c : tenant.classifications)
            props.push_back(oscalProp("classification", std::string(core::toString(c))));
        for (const auto r : tenant.regimes)
            props.push_back(oscalProp("regime", std::string(core::toString(r))));
        if (tenant.chosenTier)
            props.push_back(oscalProp("chosen-tier", std::to_string(core::tierNumber(*tenant.chosenTier))));
        if (const auto *d = evidence.decisionFor(tenant.id)) {
            props.push_back(oscalProp("minimum-tier", std::to_string(core::tierNumber(d->minimumTier))));
            props.push_back(oscalProp("tier-violation", d->violation() ? "yes" : "no"));
        }
        inventory.push_back({{"uuid", tenantItems.at(tenant.id)},
                             {"description", oscalLine("Tenant " + tenant.id +
                                                       (tenant.name.empty() ? std::string() : " (" + tenant.name + ")") +
                                                       ": its prompts, documents, keys and audit log.")},
                             {"props", std::move(props)},
                             {"implemented-components", json::array({{{"component-uuid", bulkheaddUuid}}})}});
    }

    const std::string rules = rulesText(evidence);
    json implemented = json::array();
    for (const auto &s : statements()) {
        std::string text = s.text;
        if (s.withRules)
            text += "\n\n" + rules;
        json requirement{{"uuid", uuid()},
                         {"control-id", s.controlId},
                         {"by-components", json::array({{{"component-uuid", bulkheaddUuid},
                                                         {"uuid", uuid()},
                                                         {"description", text},
                                                         {"implementation-status", {{"state", "implemented"}}}}})}};
        for (const auto &c : controls)
            if (c.oscalId == s.controlId)
                requirement["props"] = json::array({oscalProp("assessed-status", std::string(toString(c.status)))});
        implemented.push_back(std::move(requirement));
    }

    const std::string profileResource = uuid();
    json systemImplementation{
        {"users", json::array({{{"uuid", uuid()}, {"title", "Platform administrator"}, {"role-ids", json::array({"platform-admin"})}},
                               {{"uuid", uuid()}, {"title", "Tenant auditor"}, {"role-ids", json::array({"tenant-auditor"})}}})},
        {"components",
         json::array({{{"uuid", systemUuid},
                       {"type", "this-system"},
                       {"title", "Bulkhead multi-tenant LLM platform"},
                       {"description", "The shared LLM infrastructure: upstream models, vector store, audit store and keys, "
                                       "behind the isolation gateway."},
                       {"status", {{"state", "operational"}}}},
                      {{"uuid", bulkheaddUuid},
                       {"type", "software"},
                       {"title", "bulkheadd"},
                       {"description", "The policy and proxy daemon: the one choke point every tenant request, vector "
                                       "query and log read passes, and its probe engine."},
                       {"props", json::array({oscalProp("version", evidence.input().generatorVersion)})},
                       {"status", {{"state", "operational"}}}}})}};
    if (!inventory.empty())
        systemImplementation["inventory-items"] = std::move(inventory);
    json characteristicsProps = json::array({oscalProp("platform-tenant-count", std::to_string(evidence.platformTenantCount()))});
    if (const auto tier = evidence.decision().platformAssuranceTier)
        characteristicsProps.push_back(oscalProp("platform-assurance-tier", std::to_string(core::tierNumber(*tier))));
    json ssp{{"system-security-plan",
              {{"uuid", uuid()},
               {"metadata",
                [&] {
                    auto m = metadata("Bulkhead system security plan: " + subject, now);
                    m["roles"] = json::array({{{"id", "platform-admin"}, {"title", "Platform administrator"}},
                                              {{"id", "tenant-auditor"}, {"title", "Tenant auditor"}}});
                    return m;
                }()},
               {"import-profile", {{"href", "#" + profileResource}}},
               {"system-characteristics",
                {{"system-ids", json::array({{{"identifier-type", "https://ietf.org/rfc/rfc4122"}, {"id", systemUuid}}})},
                 {"system-name", "Bulkhead"},
                 {"description", "A multi-tenant LLM isolation gateway: " + subject + " as this evidence pack sees it."},
                 {"props", std::move(characteristicsProps)},
                 {"security-sensitivity-level", worst},
                 {"system-information", {{"information-types", std::move(informationTypes)}}},
                 {"security-impact-level",
                  {{"security-objective-confidentiality", worst},
                   {"security-objective-integrity", worst},
                   {"security-objective-availability", "fips-199-low"}}},
                 {"status", {{"state", "operational"}}},
                 {"authorization-boundary",
                  {{"description", "bulkheadd, its PostgreSQL control plane and audit store, the tenant databases "
                                   "of Tier 3, the key store, and the upstream endpoints it routes to."}}}}},
               {"system-implementation", std::move(systemImplementation)},
               {"control-implementation",
                {{"description", "How Bulkhead implements the isolation controls; each statement's assessed status "
                                 "comes from this pack's controls.json."},
                 {"implemented-requirements", std::move(implemented)}}},
               {"back-matter",
                {{"resources",
                  json::array({{{"uuid", profileResource},
                                {"title", "NIST SP 800-53 Rev. 5 controls"},
                                {"rlinks", json::array({{{"href", "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final"}}})}}})}}}}}};

    // ---- Assessment plan.
    json activityList = json::array();
    json associated = json::array();
    json allControls = json::array();
    for (const auto &c : controls)
        allControls.push_back({{"control-id", c.oscalId}});
    json subjects = json::array({componentSubject(bulkheaddUuid)});
    json tenantSubjects = json::array();
    for (const auto &[id, item] : tenantItems)
        tenantSubjects.push_back({{"subject-uuid", item}, {"type", "inventory-item"}});
    for (const auto &layer : probeLayers()) {
        json activity{{"uuid", activities.at(layer)},
                      {"title", "Probe layer " + layer},
                      {"description", layerDescription(layer)},
                      {"props", json::array({oscalProp("probe-layer", layer)})}};
        if (const auto it = controlsOfLayer.find(layer); it != controlsOfLayer.end()) {
            json include = json::array();
            for (const auto &id : it->second)
                include.push_back({{"control-id", id}});
            activity["related-controls"] = {{"control-selections", json::array({{{"include-controls", include}}})}};
        }
        activityList.push_back(std::move(activity));
        associated.push_back({{"activity-uuid", activities.at(layer)},
                              {"subjects", json::array({{{"type", "component"},
                                                         {"include-subjects", subjects}}})}});
    }
    json timing;
    if (evidence.input().probeScheduleSeconds > 0)
        timing = {{"at-frequency", {{"period", evidence.input().probeScheduleSeconds}, {"unit", "seconds"}}}};
    else {
        std::string start = evidence.scope().since ? *evidence.scope().since : now;
        for (const auto &run : evidence.probeRuns())
            if (parseRfc3339(run.startedAt) && run.startedAt < start)
                start = run.startedAt;
        timing = {{"within-date-range", {{"start", start}, {"end", now}}}};
    }
    json assessmentSubjects = json::array({{{"type", "component"}, {"include-subjects", subjects}}});
    if (!tenantSubjects.empty())
        assessmentSubjects.push_back({{"type", "inventory-item"}, {"include-subjects", tenantSubjects}});
    const std::string probeEngine = uuid();
    json ap{{"assessment-plan",
             {{"uuid", uuid()},
              {"metadata", metadata("Bulkhead assessment plan: " + subject, now)},
              {"import-ssp", {{"href", kOscalSspMember}}},
              {"local-definitions", {{"activities", std::move(activityList)}}},
              {"reviewed-controls", {{"control-selections", json::array({{{"include-controls", allControls}}})}}},
              {"assessment-subjects", std::move(assessmentSubjects)},
              {"assessment-assets",
               {{"components", json::array({{{"uuid", probeEngine},
                                             {"type", "software"},
                                             {"title", "Bulkhead probe engine"},
                                             {"description", "Drives every ordered pair of tenants through the production "
                                                             "request pipeline, layer by layer."},
                                             {"status", {{"state", "operational"}}}}})},
                {"assessment-platforms", json::array({{{"uuid", uuid()},
                                                       {"title", "bulkheadd probe runner"},
                                                       {"uses-components", json::array({{{"component-uuid", probeEngine}}})}}})}}},
              {"tasks", json::array({{{"uuid", uuid()},
                                      {"type", "action"},
                                      {"title", "Cross-tenant probe run"},
                                      {"description", std::string("Every ordered pair of tenants (victim, attacker) ") +
                                                          (platform ? "" : "involving this tenant ") +
                                                          "is probed on every layer; audit logs are re-verified "
                                                          "against their signed checkpoints when a pack is made."},
                                      {"timing", timing},
                                      {"associated-activities", std::move(associated)}}})}}}};

    // ---- Assessment results: the control view, pointed at the plan, with the probe layers and
    // every violation as observations and findings.
    json ar = oscalAssessmentResults(evidence, controls, members, random);
    auto &doc = ar["assessment-results"];
    doc["import-ap"] = {{"href", kOscalApMember}};
    auto &result = doc["results"][0];
    const json origins = result["observations"][0]["origins"];
    auto &observations = result["observations"];
    json findings = result.contains("findings") ? result["findings"] : json::array();
    const auto runs = evidence.probeRuns();
    for (const auto &layer : probeLayers()) {
        const auto outcome = latestOutcome(runs, layer);
        if (!outcome.probed())
            continue;
        const std::string observationUuid = uuid();
        const bool failed = outcome.fail > 0 || outcome.error > 0;
        const std::string collected = parseRfc3339(outcome.startedAt) ? outcome.startedAt : now;
        json layerSubjects = json::array({componentSubject(bulkheaddUuid)});
        for (const auto &s : tenantSubjects)
            layerSubjects.push_back(s);
        observations.push_back(
            {{"uuid", observationUuid},
             {"title", "Probe layer " + layer + (failed ? ": failed" : ": passed")},
             {"description", layerDescription(layer) + "\n\nRun " + outcome.runId + ": " + std::to_string(outcome.pass) +
                                 " pairs passed, " + std::to_string(outcome.fail) + " failed, " +
                                 std::to_string(outcome.error) + " errors."},
             {"props", json::array({oscalProp("probe-layer", layer), oscalProp("probe-run", outcome.runId),
                                    oscalProp("passed", std::to_string(outcome.pass)),
                                    oscalProp("failed", std::to_string(outcome.fail)),
                                    oscalProp("errors", std::to_string(outcome.error))})},
             {"methods", json::array({"TEST"})},
             {"types", json::array({"control-objective"})},
             {"origins", origins},
             {"subjects", std::move(layerSubjects)},
             {"relevant-evidence", json::array({{{"href", "probe-results.json"},
                                                 {"description", "The run's pairs for this layer."}}})},
             {"collected", collected}});
        if (!failed)
            continue;
        const auto mapped = controlsOfLayer.find(layer);
        const std::string control = mapped != controlsOfLayer.end() ? mapped->second.front() : "sc-4";
        findings.push_back({{"uuid", uuid()},
                            {"title", "Probe layer " + layer + " failed"},
                            {"description", "Run " + outcome.runId + ": " + std::to_string(outcome.fail) +
                                                " pairs failed and " + std::to_string(outcome.error) +
                                                " ended in an error on layer " + layer + "."},
                            {"origins", origins},
                            {"target", {{"type", "objective-id"},
                                        {"target-id", control},
                                        {"status", {{"state", "not-satisfied"}, {"reason", "fail"}}}}},
                            {"related-observations", json::array({{{"observation-uuid", observationUuid}}})}});
    }
    for (const auto *t : evidence.tenants()) {
        const auto *d = evidence.decisionFor(t->tenant.id);
        if (!d || !d->violation())
            continue;
        std::string why;
        for (const auto *f : d->violatedBy())
            if (f->rule)
                why += "\n- " + f->rule->id + ": " + f->rule->title;
        const std::string observationUuid = uuid();
        observations.push_back(
            {{"uuid", observationUuid},
             {"title", "Tenant " + t->tenant.id + " runs below its minimum tier"},
             {"description", "Chosen Tier " + std::to_string(core::tierNumber(*d->chosenTier)) + ", minimum Tier " +
                                 std::to_string(core::tierNumber(d->minimumTier)) + ", raised by:" + why},
             {"methods", json::array({"EXAMINE"})},
             {"types", json::array({"finding"})},
             {"origins", origins},
             {"subjects", json::array({{{"subject-uuid", tenantItems.at(t->tenant.id)}, {"type", "inventory-item"}}})},
             {"relevant-evidence", json::array({{{"href", "tier-decisions.json"},
                                                 {"description", "The rules that fired for this tenant."}}})},
             {"collected", now}});
        findings.push_back({{"uuid", uuid()},
                            {"title", "Tier violation: " + t->tenant.id},
                            {"description", "Tenant " + t->tenant.id + " is deployed below the tier its isolation "
                                            "requirement sets; SC-4 cannot be claimed for it."},
                            {"origins", origins},
                            {"target", {{"type", "objective-id"},
                                        {"target-id", "sc-4"},
                                        {"status", {{"state", "not-satisfied"}, {"reason", "fail"}}}}},
                            {"related-observations", json::array({{{"observation-uuid", observationUuid}}})}});
    }
    if (!findings.empty())
        result["findings"] = std::move(findings);
    return {std::move(ssp), std::move(ap), std::move(ar)};
}

} // namespace bulkhead::evidence
