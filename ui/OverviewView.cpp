#include "ui/OverviewView.h"

#include "models/ConsoleSession.h"
#include "models/MetricsHistory.h"
#include "models/PrometheusText.h"
#include "ui/ChartPanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace bulkhead::ui {

namespace {

constexpr int kScrapeIntervalMs = 2000;
constexpr qint64 kWindowSeconds = 5 * 60;

// Bars need categories; the set's values are replaced as a whole on every scrape. The panel
// says "no data yet" while there is no category.
void fillBars(ChartPanel *panel, QBarSet *set, QBarCategoryAxis *categories, QValueAxis *axis,
              const QMap<QString, double> &values, bool wholeCounts)
{
    set->remove(0, set->count());
    categories->clear();
    double highest = 0;
    if (values.isEmpty()) {
        categories->append(QString());
        set->append(0);
    }
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        categories->append(it.key());
        set->append(it.value());
        highest = std::max(highest, it.value());
    }
    if (wholeCounts) {
        applyWholeTicks(axis, highest);
    } else {
        axis->setRange(0, std::max(1.0, highest * 1.15));
        axis->applyNiceNumbers();
    }
    panel->setEmpty(values.isEmpty());
}

} // namespace

OverviewView::OverviewView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent),
      m_history(new models::MetricsHistory(this)),
      m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("overviewPage"));
    m_history->setObjectName(QStringLiteral("metricsHistory"));
    m_history->setWindowSeconds(kWindowSeconds);
    auto *layout = new QVBoxLayout(this);

    auto *statusBox = new QGroupBox(tr("Platform", "overview group"), this);
    auto *form = new QFormLayout(statusBox);
    m_tier = new QLabel(statusBox);
    m_tier->setObjectName(QStringLiteral("assuranceTierLabel"));
    m_tier->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_violations = new QLabel(statusBox);
    m_violations->setObjectName(QStringLiteral("violationCountLabel"));
    m_violations->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_ready = new QLabel(statusBox);
    m_ready->setObjectName(QStringLiteral("daemonReadyLabel"));
    m_ready->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_metricsStatus = new QLabel(statusBox);
    m_metricsStatus->setObjectName(QStringLiteral("metricsStatusLabel"));
    m_metricsStatus->setWordWrap(true);
    form->addRow(tr("Platform assurance tier:", "overview label"), m_tier);
    form->addRow(tr("Policy violations:", "overview label"), m_violations);
    form->addRow(tr("Daemon:", "overview label"), m_ready);
    form->addRow(m_metricsStatus);
    layout->addWidget(statusBox);

    auto *charts = new QGridLayout;

    auto *rateChart = new QChart;
    rateChart->setTitle(tr("Tenant requests per second, last five minutes", "overview chart title"));
    m_rateSeries = new QLineSeries(rateChart);
    rateChart->addSeries(m_rateSeries);
    m_rateTimeAxis = new QDateTimeAxis(rateChart);
    m_rateTimeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_rateAxis = new QValueAxis(rateChart);
    m_rateAxis->setLabelFormat(QStringLiteral("%.1f"));
    rateChart->addAxis(m_rateTimeAxis, Qt::AlignBottom);
    rateChart->addAxis(m_rateAxis, Qt::AlignLeft);
    m_rateSeries->attachAxis(m_rateTimeAxis);
    m_rateSeries->attachAxis(m_rateAxis);
    rateChart->legend()->hide();
    m_ratePanel = new ChartPanel(rateChart, QStringLiteral("requestRateChart"),
                                 tr("Tenant requests per second over the last five minutes", "accessible name"), this);
    m_ratePanel->setMinimumHeight(200);
    charts->addWidget(m_ratePanel, 0, 0, 1, 2);

    auto *blocksChart = new QChart;
    blocksChart->setTitle(tr("Blocks by reason", "overview chart title"));
    auto *blocksSeries = new QBarSeries(blocksChart);
    m_blocksSet = new QBarSet(tr("Blocks", "overview chart series"), blocksSeries);
    m_blocksSet->setColor(QColor(0xdc, 0x35, 0x45));
    blocksSeries->append(m_blocksSet);
    blocksChart->addSeries(blocksSeries);
    m_blocksCategories = new QBarCategoryAxis(blocksChart);
    m_blocksAxis = new QValueAxis(blocksChart);
    m_blocksAxis->setLabelFormat(QStringLiteral("%d"));
    blocksChart->addAxis(m_blocksCategories, Qt::AlignBottom);
    blocksChart->addAxis(m_blocksAxis, Qt::AlignLeft);
    blocksSeries->attachAxis(m_blocksCategories);
    blocksSeries->attachAxis(m_blocksAxis);
    blocksChart->legend()->hide();
    m_blocksPanel = new ChartPanel(blocksChart, QStringLiteral("blocksChart"),
                                   tr("Blocked requests by reason since the daemon started", "accessible name"), this);
    m_blocksPanel->setMinimumHeight(200);
    charts->addWidget(m_blocksPanel, 1, 0);

    auto *latencyChart = new QChart;
    latencyChart->setTitle(tr("Mean latency by tier (ms)", "overview chart title"));
    auto *latencySeries = new QBarSeries(latencyChart);
    m_latencySet = new QBarSet(tr("Mean latency", "overview chart series"), latencySeries);
    m_latencySet->setColor(QColor(0x00, 0x7b, 0xff));
    latencySeries->append(m_latencySet);
    latencyChart->addSeries(latencySeries);
    m_latencyCategories = new QBarCategoryAxis(latencyChart);
    m_latencyAxis = new QValueAxis(latencyChart);
    m_latencyAxis->setLabelFormat(QStringLiteral("%.0f"));
    latencyChart->addAxis(m_latencyCategories, Qt::AlignBottom);
    latencyChart->addAxis(m_latencyAxis, Qt::AlignLeft);
    latencySeries->attachAxis(m_latencyCategories);
    latencySeries->attachAxis(m_latencyAxis);
    latencyChart->legend()->hide();
    m_latencyPanel = new ChartPanel(latencyChart, QStringLiteral("latencyChart"),
                                    tr("Mean request latency in milliseconds by isolation tier", "accessible name"), this);
    m_latencyPanel->setMinimumHeight(200);
    charts->addWidget(m_latencyPanel, 1, 1);
    layout->addLayout(charts, 1);

    setTabOrder(m_ratePanel->view(), m_blocksPanel->view());
    setTabOrder(m_blocksPanel->view(), m_latencyPanel->view());

    m_poll->setInterval(kScrapeIntervalMs);
    connect(m_poll, &QTimer::timeout, this, &OverviewView::refreshMetrics);
    connect(session, &models::ConsoleSession::decisionChanged, this, &OverviewView::showDecision);
    connect(session, &models::ConsoleSession::connectedChanged, this, [this](bool connected) {
        if (connected && isVisible())
            activate();
    });
    connect(m_history, &QAbstractItemModel::rowsInserted, this, &OverviewView::updateRateChart);
    connect(m_history, &QAbstractItemModel::rowsRemoved, this, &OverviewView::updateRateChart);
    connect(m_history, &QAbstractItemModel::modelReset, this, &OverviewView::updateRateChart);
    connect(m_history, &models::MetricsHistory::latestChanged, this, &OverviewView::updateBarCharts);

    m_ready->setText(tr("Unknown", "overview: daemon readiness not checked yet"));
    showDecision();
    updateRateChart();
    updateBarCharts();
}

QString OverviewView::title() const
{
    return tr("&Overview", "navigation entry");
}

void OverviewView::activate()
{
    refreshTier();
    refreshMetrics();
}

void OverviewView::showEvent(QShowEvent *event)
{
    ConsoleView::showEvent(event);
    m_poll->start();
    if (session()->isConnected())
        refreshMetrics();
}

void OverviewView::hideEvent(QHideEvent *event)
{
    // Nobody looks at a hidden chart: stop scraping. The gap shows as a jump in the line.
    m_poll->stop();
    ConsoleView::hideEvent(event);
}

void OverviewView::showDecision()
{
    const QJsonObject decision = session()->decision();
    if (decision.isEmpty()) {
        m_tier->setText(tr("Unknown", "overview: platform assurance tier not known"));
        m_violations->setText(tr("Unknown", "overview: violation count not known"));
        return;
    }
    showTier(decision.value(QLatin1StringView("platform_assurance_tier")));
    const int violations = decision.value(QLatin1StringView("violations")).toInt();
    m_violations->setText(violations == 0
                              ? tr("None: every tenant meets its minimum tier.", "overview: violations")
                              : tr("%n tenant(s) below their minimum tier.", "overview: violations", violations));
    m_violations->setStyleSheet(violations == 0 ? QString() : QStringLiteral("color: #bd2130; font-weight: bold;"));
}

void OverviewView::showTier(const QJsonValue &tier)
{
    if (tier.isDouble())
        m_tier->setText(tr("Tier %1", "overview: platform assurance tier number").arg(tier.toInt()));
    else
        m_tier->setText(tr("None (no tenants)", "overview: no platform assurance tier"));
}

void OverviewView::refreshTier()
{
    session()->admin()->get(QStringLiteral("/admin/v1/tenants"), {}, this,
                            [this](const models::AdminResult &result) {
        // Only platform admins get the tier here; the session's decision covers the rest.
        if (result.ok() && result.body.contains(QLatin1StringView("platform_assurance_tier")))
            showTier(result.body.value(QLatin1StringView("platform_assurance_tier")));
    });
}

void OverviewView::refreshMetrics()
{
    refreshReadiness();
    if (m_scrapeInFlight)
        return;  // a slow daemon: do not pile up scrapes
    m_scrapeInFlight = true;
    session()->admin()->get(QStringLiteral("/metrics"), {}, this, [this](const models::AdminResult &result) {
        m_scrapeInFlight = false;
        if (!result.ok() && result.status != 200) {
            m_metricsStatus->setText(models::describeAdminError(result.error));
            return;
        }
        m_metricsStatus->clear();
        // The view holds the clock; the model is given the time of each scrape.
        m_history->addScrape(models::parsePrometheusText(result.raw), QDateTime::currentDateTimeUtc());
    });
}

void OverviewView::refreshReadiness()
{
    session()->admin()->get(QStringLiteral("/readyz"), {}, this, [this](const models::AdminResult &result) {
        if (result.status == 200) {
            m_ready->setText(tr("Ready", "overview: daemon readiness"));
            m_ready->setStyleSheet(QStringLiteral("color: #1e7e34;"));
            return;
        }
        m_ready->setStyleSheet(QStringLiteral("color: #bd2130;"));
        if (result.status == 0) {
            m_ready->setText(models::describeAdminError(models::AdminError::Network));
            return;
        }
        const QJsonObject &body = result.body;
        const auto unavailable = [&body](const char *part) {
            return body.value(QLatin1StringView(part)).toString() == QLatin1StringView("unavailable");
        };
        if (body.value(QLatin1StringView("draining")).toBool())
            m_ready->setText(tr("Not ready: the daemon is shutting down.", "overview: daemon readiness"));
        else if (unavailable("database") && unavailable("upstream"))
            m_ready->setText(tr("Not ready: the database and the upstream are unavailable.", "overview: daemon readiness"));
        else if (unavailable("database"))
            m_ready->setText(tr("Not ready: the database is unavailable.", "overview: daemon readiness"));
        else if (unavailable("upstream"))
            m_ready->setText(tr("Not ready: the upstream is unavailable.", "overview: daemon readiness"));
        else
            m_ready->setText(tr("Not ready.", "overview: daemon readiness"));
    });
}

void OverviewView::updateRateChart()
{
    QList<QPointF> points;
    double highest = 1;
    for (int row = 0; row < m_history->rowCount(); ++row) {
        const auto *s = m_history->sample(row);
        points.append(QPointF(double(s->time.toMSecsSinceEpoch()), s->rate));
        highest = std::max(highest, s->rate);
    }
    m_rateSeries->replace(points);
    const QDateTime end = m_history->rowCount() > 0
                              ? m_history->sample(m_history->rowCount() - 1)->time
                              : QDateTime::currentDateTimeUtc();
    m_rateTimeAxis->setRange(end.addSecs(-kWindowSeconds).toLocalTime(), end.toLocalTime());
    m_rateAxis->setRange(0, highest * 1.15);
    m_rateAxis->applyNiceNumbers();
    // Until a tenant sends anything there is no rate to speak of, only zeros.
    m_ratePanel->setEmpty(!m_history->hasTraffic());
}

void OverviewView::updateBarCharts()
{
    fillBars(m_blocksPanel, m_blocksSet, m_blocksCategories, m_blocksAxis, m_history->blocksByReason(), true);
    QMap<QString, double> latency;
    const QMap<QString, double> byTier = m_history->meanLatencyMsByTier();
    for (auto it = byTier.cbegin(); it != byTier.cend(); ++it)
        latency.insert(it.key() == QLatin1StringView("0")
                           ? tr("no tenant", "overview chart: requests not attributed to a tier")
                           : tr("Tier %1", "overview chart category: tier number").arg(QLocale().toString(it.key().toInt())),
                       it.value());
    fillBars(m_latencyPanel, m_latencySet, m_latencyCategories, m_latencyAxis, latency, false);
}

} // namespace bulkhead::ui
