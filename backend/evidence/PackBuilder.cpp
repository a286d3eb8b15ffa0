#include "PackBuilder.h"

#include "ControlMapping.h"
#include "EvidenceDocuments.h"
#include "OscalBundle.h"
#include "PackArchive.h"
#include "PackFormat.h"
#include "PackSignature.h"
#include "ReportSummary.h"
#include "Rfc3339.h"
#include "ScopedEvidence.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <nlohmann/json.hpp>

namespace bulkhead::evidence {
namespace {

using nlohmann::json;

std::string jsonMember(const json &doc)
{
    // error_handler replace: free text from the database is never a reason to fail an export.
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string mediaTypeOf(const std::string &name)
{
    if (name.ends_with(".json"))
        return "application/json";
    if (name.ends_with(".csv"))
        return "text/csv";
    if (name.ends_with(".html"))
        return "text/html";
    return "application/pdf";
}

std::string manifestBytes(const EvidenceInput &input, const std::vector<ArchiveMember> &members)
{
    json files = json::array();
    for (const auto &m : members)
        files.push_back({{"name", m.name},
                         {"sha256", crypto::toHex(crypto::sha256(m.bytes))},
                         {"size", m.bytes.size()},
                         {"media_type", mediaTypeOf(m.name)}});
    const json manifest{{"format", kPackFormat},
                        {"generator", {{"name", "bulkhead"}, {"version", input.generatorVersion}}},
                        {"generated_at", input.generatedAt},
                        {"scope",
                         {{"kind", input.scope.platform() ? "platform" : "tenant"},
                          {"tenant", input.scope.tenant ? json(*input.scope.tenant) : json()},
                          {"since", input.scope.since ? json(*input.scope.since) : json()}}},
                        {"files", std::move(files)}};
    return jsonMember(manifest);
}

// The structural guarantees are in ScopedEvidence; this is the last look before signing.
void refuseForeignCanaries(const ScopedEvidence &evidence, const std::vector<ArchiveMember> &members)
{
    for (const auto &m : members)
        for (const auto &canary : evidence.foreignCanaries())
            if (m.bytes.find(canary) != std::string::npos)
                throw core::Error(core::ErrorCode::Internal,
                                  "evidence pack: " + m.name + " would carry another tenant's canary; not built");
}

} // namespace

BuiltPack buildPack(const EvidenceInput &input, const crypto::Ed25519Key &signingKey, const PackProgress &progress,
                    const RandomSource &random)
{
    const auto generated = parseRfc3339(input.generatedAt);
    if (!generated)
        throw core::Error(core::ErrorCode::InvalidArgument, "generated_at: not an RFC 3339 time", "generated_at");
    const ScopedEvidence evidence(input);
    const std::size_t total = std::size(kContentMembers) + 2;
    std::vector<ArchiveMember> members;
    const auto add = [&](std::string_view name, std::string bytes) {
        members.push_back({std::string(name), std::move(bytes)});
        if (progress)
            progress(members.size(), total);
    };

    add("inventory.json", jsonMember(inventoryJson(evidence)));
    add("classification-matrix.csv", classificationMatrixCsv(evidence));
    add("tier-decisions.json", jsonMember(tierDecisionsJson(evidence)));
    add("probe-results.json", jsonMember(probeResultsJson(evidence)));
    add("audit-verification.json", jsonMember(auditVerificationJson(evidence)));
    add("key-management.json", jsonMember(keyManagementJson(evidence)));
    const auto controls = assessControls(evidence);
    add("controls.json", jsonMember(controlsJson(evidence, controls)));
    std::vector<MemberDigest> digests;
    for (const auto &m : members)
        digests.push_back({m.name, mediaTypeOf(m.name), crypto::toHex(crypto::sha256(m.bytes))});
    auto oscal = oscalBundle(evidence, controls, digests, random);
    add(kOscalSspMember, jsonMember(oscal.systemSecurityPlan));
    add(kOscalApMember, jsonMember(oscal.assessmentPlan));
    add("oscal-assessment-results.json", jsonMember(oscal.assessmentResults));
    const auto summary = summarise(evidence, controls, signingKey.fingerprint());
    add("report.html", htmlReport(summary));
    add("report.pdf", pdfReport(summary));
    refuseForeignCanaries(evidence, members);

    BuiltPack pack;
    pack.manifest = manifestBytes(input, members);
    pack.fingerprint = signingKey.fingerprint();
    std::vector<ArchiveMember> archive{{std::string(kManifestName), pack.manifest},
                                       {std::string(kSignatureName), signatureDocument(pack.manifest, signingKey)}};
    for (auto &m : members)
        archive.push_back(std::move(m));
    pack.zip = writeZip(archive, *generated);
    if (progress)
        progress(total, total);
    return pack;
}

} // namespace bulkhead::evidence
