#include "models/TierEstimateModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonObject>
#include <QLocale>

namespace bulkhead::models {

double TierCostModel::monthlyCost(int tier)
{
    switch (tier) {
    case 1: return kSharedBasePerTenant;
    case 2: return kSharedBasePerTenant + kSchemaRoleAndKeys;
    // A dedicated database still needs the tenant's own role and keys.
    case 3: return kSharedBasePerTenant + kSchemaRoleAndKeys + kDedicatedDatabase + kDedicatedUpstream;
    default: return 0;
    }
}

double TierCostModel::relativeCost(int tier)
{
    return monthlyCost(tier) / monthlyCost(1);
}

TierEstimateModel::TierEstimateModel(QObject *parent) : QAbstractTableModel(parent) {}

bool TierEstimateModel::isDataPlaneRoute(const QString &route)
{
    static const QStringList kControlRoutes{QStringLiteral("admin"), QStringLiteral("healthz"),
                                            QStringLiteral("readyz"), QStringLiteral("metrics"),
                                            QStringLiteral("other")};
    return !route.isEmpty() && !kControlRoutes.contains(route);
}

void TierEstimateModel::setMetrics(const QByteArray &prometheusText)
{
    setSamples(parsePrometheusText(prometheusText));
}

void TierEstimateModel::setSamples(const QVector<MetricSample> &samples)
{
    QVector<Measured> next(kTierCount);
    static const QString kSum = QStringLiteral("bulkhead_request_duration_seconds_sum");
    static const QString kCount = QStringLiteral("bulkhead_request_duration_seconds_count");
    for (const MetricSample &s : samples) {
        const bool isSum = s.name == kSum;
        if ((!isSum && s.name != kCount) || !isDataPlaneRoute(s.labels.value(QStringLiteral("route"))))
            continue;
        bool ok = false;
        const int tier = s.labels.value(QStringLiteral("tier")).toInt(&ok);
        // Tier 0: requests rejected before a tenant was known.
        if (!ok || tier < 1 || tier > kTierCount)
            continue;
        if (isSum)
            next[tier - 1].seconds += s.value;
        else
            next[tier - 1].count += qint64(s.value);
    }
    m_measured = std::move(next);
    Q_EMIT dataChanged(index(0, MeanLatencyColumn), index(kTierCount - 1, RequestCountColumn));
}

int TierEstimateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kTierCount;
}

int TierEstimateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TierEstimateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int tier = index.row() + 1;
    const Measured &m = m_measured[index.row()];
    // Display and edit are numbers so the charts' model mappers can read them.
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case TierColumn: return tier;
        case RelativeCostColumn: return qRound(TierCostModel::relativeCost(tier) * 100) / 100.0;
        case MeanLatencyColumn:
            return m.count > 0 ? QVariant(qRound(m.seconds / double(m.count) * 10000) / 10.0) : QVariant();
        case RequestCountColumn: return m.count;
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == RelativeCostColumn)
            return tr("Estimated %1 per tenant per month; replace the estimate with your own prices.",
                      "tier table tooltip: a currency amount")
                .arg(QLocale().toCurrencyString(TierCostModel::monthlyCost(tier), QStringLiteral("$")));
        if (index.column() == MeanLatencyColumn && m.count == 0)
            return tr("No data-plane requests on tier %1 yet.", "tier table tooltip").arg(tier);
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant TierEstimateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section >= 0 && section < kTierCount
                   ? QVariant(tr("Tier %1", "tier chart category").arg(section + 1)) : QVariant();
    switch (section) {
    case TierColumn: return tr("Tier", "tier table header");
    case RelativeCostColumn: return tr("Estimated relative cost", "tier table header");
    case MeanLatencyColumn: return tr("Mean latency (ms)", "tier table header");
    case RequestCountColumn: return tr("Requests", "tier table header");
    default: return {};
    }
}

TenantTierCostModel::TenantTierCostModel(QObject *parent) : RowTableModel(parent) {}

void TenantTierCostModel::setTenants(const QJsonArray &tenants)
{
    QVector<Row> next;
    next.reserve(tenants.size());
    for (const QJsonValue &v : tenants) {
        const QJsonObject o = v.toObject();
        Row row;
        row.id = o.value(QLatin1StringView("id")).toString();
        row.chosenTier = o.value(QLatin1StringView("tier")).toInt();
        row.minimumTier = o.value(QLatin1StringView("minimum_tier")).toInt();
        row.violation = o.value(QLatin1StringView("violation")).toBool();
        row.version = o.value(QLatin1StringView("version")).toInteger();
        next.push_back(row);
    }
    replaceRows(m_rows, std::move(next), [](const auto &a, const auto &b) { return a.id == b.id; });
}

int TenantTierCostModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TenantTierCostModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TenantTierCostModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == MonthlyCostColumn)
            return row.chosenTier > 0
                       ? QVariant(QLocale().toCurrencyString(TierCostModel::monthlyCost(row.chosenTier),
                                                             QStringLiteral("$")))
                       : QVariant();
        Q_FALLTHROUGH();
    case Qt::EditRole:
        switch (index.column()) {
        case IdColumn: return row.id;
        case ChosenTierColumn: return row.chosenTier > 0 ? QVariant(row.chosenTier) : QVariant();
        case MinimumTierColumn: return row.minimumTier;
        case MonthlyCostColumn: return TierCostModel::monthlyCost(row.chosenTier);
        default: return {};
        }
    case Qt::BackgroundRole:
        return row.violation ? QVariant(QBrush(QColor(0xf8, 0xd7, 0xda))) : QVariant();
    case Qt::TextAlignmentRole:
        // Amounts line up on their last digit, as in a ledger.
        return index.column() == MonthlyCostColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == MonthlyCostColumn)
            return tr("An estimate from the console's cost model, not a price.", "tenant tier table tooltip");
        if (row.violation)
            return tr("Tenant %1 runs on tier %2 but needs at least tier %3.",
                      "tenant tier table tooltip: id, chosen tier, minimum tier")
                .arg(row.id).arg(row.chosenTier).arg(row.minimumTier);
        return {};
    case TenantIdRole: return row.id;
    case VersionRole: return row.version;
    case ChosenTierRole: return row.chosenTier;
    default: return {};
    }
}

QVariant TenantTierCostModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("Tenant", "tenant tier table header");
    case ChosenTierColumn: return tr("Chosen tier", "tenant tier table header");
    case MinimumTierColumn: return tr("Minimum tier", "tenant tier table header");
    case MonthlyCostColumn: return tr("Estimated monthly cost", "tenant tier table header");
    default: return {};
    }
}

} // namespace bulkhead::models
