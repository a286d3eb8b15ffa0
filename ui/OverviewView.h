#pragma once

#include "ui/ConsoleView.h"

class QBarCategoryAxis;
class QBarSet;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace bulkhead::models {
class MetricsHistory;
}

namespace bulkhead::ui {

class ChartPanel;

// Platform assurance tier, violations, daemon status and charts of tenant request rate, blocks
// by reason and latency by tier (the console's own polling is not charted). /metrics is scraped every two seconds only while the page is
// visible; the rate chart covers the last five minutes of scrapes.
class OverviewView final : public ConsoleView
{
    Q_OBJECT

public:
    OverviewView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

    models::MetricsHistory *metricsHistory() const { return m_history; }
    // One scrape of /metrics and /readyz now (the timer does the same every two seconds).
    void refreshMetrics();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showDecision();
    void showTier(const QJsonValue &tier);
    void refreshTier();
    void refreshReadiness();
    void updateRateChart();
    void updateBarCharts();

    models::MetricsHistory *m_history;
    QTimer *m_poll;
    QLabel *m_tier;
    QLabel *m_violations;
    QLabel *m_ready;
    QLabel *m_metricsStatus;

    ChartPanel *m_ratePanel;
    QLineSeries *m_rateSeries;
    QDateTimeAxis *m_rateTimeAxis;
    QValueAxis *m_rateAxis;

    ChartPanel *m_blocksPanel;
    QBarSet *m_blocksSet;
    QBarCategoryAxis *m_blocksCategories;
    QValueAxis *m_blocksAxis;

    ChartPanel *m_latencyPanel;
    QBarSet *m_latencySet;
    QBarCategoryAxis *m_latencyCategories;
    QValueAxis *m_latencyAxis;

    bool m_scrapeInFlight = false;
};

} // namespace bulkhead::ui
