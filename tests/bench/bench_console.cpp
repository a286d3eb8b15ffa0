// Console figures, offscreen (QT_QPA_PLATFORM=offscreen):
//  1. Time to show 10,000 tenants: the admin API's JSON parsed, models::TenantTableModel filled,
//     a QTableView behind a QSortFilterProxyModel painted once; against the same rows in a
//     QStandardItemModel (Qt's stock model) in the same run.
//  2. Scrolling through 1,000,000 log rows: a QTableView over the console's models::LogTableModel,
//     which reads pages lazily (canFetchMore/fetchMore) of 500 records, scrolled to the bottom
//     page by page until every row is loaded, then 200 jumps to random positions: frame times
//     of each. The pages are what GET /admin/v1/logs answers (JSON text, parsed here as the
//     console parses it); only the network is left out.
//   bench_console [TENANTS] [LOG_ROWS]
#include "BenchReport.h"

#include "models/LogTableModel.h"
#include "models/TenantTableModel.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using bulkhead::models::TenantTableModel;
namespace bench = bulkhead::bench;

namespace {

QByteArray tenantsJson(int count)
{
    QJsonArray tenants;
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("tenant_%1").arg(i);
        tenants.append(QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), QStringLiteral("Business line %1").arg(i)},
            {QStringLiteral("classifications"), QJsonArray{QStringLiteral("PII"), QStringLiteral("PHI")}},
            {QStringLiteral("relationship"), i % 3 ? QStringLiteral("internal") : QStringLiteral("external")},
            {QStringLiteral("threat"), QStringLiteral("medium")},
            {QStringLiteral("regimes"), QJsonArray{QStringLiteral("HIPAA_BAA")}},
            {QStringLiteral("tier"), 1 + i % 3},
            {QStringLiteral("minimum_tier"), 2},
            {QStringLiteral("violation"), i % 3 == 0},
            {QStringLiteral("version"), 1},
            {QStringLiteral("rules"), QJsonArray{QStringLiteral("phi_external")}},
        });
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("tenants"), tenants}}).toJson(QJsonDocument::Compact);
}

// Shows `model` in a fresh table and paints it once; milliseconds.
double showOnce(QAbstractItemModel *model, QElapsedTimer &clock)
{
    QTableView view;
    view.resize(1200, 800);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(model);
    view.show();
    view.viewport()->repaint();
    QApplication::processEvents();
    return double(clock.nsecsElapsed()) / 1e6;
}

double showTenants(const QByteArray &json)
{
    QElapsedTimer clock;
    clock.start();
    TenantTableModel model;
    model.setTenants(QJsonDocument::fromJson(json).object().value(QStringLiteral("tenants")).toArray());
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    return showOnce(&proxy, clock);
}

double showStandardItems(const QByteArray &json)
{
    QElapsedTimer clock;
    clock.start();
    const auto tenants = QJsonDocument::fromJson(json).object().value(QStringLiteral("tenants")).toArray();
    QStandardItemModel model(0, TenantTableModel::ColumnCount);
    for (const auto &value : tenants) {
        const auto t = TenantTableModel::tenantFromJson(value.toObject());
        model.appendRow({new QStandardItem(t.id), new QStandardItem(t.name),
                         new QStandardItem(t.classifications.join(QStringLiteral(", "))),
                         new QStandardItem(t.relationship), new QStandardItem(t.threat),
                         new QStandardItem(t.regimes.join(QStringLiteral(", "))),
                         new QStandardItem(QString::number(t.chosenTier)),
                         new QStandardItem(QString::number(t.minimumTier)),
                         new QStandardItem(t.violation ? QStringLiteral("yes") : QString())});
    }
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    return showOnce(&proxy, clock);
}

// The console's log model, fed a page whenever the view asks for more. The page's JSON text is
// prepared beforehand (the daemon's work, outside the frame); the console's part — parsing it
// and appending the records — happens inside the frame, as it would on arrival.
class PagedLogFeed final : public QIdentityProxyModel
{
public:
    PagedLogFeed(bulkhead::models::LogTableModel *logs, int total, int page)
        : m_logs(logs), m_total(total), m_page(page)
    {
        setSourceModel(logs);
    }
    bool canFetchMore(const QModelIndex &parent) const override { return !parent.isValid() && m_sent < m_total; }
    void fetchMore(const QModelIndex &parent) override
    {
        if (parent.isValid())
            return;
        if (m_wire.isEmpty())
            prepareNext();
        m_logs->appendPage(QJsonDocument::fromJson(m_wire).object());
        m_wire.clear();
        m_sent = std::min(m_total, m_sent + m_page);
        ++m_fetches;
    }
    // The next page as the daemon would send it.
    void prepareNext()
    {
        if (!m_wire.isEmpty() || m_sent >= m_total)
            return;
        const int next = std::min(m_total, m_sent + m_page);
        QJsonArray records;
        for (int i = m_sent; i < next; ++i) {
            records.append(QJsonObject{
                {QStringLiteral("seq"), i},
                {QStringLiteral("at_us"), 1'795'000'000'000'000LL + qint64(i) * 1000},
                {QStringLiteral("tenant"), QStringLiteral("tenant_%1").arg(i % 100)},
                {QStringLiteral("route"), QStringLiteral("/v1/chat/completions")},
                {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                {QStringLiteral("decision"), i % 50 == 0 ? QStringLiteral("blocked") : QStringLiteral("allowed")},
                {QStringLiteral("reasons"), i % 50 == 0 ? QJsonArray{QStringLiteral("egress_cross_tenant")} : QJsonArray{}},
                {QStringLiteral("request_id"), QStringLiteral("%1").arg(quint32(i) * 2654435761u, 8, 16, QLatin1Char('0'))},
                {QStringLiteral("prompt_tokens"), 40 + i % 300},
                {QStringLiteral("completion_tokens"), 20 + i % 200},
                {QStringLiteral("latency_ms"), 20 + i % 400}});
        }
        QJsonObject reply{{QStringLiteral("records"), records}};
        if (next < m_total)
            reply.insert(QStringLiteral("next_after"), next - 1);
        m_wire = QJsonDocument(reply).toJson(QJsonDocument::Compact);
    }
    int fetches() const { return m_fetches; }

private:
    bulkhead::models::LogTableModel *m_logs;
    int m_total, m_page, m_sent = 0, m_fetches = 0;
    QByteArray m_wire;
};

// Counts the paints of a widget: a frame should paint once.
class PaintCounter final : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

struct ScrollFigures
{
    double seconds = 0, maxFrameMs = 0, p99FrameMs = 0, p50JumpMs = 0, maxJumpMs = 0, paintsPerFrame = 0;
    int rows = 0, fetches = 0;
};

ScrollFigures scrollLog(int total)
{
    bulkhead::models::LogTableModel logs;
    PagedLogFeed model(&logs, total, 500);
    QTableView view;
    view.resize(1200, 800);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(&model);
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 6);
    view.show();
    QApplication::processEvents();
    ScrollFigures f;
    QElapsedTimer clock, frame;
    std::vector<double> frames;
    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);
    clock.start();
    // Scrolling to the bottom makes the view ask for the next page, as a user dragging down does.
    while (model.canFetchMore({})) {
        model.prepareNext();
        frame.start();
        const int paintsBefore = counter.paints;
        view.scrollToBottom();
        QApplication::processEvents();  // the fetch, and the view's own paint of the new rows
        if (counter.paints == paintsBefore)
            view.viewport()->repaint();  // one paint per frame, as on screen: never none, never two
        frames.push_back(double(frame.nsecsElapsed()) / 1e6);
    }
    f.paintsPerFrame = frames.empty() ? 0 : double(counter.paints) / double(frames.size());
    std::sort(frames.begin(), frames.end());
    f.maxFrameMs = frames.empty() ? 0 : frames.back();
    f.p99FrameMs = frames.empty() ? 0 : frames[frames.size() * 99 / 100];
    f.seconds = double(clock.nsecsElapsed()) / 1e9;
    f.rows = model.rowCount();
    f.fetches = model.fetches();
    std::mt19937 rng(7);
    std::vector<double> jumps;
    for (int i = 0; i < 200; ++i) {
        frame.start();
        view.verticalScrollBar()->setValue(std::uniform_int_distribution<int>(0, view.verticalScrollBar()->maximum())(rng));
        view.viewport()->repaint();
        jumps.push_back(double(frame.nsecsElapsed()) / 1e6);
    }
    std::sort(jumps.begin(), jumps.end());
    f.p50JumpMs = jumps[jumps.size() / 2];
    f.maxJumpMs = jumps.back();
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int tenants = argc > 1 ? std::max(1, atoi(argv[1])) : 10000;
    const int logRows = argc > 2 ? std::max(1000, atoi(argv[2])) : 1000000;
    bench::printMachine("bench_console");
    std::printf("Qt %s, platform %s\n", qVersion(), qPrintable(QApplication::platformName()));

    const QByteArray json = tenantsJson(tenants);
    showTenants(json);  // warm-up: fonts, styles, first-paint caches
    const double ours = showTenants(json);
    const double stock = showStandardItems(json);
    std::printf("Show %d tenants (parse %.1f MB JSON, fill the model, paint): TenantTableModel %.1f ms, "
                "QStandardItemModel %.1f ms\n",
                tenants, json.size() / 1e6, ours, stock);
    bench::printFigure("console: show " + std::to_string(tenants) + " tenants (ms)", bench::format("%.1f", ours),
                       bench::format("%.1f QStandardItemModel", stock), bench::format("%.2f", ours / stock));

    const auto scroll = scrollLog(logRows);
    std::printf("Scroll %d log rows (LogTableModel, 500 a page): %.2f s for %d pages, frame p99 %.1f ms, "
                "slowest %.1f ms, %.2f paints per frame; random jumps p50 %.2f ms, max %.2f ms\n",
                scroll.rows, scroll.seconds, scroll.fetches, scroll.p99FrameMs, scroll.maxFrameMs,
                scroll.paintsPerFrame, scroll.p50JumpMs, scroll.maxJumpMs);
    bench::printFigure("console: scroll through " + std::to_string(scroll.rows) + " log rows (s)",
                       bench::format("%.2f", scroll.seconds), "-", "-");
    // A frame here fetches a page (500 records parsed and inserted) and paints once; a jump only
    // repaints.
    bench::printFigure("console: p99 frame while scrolling and fetching (ms)", bench::format("%.1f", scroll.p99FrameMs),
                       bench::format("%.2f p50 random jump", scroll.p50JumpMs),
                       bench::format("%.1f", scroll.p50JumpMs > 0 ? scroll.p99FrameMs / scroll.p50JumpMs : 0),
                       "< 16.7 ms (60 Hz)", bench::yesNo(scroll.p99FrameMs < 16.7));
    return 0;
}
