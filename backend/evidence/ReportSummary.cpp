#include "ReportSummary.h"

#include "EvidenceDocuments.h"

namespace bulkhead::evidence {

ReportSummary summarise(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls,
                        const std::string &signingFingerprint)
{
    ReportSummary s;
    const bool platform = evidence.scope().platform();
    s.subject = platform ? std::string("the platform") : "tenant " + *evidence.scope().tenant;
    s.title = "Bulkhead evidence pack: " + s.subject;
    s.generatedAt = evidence.input().generatedAt;
    s.since = evidence.scope().since.value_or("");
    s.signingFingerprint = signingFingerprint;
    if (const auto tier = evidence.decision().platformAssuranceTier)
        s.platformAssuranceTier = core::tierNumber(*tier);
    s.platformTenantCount = evidence.platformTenantCount();
    s.controls = controls;
    for (const auto &c : controls) {
        s.satisfied += c.status == ControlStatus::Satisfied;
        s.notSatisfied += c.status == ControlStatus::NotSatisfied;
        s.notAssessed += c.status == ControlStatus::NotAssessed;
    }
    const auto runs = evidence.probeRuns();
    for (const auto &layer : probeLayers()) {
        const auto o = latestOutcome(runs, layer);
        s.layers.push_back({layer, o.runId, o.pass, o.fail, o.error});
    }
    for (const auto *t : evidence.tenants()) {
        ReportSummary::TenantRow row{t->tenant.id, t->tenant.name};
        if (t->tenant.chosenTier)
            row.chosenTier = core::tierNumber(*t->tenant.chosenTier);
        if (const auto *d = evidence.decisionFor(t->tenant.id)) {
            row.minimumTier = core::tierNumber(d->minimumTier);
            row.violation = d->violation();
        }
        s.tenants.push_back(std::move(row));
    }
    for (const auto &a : evidence.audit())
        s.audit.push_back({a.tenantId, a.ok && a.error.empty(), a.records, a.checkpoints,
                           a.error.empty() ? a.problem : "unreadable"});
    s.keyRecords = evidence.keys().size();
    return s;
}

} // namespace bulkhead::evidence
