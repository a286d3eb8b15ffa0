// report.html: a page an auditor can open offline. Everything is inline; every value is
// escaped, since tenant names are free text.
#include "ReportSummary.h"

#include <algorithm>
#include <sstream>

namespace bulkhead::evidence {
namespace {

std::string escape(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

const char *statusColour(ControlStatus status)
{
    switch (status) {
    case ControlStatus::Satisfied: return "#2e7d32";
    case ControlStatus::NotSatisfied: return "#c62828";
    case ControlStatus::NotAssessed: break;
    }
    return "#9e9e9e";
}

// Three bars: how many controls are satisfied, not satisfied, not assessed.
std::string controlChart(const ReportSummary &s)
{
    const std::size_t total = std::max<std::size_t>(1, s.controls.size());
    struct Bar { const char *label; std::size_t count; ControlStatus status; };
    const Bar bars[] = {{"satisfied", s.satisfied, ControlStatus::Satisfied},
                        {"not satisfied", s.notSatisfied, ControlStatus::NotSatisfied},
                        {"not assessed", s.notAssessed, ControlStatus::NotAssessed}};
    std::ostringstream svg;
    svg << R"(<svg xmlns="http://www.w3.org/2000/svg" width="520" height="100" role="img" aria-label="Controls by status">)";
    int y = 8;
    for (const auto &b : bars) {
        const auto width = static_cast<int>(360.0 * static_cast<double>(b.count) / static_cast<double>(total));
        svg << "<text x=\"0\" y=\"" << y + 14 << "\" font-size=\"13\">" << b.label << "</text>"
            << "<rect x=\"110\" y=\"" << y << "\" width=\"" << width << "\" height=\"20\" fill=\"" << statusColour(b.status)
            << "\"/><text x=\"" << 116 + width << "\" y=\"" << y + 14 << "\" font-size=\"13\">" << b.count << "</text>";
        y += 30;
    }
    svg << "</svg>";
    return svg.str();
}

// One stacked bar per probe layer: pass, fail, error in the latest run that probed it.
std::string probeChart(const ReportSummary &s)
{
    std::size_t most = 1;
    for (const auto &l : s.layers)
        most = std::max(most, l.pass + l.fail + l.error);
    std::ostringstream svg;
    const int height = 16 + 26 * static_cast<int>(s.layers.size());
    svg << R"(<svg xmlns="http://www.w3.org/2000/svg" width="560" height=")" << height
        << R"(" role="img" aria-label="Probe outcomes by layer">)";
    int y = 8;
    for (const auto &l : s.layers) {
        svg << "<text x=\"0\" y=\"" << y + 13 << "\" font-size=\"13\">" << escape(l.name) << "</text>";
        double x = 130;
        const auto segment = [&](std::size_t count, const char *colour) {
            const double w = 360.0 * static_cast<double>(count) / static_cast<double>(most);
            if (count > 0)
                svg << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << w << "\" height=\"18\" fill=\"" << colour
                    << "\"/>";
            x += w;
        };
        segment(l.pass, "#2e7d32");
        segment(l.fail, "#c62828");
        segment(l.error, "#f9a825");
        const std::string label = l.pass + l.fail + l.error == 0
                                      ? std::string("not probed")
                                      : std::to_string(l.pass) + " pass / " + std::to_string(l.fail) + " fail / " +
                                            std::to_string(l.error) + " error";
        svg << "<text x=\"" << x + 6 << "\" y=\"" << y + 13 << "\" font-size=\"12\">" << label << "</text>";
        y += 26;
    }
    svg << "</svg>";
    return svg.str();
}

// Chosen tier against the minimum the rules demand, per tenant (tiers 1..3).
std::string tierChart(const ReportSummary &s)
{
    std::ostringstream svg;
    const int height = 16 + 40 * static_cast<int>(s.tenants.size());
    svg << R"(<svg xmlns="http://www.w3.org/2000/svg" width="520" height=")" << height
        << R"(" role="img" aria-label="Chosen and minimum tier per tenant">)";
    int y = 8;
    for (const auto &t : s.tenants) {
        svg << "<text x=\"0\" y=\"" << y + 13 << "\" font-size=\"13\">" << escape(t.id) << "</text>"
            << "<rect x=\"130\" y=\"" << y << "\" width=\"" << 100 * t.chosenTier << "\" height=\"14\" fill=\""
            << (t.violation ? "#c62828" : "#1565c0") << "\"/>"
            << "<rect x=\"130\" y=\"" << y + 16 << "\" width=\"" << 100 * t.minimumTier
            << "\" height=\"8\" fill=\"#90a4ae\"/>"
            << "<text x=\"" << 440 << "\" y=\"" << y + 13 << "\" font-size=\"12\">chosen " << t.chosenTier << ", minimum "
            << t.minimumTier << "</text>";
        y += 40;
    }
    svg << "</svg>";
    return svg.str();
}

} // namespace

std::string htmlReport(const ReportSummary &s)
{
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<title>"
         << escape(s.title)
         << "</title><style>body{font-family:sans-serif;margin:2em;color:#212121}table{border-collapse:collapse;"
            "margin:1em 0}td,th{border:1px solid #bdbdbd;padding:4px 8px;text-align:left;vertical-align:top}"
            ".satisfied{color:#2e7d32}.not-satisfied{color:#c62828}.not-assessed{color:#757575}"
            "small{color:#616161}</style></head><body>\n";
    html << "<h1>" << escape(s.title) << "</h1>\n<p>Generated " << escape(s.generatedAt)
         << (s.since.empty() ? std::string(", all probe history") : ", probe history since " + escape(s.since))
         << ". Manifest signed with Ed25519 key <code>" << escape(s.signingFingerprint) << "</code>.</p>\n";
    html << "<p>Platform assurance tier: <b>"
         << (s.platformAssuranceTier ? std::to_string(s.platformAssuranceTier) : std::string("undecided"))
         << "</b> (the lowest tier deployed on a platform of " << s.platformTenantCount << " tenants).</p>\n";

    html << "<h2>Controls</h2>\n" << controlChart(s) << "\n<table><tr><th>control</th><th>status</th><th>checks</th></tr>\n";
    for (const auto &c : s.controls) {
        const std::string status(toString(c.status));
        html << "<tr><td><b>" << escape(c.id) << "</b> " << escape(c.title) << "<br><small>" << escape(c.catalog)
             << "</small></td><td class=\"" << status << "\">" << status << "</td><td>";
        for (const auto &check : c.checks)
            html << escape(check.check) << ": <span class=\"" << toString(check.status) << "\">"
                 << toString(check.status) << "</span> <small>" << escape(check.detail) << "</small><br>";
        html << "</td></tr>\n";
    }
    html << "</table>\n<h2>Probes (latest run per layer)</h2>\n" << probeChart(s) << "\n";
    html << "<h2>Tiers</h2>\n" << tierChart(s) << "\n<table><tr><th>tenant</th><th>name</th><th>chosen</th>"
         << "<th>minimum</th><th>violation</th></tr>\n";
    for (const auto &t : s.tenants)
        html << "<tr><td>" << escape(t.id) << "</td><td>" << escape(t.name) << "</td><td>"
             << (t.chosenTier ? std::to_string(t.chosenTier) : std::string("-")) << "</td><td>" << t.minimumTier
             << "</td><td>" << (t.violation ? "yes" : "no") << "</td></tr>\n";
    html << "</table>\n<h2>Audit logs</h2>\n<table><tr><th>log</th><th>verified</th><th>records</th>"
         << "<th>signed checkpoints</th><th>problem</th></tr>\n";
    for (const auto &a : s.audit)
        html << "<tr><td>" << escape(a.tenant) << "</td><td>" << (a.verified ? "yes" : "NO") << "</td><td>" << a.records
             << "</td><td>" << a.checkpoints << "</td><td>" << escape(a.problem) << "</td></tr>\n";
    html << "</table>\n<p>" << s.keyRecords
         << " key records (ids and dates only) are in key-management.json.</p>\n"
            "<p><small>Verify this pack with <code>bulkheadctl evidence verify PACK.zip</code>, or with sha256sum "
            "and openssl as the Bulkhead README shows.</small></p>\n</body></html>\n";
    return html.str();
}

} // namespace bulkhead::evidence
