// report.pdf through cairo's PDF surface: text and a bar chart, A4, new pages as needed.
#include "ReportSummary.h"

#include "core/Error.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <memory>
#include <tuple>
#include <vector>

namespace bulkhead::evidence {
namespace {

constexpr double kWidth = 595.0, kHeight = 842.0, kMargin = 50.0;

cairo_status_t appendTo(void *closure, const unsigned char *data, unsigned int length)
{
    static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct SurfaceFree
{
    void operator()(cairo_surface_t *s) const noexcept { cairo_surface_destroy(s); }
};
struct ContextFree
{
    void operator()(cairo_t *c) const noexcept { cairo_destroy(c); }
};

// A cursor down the page that starts a new page when the next block would not fit.
class PageWriter final
{
public:
    explicit PageWriter(cairo_t *cr) : m_cr(cr) {}

    void heading(const std::string &text)
    {
        room(36);
        m_y += 12;
        font(15, true);
        show(kMargin, text);
        m_y += 20;
    }
    void line(const std::string &text, double size = 10, bool bold = false, double indent = 0)
    {
        room(size + 5);
        font(size, bold);
        show(kMargin + indent, text);
        m_y += size + 5;
    }
    void colour(double r, double g, double b) { cairo_set_source_rgb(m_cr, r, g, b); }
    // A labelled stacked bar: parts of (value, r, g, b).
    void bar(const std::string &label, const std::vector<std::tuple<double, double, double, double>> &parts,
             double scale, const std::string &note)
    {
        room(18);
        font(10, false);
        show(kMargin, label);
        double x = kMargin + 120;
        for (const auto &[value, r, g, b] : parts) {
            colour(r, g, b);
            cairo_rectangle(m_cr, x, m_y - 10, value * scale, 12);
            cairo_fill(m_cr);
            x += value * scale;
        }
        colour(0, 0, 0);
        show(x + 6, note);
        m_y += 18;
    }

private:
    void room(double needed)
    {
        if (m_y + needed <= kHeight - kMargin)
            return;
        cairo_show_page(m_cr);
        m_y = kMargin + 10;
    }
    void font(double size, bool bold)
    {
        cairo_select_font_face(m_cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(m_cr, size);
    }
    void show(double x, const std::string &text)
    {
        // Long free text (tenant names, check details) is cut, not run off the page.
        std::string shown = text;
        if (shown.size() > 110) {
            std::size_t cut = 107;
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80)
                --cut;  // never split a UTF-8 sequence: cairo refuses invalid text
            shown = shown.substr(0, cut) + "...";
        }
        cairo_move_to(m_cr, x, m_y);
        cairo_show_text(m_cr, shown.c_str());
    }

    cairo_t *m_cr;
    double m_y = kMargin + 10;
};

void drawControls(PageWriter &page, const ReportSummary &s)
{
    page.heading("Controls: " + std::to_string(s.satisfied) + " satisfied, " + std::to_string(s.notSatisfied) +
                 " not satisfied, " + std::to_string(s.notAssessed) + " not assessed");
    for (const auto &c : s.controls) {
        page.line(c.id + "  " + c.title + "  [" + std::string(toString(c.status)) + "]", 10, true);
        for (const auto &check : c.checks)
            page.line(check.check + ": " + std::string(toString(check.status)) + " (" + check.detail + ")", 8, false, 14);
    }
}

void drawProbes(PageWriter &page, const ReportSummary &s)
{
    page.heading("Probes (latest run per layer)");
    std::size_t most = 1;
    for (const auto &l : s.layers)
        most = std::max(most, l.pass + l.fail + l.error);
    const double scale = 220.0 / static_cast<double>(most);
    for (const auto &l : s.layers) {
        const std::string note = l.pass + l.fail + l.error == 0
                                     ? std::string("not probed")
                                     : std::to_string(l.pass) + " pass, " + std::to_string(l.fail) + " fail, " +
                                           std::to_string(l.error) + " error";
        page.bar(l.name,
                 {{static_cast<double>(l.pass), 0.18, 0.49, 0.2},
                  {static_cast<double>(l.fail), 0.78, 0.16, 0.16},
                  {static_cast<double>(l.error), 0.98, 0.66, 0.15}},
                 scale, note);
    }
}

void drawTenantsAndLogs(PageWriter &page, const ReportSummary &s)
{
    page.heading("Tiers");
    page.line("Platform assurance tier: " +
              (s.platformAssuranceTier ? std::to_string(s.platformAssuranceTier) : std::string("undecided")) +
              " (lowest tier deployed, " + std::to_string(s.platformTenantCount) + " tenants on the platform)");
    for (const auto &t : s.tenants)
        page.line(t.id + (t.name.empty() ? "" : " (" + t.name + ")") + ": chosen " +
                  (t.chosenTier ? std::to_string(t.chosenTier) : std::string("-")) + ", minimum " +
                  std::to_string(t.minimumTier) + (t.violation ? ", VIOLATION" : ""));
    page.heading("Audit logs");
    for (const auto &a : s.audit)
        page.line(a.tenant + ": " + (a.verified ? "verified" : "NOT VERIFIED (" + a.problem + ")") + ", " +
                  std::to_string(a.records) + " records, " + std::to_string(a.checkpoints) + " signed checkpoints");
    page.line(std::to_string(s.keyRecords) + " key records (ids and dates only) in key-management.json.");
}

} // namespace

std::string pdfReport(const ReportSummary &s)
{
    std::string pdf;
    std::unique_ptr<cairo_surface_t, SurfaceFree> surface(
        cairo_pdf_surface_create_for_stream(appendTo, &pdf, kWidth, kHeight));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw core::Error(core::ErrorCode::Internal, "report.pdf: cairo could not start a PDF surface");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, s.title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Bulkhead");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, s.generatedAt.c_str());
    {
        std::unique_ptr<cairo_t, ContextFree> cr(cairo_create(surface.get()));
        PageWriter page(cr.get());
        page.colour(0, 0, 0);
        page.line(s.title, 18, true);
        page.line("Generated " + s.generatedAt +
                  (s.since.empty() ? std::string(", all probe history") : ", probe history since " + s.since));
        page.line("Manifest signed with Ed25519 key " + s.signingFingerprint, 8);
        drawControls(page, s);
        drawProbes(page, s);
        drawTenantsAndLogs(page, s);
        page.line("Verify: bulkheadctl evidence verify PACK.zip (or sha256sum and openssl, see the README).", 8);
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            throw core::Error(core::ErrorCode::Internal, "report.pdf: drawing failed");
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw core::Error(core::ErrorCode::Internal, "report.pdf: cairo could not finish the PDF");
    return pdf;
}

} // namespace bulkhead::evidence
