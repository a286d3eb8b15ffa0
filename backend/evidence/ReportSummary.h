#pragma once

#include "ControlMapping.h"
#include "ScopedEvidence.h"

#include <string>
#include <vector>

namespace bulkhead::evidence {

// What the human-readable reports (HTML and PDF) show, taken from the same scoped evidence and
// control assessments as the JSON files, so the three never disagree.
struct ReportSummary
{
    struct Layer
    {
        std::string name;
        std::string runId;
        std::size_t pass = 0, fail = 0, error = 0;
    };
    struct TenantRow
    {
        std::string id, name;
        int chosenTier = 0;  // 0: none chosen
        int minimumTier = 0;
        bool violation = false;
    };
    struct AuditRow
    {
        std::string tenant;
        bool verified = false;
        std::uint64_t records = 0, checkpoints = 0;
        std::string problem;
    };

    std::string title;
    std::string subject;  // "the platform" or "tenant <id>"
    std::string generatedAt;
    std::string since;    // empty: all history
    std::string signingFingerprint;
    int platformAssuranceTier = 0;
    std::size_t platformTenantCount = 0;
    std::vector<ControlAssessment> controls;
    std::vector<Layer> layers;
    std::vector<TenantRow> tenants;
    std::vector<AuditRow> audit;
    std::size_t keyRecords = 0;
    std::size_t satisfied = 0, notSatisfied = 0, notAssessed = 0;
};

ReportSummary summarise(const ScopedEvidence &evidence, const std::vector<ControlAssessment> &controls,
                        const std::string &signingFingerprint);

// report.html: one self-contained page (inline CSS, charts as inline SVG, no script, no external
// resource; a Content-Security-Policy that forbids loading anything).
std::string htmlReport(const ReportSummary &summary);

// report.pdf: the same summary for people who print, drawn with cairo's PDF surface.
std::string pdfReport(const ReportSummary &summary);

} // namespace bulkhead::evidence
