// Console figures, offscreen (QT_QPA_PLATFORM=offscreen):
//  1. Time to show 10,000 tenants: the admin API's JSON parsed, models::TenantTableModel filled,
//     a QTableView behind a QSortFilterProxyModel painted once; against the same rows in a
//     QStandardItemModel (Qt's stock model) in the same run.
//  2. Scrolling through 1,000,000 log rows: a QTableView over a model that fetches pages lazily
//     (canFetchMore/fetchMore, 1,000 rows a page), scrolled to the bottom page by page until
//     every row is loaded, then 200 jumps to random positions: frame times of each.
// The log model is this program's own (the console has no log model yet); it stands for one that
// fetches pages from /admin/v1/logs, without the network.
//   bench_console [TENANTS] [LOG_ROWS]
#include "BenchReport.h"

#include "models/TenantTableModel.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
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

// Audit log rows fetched a page at a time, as a view asks for them.
class LazyLogModel final : public QAbstractTableModel
{
public:
    LazyLogModel(int total, int page) : m_total(total), m_page(page) {}
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_loaded; }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 6; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::DisplayRole || !index.isValid())
            return {};
        const auto &row = m_rows[static_cast<std::size_t>(index.row())];
        switch (index.column()) {
        case 0: return row.sequence;
        case 1: return QStringLiteral("2026-11-28 20:%1").arg(row.sequence % 3600, 4, 10, QLatin1Char('0'));
        case 2: return QStringLiteral("tenant_%1").arg(row.sequence % 100);
        case 3: return QStringLiteral("/v1/chat/completions");
        case 4: return row.latencyMs;
        default: return QStringLiteral("%1").arg(row.sequence * 2654435761u, 8, 16, QLatin1Char('0'));
        }
    }
    bool canFetchMore(const QModelIndex &parent) const override { return !parent.isValid() && m_loaded < m_total; }
    void fetchMore(const QModelIndex &parent) override
    {
        if (parent.isValid())
            return;
        const int next = std::min(m_total, m_loaded + m_page);
        beginInsertRows({}, m_loaded, next - 1);
        for (int i = m_loaded; i < next; ++i)
            m_rows.push_back({i, 20 + i % 400});
        m_loaded = next;
        endInsertRows();
        ++m_fetches;
    }
    int fetches() const { return m_fetches; }

private:
    struct Row
    {
        int sequence;
        int latencyMs;
    };
    int m_total, m_page, m_loaded = 0, m_fetches = 0;
    std::vector<Row> m_rows;
};

struct ScrollFigures
{
    double seconds = 0, maxFrameMs = 0, p99FrameMs = 0, p50JumpMs = 0, maxJumpMs = 0;
    int rows = 0, fetches = 0;
};

ScrollFigures scrollLog(int total)
{
    LazyLogModel model(total, 1000);
    QTableView view;
    view.resize(1200, 800);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(&model);
    view.show();
    QApplication::processEvents();
    ScrollFigures f;
    QElapsedTimer clock, frame;
    std::vector<double> frames;
    clock.start();
    // Scrolling to the bottom makes the view ask for the next page, as a user dragging down does.
    while (model.canFetchMore({})) {
        frame.start();
        view.scrollToBottom();
        QApplication::processEvents();
        view.viewport()->repaint();
        frames.push_back(double(frame.nsecsElapsed()) / 1e6);
    }
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
    std::printf("Scroll %d log rows (lazy fetchMore, 1,000 a page): %.2f s for %d pages, frame p99 %.1f ms, "
                "slowest %.1f ms; random jumps p50 %.2f ms, max %.2f ms\n",
                scroll.rows, scroll.seconds, scroll.fetches, scroll.p99FrameMs, scroll.maxFrameMs,
                scroll.p50JumpMs, scroll.maxJumpMs);
    bench::printFigure("console: scroll through " + std::to_string(scroll.rows) + " log rows (s)",
                       bench::format("%.2f", scroll.seconds), "-", "-");
    // A frame here fetches a page (1,000 rows inserted) and repaints; a jump only repaints.
    bench::printFigure("console: p99 frame while scrolling and fetching (ms)", bench::format("%.1f", scroll.p99FrameMs),
                       bench::format("%.2f p50 random jump", scroll.p50JumpMs),
                       bench::format("%.1f", scroll.p50JumpMs > 0 ? scroll.p99FrameMs / scroll.p50JumpMs : 0),
                       "< 16.7 ms (60 Hz)", bench::yesNo(scroll.p99FrameMs < 16.7));
    return 0;
}
