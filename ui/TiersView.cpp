#include "ui/TiersView.h"

#include "models/ClassificationMatrixModel.h"
#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "models/TierEstimateModel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QLocale>
#include <QTimer>
#include <QVBarModelMapper>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace bulkhead::ui {

namespace {

constexpr int kPollIntervalMs = 500;
// How many polls may find no migration of this change before the console stops waiting
// (twenty seconds at kPollIntervalMs).
constexpr int kMaxUnstartedPolls = 40;

// A bar chart of one column of the tier model, one category per tier.
QChartView *tierChart(models::TierEstimateModel *model, int column, const QString &title,
                      const QString &axisTitle, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setLocalizeNumbers(true);  // axis labels in the user's locale (0,5 in German)
    chart->setLocale(QLocale());
    auto *series = new QBarSeries(chart);
    chart->addSeries(series);
    auto *mapper = new QVBarModelMapper(chart);
    mapper->setFirstBarSetColumn(column);
    mapper->setLastBarSetColumn(column);
    mapper->setSeries(series);
    mapper->setModel(model);
    auto *categories = new QBarCategoryAxis(chart);
    for (int row = 0; row < model->rowCount(); ++row)
        categories->append(model->headerData(row, Qt::Vertical).toString());
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto *values = new QValueAxis(chart);
    values->setTitleText(axisTitle);
    values->setMin(0);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

} // namespace

TiersView::TiersView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent),
      m_estimates(new models::TierEstimateModel(this)),
      m_tenants(new models::TenantTierCostModel(this)),
      m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("tiersPage"));
    auto *layout = new QVBoxLayout(this);

    auto *tenantBox = new QGroupBox(tr("Tenants", "tiers view group"), this);
    auto *tenantLayout = new QVBoxLayout(tenantBox);
    m_table = new QTableView(tenantBox);
    m_table->setObjectName(QStringLiteral("tenantTierTable"));
    m_table->setAccessibleName(tr("Tier and estimated cost per tenant", "accessible name"));
    m_table->setModel(m_tenants);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    tenantLayout->addWidget(m_table, 1);

    auto *choice = new QHBoxLayout;
    auto *choiceLabel = new QLabel(tr("New &tier:", "tiers view label"), tenantBox);
    m_tierChoice = new QComboBox(tenantBox);
    m_tierChoice->setObjectName(QStringLiteral("tierChoiceCombo"));
    m_tierChoice->setAccessibleName(tr("New tier for the selected tenant", "accessible name"));
    for (int tier = 1; tier <= models::TierEstimateModel::kTierCount; ++tier)
        m_tierChoice->addItem(tr("Tier %1", "tier choice").arg(tier), tier);
    choiceLabel->setBuddy(m_tierChoice);
    m_apply = new QPushButton(tr("&Apply tier", "tiers view button"), tenantBox);
    m_apply->setObjectName(QStringLiteral("applyTierButton"));
    choice->addWidget(choiceLabel);
    choice->addWidget(m_tierChoice);
    choice->addWidget(m_apply);
    choice->addStretch();
    tenantLayout->addLayout(choice);

    m_progress = new QProgressBar(tenantBox);
    m_progress->setObjectName(QStringLiteral("tierMigrationProgress"));
    m_progress->setAccessibleName(tr("Migration progress", "accessible name"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_status = new QLabel(tenantBox);
    m_status->setObjectName(QStringLiteral("tierMigrationStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    tenantLayout->addWidget(m_progress);
    tenantLayout->addWidget(m_status);
    layout->addWidget(tenantBox, 1);

    auto *charts = new QHBoxLayout;
    m_costChart = tierChart(m_estimates, models::TierEstimateModel::RelativeCostColumn,
                            tr("Estimated relative cost per tenant", "tier chart title"),
                            tr("× tier 1", "tier chart axis"), this);
    m_costChart->setObjectName(QStringLiteral("tierCostChart"));
    m_costChart->setAccessibleName(tr("Estimated relative cost per tier", "accessible name"));
    m_costChart->setToolTip(tr("Estimates from the console's cost model; replace them with your own prices.",
                               "tier chart tooltip"));
    m_latencyChart = tierChart(m_estimates, models::TierEstimateModel::MeanLatencyColumn,
                               tr("Measured mean latency", "tier chart title"),
                               tr("milliseconds", "tier chart axis"), this);
    m_latencyChart->setObjectName(QStringLiteral("tierLatencyChart"));
    m_latencyChart->setAccessibleName(tr("Measured mean latency per tier", "accessible name"));
    charts->addWidget(m_costChart);
    charts->addWidget(m_latencyChart);
    layout->addLayout(charts, 1);

    setTabOrder(m_table, m_tierChoice);
    setTabOrder(m_tierChoice, m_apply);

    m_poll->setInterval(kPollIntervalMs);
    connect(m_poll, &QTimer::timeout, this, &TiersView::pollMigration);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            applyTier(rows.first().data(models::TenantTierCostModel::TenantIdRole).toString(),
                      m_tierChoice->currentData().toInt());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TiersView::selectionChanged);
    connect(m_estimates, &QAbstractItemModel::dataChanged, this, &TiersView::rescaleCharts);
    connect(session, &models::ConsoleSession::tenantsChanged, this, &TiersView::reloadTenants);
    connect(session, &models::ConsoleSession::principalChanged, this, &TiersView::selectionChanged);
    reloadTenants();
    rescaleCharts();
}

QString TiersView::title() const
{
    return tr("Isolation t&iers", "navigation entry");
}

void TiersView::activate()
{
    session()->refresh();
    refreshMetrics();
}

void TiersView::reloadTenants()
{
    m_tenants->setTenants(models::ClassificationMatrixModel::tenantsJson(*session()->tenants()));
    selectionChanged();
}

void TiersView::selectionChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool selected = !rows.isEmpty();
    if (selected) {
        const int chosen = rows.first().data(models::TenantTierCostModel::ChosenTierRole).toInt();
        const int at = m_tierChoice->findData(chosen);
        if (at >= 0)
            m_tierChoice->setCurrentIndex(at);
    }
    const bool allowed = session()->isPlatformAdmin() && m_migrating.isEmpty();
    m_tierChoice->setEnabled(selected && allowed);
    m_apply->setEnabled(selected && allowed);
}

void TiersView::applyTier(const QString &tenantId, int tier)
{
    qint64 version = -1;
    int current = 0;
    for (int row = 0; row < m_tenants->rowCount(); ++row) {
        const QModelIndex index = m_tenants->index(row, 0);
        if (index.data(models::TenantTierCostModel::TenantIdRole).toString() == tenantId) {
            version = index.data(models::TenantTierCostModel::VersionRole).toLongLong();
            current = index.data(models::TenantTierCostModel::ChosenTierRole).toInt();
        }
    }
    if (version < 0 || !m_migrating.isEmpty())
        return;
    if (tier == current) {
        m_status->setText(tr("%1 already runs on tier %2.", "tier migration status: tenant id, tier")
                              .arg(tenantId).arg(tier));
        return;
    }
    m_migrating = tenantId;
    m_targetTier = tier;
    m_fromTier = current;
    m_unstartedPolls = 0;
    selectionChanged();
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_status->setText(tr("Moving %1 to tier %2…", "tier migration status: tenant id, tier").arg(tenantId).arg(tier));
    QJsonObject body;
    body.insert(QLatin1StringView("tier"), tier);
    body.insert(QLatin1StringView("version"), version);
    session()->admin()->call("PATCH", QStringLiteral("/admin/v1/tenants/") + tenantId, {}, body, this,
                             [this, tenantId](const models::AdminResult &result) {
                                 if (!result.ok()) {
                                     finishMigration(tr("The tier of %1 was not changed: %2",
                                                        "tier migration status: tenant id, error sentence")
                                                         .arg(tenantId, models::describeAdminError(result.error)));
                                     session()->refresh();
                                     return;
                                 }
                                 session()->refresh();
                                 pollMigration();
                                 m_poll->start();
                             },
                             version);
}

void TiersView::pollMigration()
{
    if (m_migrating.isEmpty()) {
        m_poll->stop();
        return;
    }
    const QString tenantId = m_migrating;
    session()->admin()->get(
        QStringLiteral("/admin/v1/tenants/%1/migration").arg(tenantId), {}, this,
        [this, tenantId](const models::AdminResult &result) {
            if (tenantId != m_migrating)
                return;  // a late answer for a migration already finished
            // The daemon starts the migration job after answering the PATCH: until it reports
            // this change (from m_fromTier to m_targetTier), "no migration" or an earlier one's
            // status only means "not started yet".
            const bool ours = result.ok() &&
                              result.body.value(QLatin1StringView("to_tier")).toInt() == m_targetTier &&
                              result.body.value(QLatin1StringView("from_tier")).toInt(m_fromTier) == m_fromTier;
            if ((result.error == protocol::ApiErrorCode::NotFound || (result.ok() && !ours)) &&
                ++m_unstartedPolls < kMaxUnstartedPolls)
                return;
            if (result.error == protocol::ApiErrorCode::NotFound) {
                // A daemon without document storage has nothing to move.
                finishMigration(tr("%1 changed tier; there was no data to migrate.",
                                   "tier migration status: tenant id").arg(tenantId));
                return;
            }
            if (!result.ok()) {
                finishMigration(tr("The migration status of %1 is unavailable: %2",
                                   "tier migration status: tenant id, error sentence")
                                    .arg(tenantId, models::describeAdminError(result.error)));
                return;
            }
            const QString phase = result.body.value(QLatin1StringView("phase")).toString();
            const int total = result.body.value(QLatin1StringView("total")).toInt();
            const int moved = result.body.value(QLatin1StringView("moved")).toInt();
            const int toTier = result.body.value(QLatin1StringView("to_tier")).toInt(m_targetTier);
            m_progress->setValue(total > 0 ? std::clamp(moved * 100 / total, 0, 100) : 0);
            // The documents are done before the audit log follows them ("state" stays running).
            const bool running = result.body.value(QLatin1StringView("state")).toString() == QLatin1StringView("running");
            if (phase == QLatin1StringView("done") && running) {
                m_progress->setValue(99);
                m_status->setText(tr("Moving %1 to tier %2: documents moved, now its audit log.",
                                     "tier migration status: tenant id, tier")
                                      .arg(tenantId).arg(toTier));
            } else if (phase == QLatin1StringView("done")) {
                m_progress->setValue(100);
                finishMigration(tr("%1 now runs on tier %2.", "tier migration status: tenant id, tier")
                                    .arg(tenantId).arg(toTier));
                session()->refresh();
            } else if (phase == QLatin1StringView("failed") || phase == QLatin1StringView("rolled_back")) {
                finishMigration(tr("The migration of %1 to tier %2 failed and was rolled back; its data "
                                   "stays where it was.", "tier migration status: tenant id, tier")
                                    .arg(tenantId).arg(toTier));
                session()->refresh();
            } else {
                m_status->setText(tr("Moving %1 to tier %2: %3 of %4 documents copied.",
                                     "tier migration status: tenant id, tier, moved, total")
                                      .arg(tenantId).arg(toTier).arg(moved).arg(total));
            }
        });
}

void TiersView::finishMigration(const QString &message)
{
    m_poll->stop();
    m_migrating.clear();
    m_status->setText(message);
    selectionChanged();
}

void TiersView::refreshMetrics()
{
    // /metrics lives on the daemon's base URL, beside /admin.
    session()->admin()->get(QStringLiteral("/metrics"), {}, this, [this](const models::AdminResult &result) {
        if (result.ok())
            m_estimates->setMetrics(result.raw);
    });
}

void TiersView::rescaleCharts()
{
    for (auto [view, column] : {std::pair{m_costChart, int(models::TierEstimateModel::RelativeCostColumn)},
                                std::pair{m_latencyChart, int(models::TierEstimateModel::MeanLatencyColumn)}}) {
        double highest = 0;
        for (int row = 0; row < m_estimates->rowCount(); ++row)
            highest = std::max(highest, m_estimates->index(row, column).data().toDouble());
        const auto axes = view->chart()->axes(Qt::Vertical);
        if (auto *axis = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first())) {
            axis->setRange(0.0, highest > 0 ? highest * 1.15 : 1.0);
            axis->applyNiceNumbers();  // round ticks (0, 5, 10 …), not 0, 4.8, 9.6
        }
    }
}

} // namespace bulkhead::ui
