#pragma once

#include "ui/ConsoleView.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class QChartView;

namespace bulkhead::models {
class TenantTierCostModel;
class TierEstimateModel;
}

namespace bulkhead::ui {

// Per-tenant tier choice with estimated cost and measured latency per tier; tier changes start a migration with progress.
class TiersView final : public ConsoleView
{
    Q_OBJECT

public:
    TiersView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

    models::TierEstimateModel *estimateModel() const { return m_estimates; }
    models::TenantTierCostModel *tenantModel() const { return m_tenants; }

    // PATCH {"tier": tier} with the tenant's version; on success polls the migration. The apply
    // button calls this for the selected tenant and the chosen tier.
    void applyTier(const QString &tenantId, int tier);
    // GET /admin/v1/tenants/{id}/migration once (the timer calls it every 500 ms).
    void pollMigration();
    // GET /metrics and feed the tier model.
    void refreshMetrics();
    QString migratingTenant() const { return m_migrating; }

private:
    void selectionChanged();
    void reloadTenants();
    void finishMigration(const QString &message);
    void rescaleCharts();

    models::TierEstimateModel *m_estimates = nullptr;
    models::TenantTierCostModel *m_tenants = nullptr;
    QTableView *m_table = nullptr;
    QComboBox *m_tierChoice = nullptr;
    QPushButton *m_apply = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QChartView *m_costChart = nullptr;
    QChartView *m_latencyChart = nullptr;
    QTimer *m_poll = nullptr;
    QString m_migrating;
    int m_targetTier = 0;
    int m_fromTier = 0;
    // Polls answered before the daemon's migration job reported this change (it starts after
    // the PATCH is answered): bounded, then the console stops waiting.
    int m_unstartedPolls = 0;
};

} // namespace bulkhead::ui
