#pragma once

#include "models/PrometheusText.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QMap>
#include <QVector>

namespace bulkhead::models {

// Successive /metrics scrapes as a bounded time series (rows = samples, oldest first) for the
// overview's request-rate chart, plus the latest scrape's blocks by reason and latency by tier.
// Only tenant traffic counts: the daemon labels its own endpoints (the admin API the console
// polls, /metrics, /healthz, /readyz) with control-plane routes, and those samples are left out,
// so an idle platform charts 0 requests/s however often the console asks.
// The caller passes each scrape's time: no clock in here, so tests replay exact timelines.
// Signals: a scrape appends one row (rowsInserted), then samples older than the window are
// dropped from the front (rowsRemoved); the bar values change with latestChanged().
class MetricsHistory final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, TotalColumn, RateColumn, ColumnCount };
    enum Role {
        TimeRole = Qt::UserRole + 1,  // QDateTime
        TotalRole,                    // double: bulkhead_requests_total over the data-plane routes
        RateRole,                     // double: requests per second since the previous sample
    };

    struct Sample {
        QDateTime time;
        double total = 0;
        double rate = 0;
    };

    explicit MetricsHistory(QObject *parent = nullptr);

    // The daemon's own routes ("admin", "metrics", "healthz", "readyz"): not tenant traffic.
    static bool isControlPlaneRoute(const QString &route);
    // The scrape without the samples of control-plane routes.
    static QVector<MetricSample> tenantTraffic(const QVector<MetricSample> &scrape);
    // True once any tenant request was counted (the charts say "no data yet" before).
    bool hasTraffic() const;

    // How far back samples are kept (default five minutes).
    void setWindowSeconds(qint64 seconds);
    qint64 windowSeconds() const { return m_windowSeconds; }

    void addScrape(const QVector<MetricSample> &scrape, const QDateTime &at);
    void clear();

    const Sample *sample(int row) const;
    double latestRate() const { return m_samples.isEmpty() ? 0 : m_samples.constLast().rate; }
    // bulkhead_blocks_total by reason.
    QMap<QString, double> blocksByReason() const { return m_blocks; }
    // Mean request duration in milliseconds by tier ("0" is traffic no tenant was resolved for).
    QMap<QString, double> meanLatencyMsByTier() const { return m_latency; }
    // bulkhead_policy_available, -1 when not scraped.
    int policyAvailable() const { return m_policyAvailable; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void latestChanged();

private:
    void trim();

    QVector<Sample> m_samples;
    qint64 m_windowSeconds = 300;
    QMap<QString, double> m_blocks;
    QMap<QString, double> m_latency;
    int m_policyAvailable = -1;
};

} // namespace bulkhead::models
