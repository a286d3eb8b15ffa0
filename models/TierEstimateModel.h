#pragma once

#include "models/PrometheusText.h"

#include "models/RowTableModel.h"

#include <QJsonArray>
#include <QVector>

namespace bulkhead::models {

// What one tenant costs per month at a tier, by the console's cost model.
//
// These are ESTIMATES, not prices: list-price ballparks in US dollars for a small managed
// PostgreSQL and proxy deployment. An operator should replace them with their own prices; the
// console only uses them to compare tiers with each other.
struct TierCostModel {
    // Tier 1: the tenant's share of the shared database, proxy and upstream.
    static constexpr double kSharedBasePerTenant = 40.0;
    // Tier 2 adds a per-tenant schema, database role and key management (KMS key, rotation).
    static constexpr double kSchemaRoleAndKeys = 25.0;
    // Tier 3 adds a dedicated database instance and a dedicated upstream endpoint.
    static constexpr double kDedicatedDatabase = 450.0;
    static constexpr double kDedicatedUpstream = 150.0;

    // 0 for a tier outside 1..3.
    static double monthlyCost(int tier);
    // Relative to tier 1.
    static double relativeCost(int tier);
};

// One row per isolation tier (1..3): estimated relative cost and the latency measured by the
// daemon (/metrics, bulkhead_request_duration_seconds over data-plane routes). Rows never change,
// so updates are always a ranged dataChanged. Feeds the tier charts.
class TierEstimateModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TierColumn,
        RelativeCostColumn,    // double, tier 1 = 1.0
        MeanLatencyColumn,     // double milliseconds; empty without requests
        RequestCountColumn,    // qint64
        ColumnCount
    };
    static constexpr int kTierCount = 3;

    explicit TierEstimateModel(QObject *parent = nullptr);

    // The /metrics text as served by bulkheadd.
    void setMetrics(const QByteArray &prometheusText);
    void setSamples(const QVector<MetricSample> &samples);
    // Routes counted as data plane (admin, health and metrics scrapes are not).
    static bool isDataPlaneRoute(const QString &route);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Measured {
        double seconds = 0;
        qint64 count = 0;
    };
    QVector<Measured> m_measured = QVector<Measured>(kTierCount);
};

// One row per tenant: chosen and minimum tier and the estimated monthly cost at the chosen tier.
class TenantTierCostModel final : public RowTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, ChosenTierColumn, MinimumTierColumn, MonthlyCostColumn, ColumnCount };
    enum Role { TenantIdRole = Qt::UserRole + 1, VersionRole, ChosenTierRole };

    explicit TenantTierCostModel(QObject *parent = nullptr);

    // The admin API's tenant JSON; same ids in the same order update in place.
    void setTenants(const QJsonArray &tenants);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString id;
        int chosenTier = 0;
        int minimumTier = 0;
        bool violation = false;
        qint64 version = 0;
    };
    QVector<Row> m_rows;
};

} // namespace bulkhead::models
