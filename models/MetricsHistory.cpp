#include "models/MetricsHistory.h"

#include <QLocale>

#include <algorithm>

namespace bulkhead::models {

MetricsHistory::MetricsHistory(QObject *parent) : QAbstractTableModel(parent) {}

bool MetricsHistory::isControlPlaneRoute(const QString &route)
{
    static const QStringList controlPlane{QStringLiteral("admin"), QStringLiteral("metrics"),
                                          QStringLiteral("healthz"), QStringLiteral("readyz")};
    return controlPlane.contains(route);
}

QVector<MetricSample> MetricsHistory::tenantTraffic(const QVector<MetricSample> &scrape)
{
    QVector<MetricSample> out;
    out.reserve(scrape.size());
    for (const MetricSample &sample : scrape) {
        const auto route = sample.labels.constFind(QStringLiteral("route"));
        if (route == sample.labels.constEnd() || !isControlPlaneRoute(*route))
            out.push_back(sample);
    }
    return out;
}

bool MetricsHistory::hasTraffic() const
{
    return std::any_of(m_samples.cbegin(), m_samples.cend(),
                       [](const Sample &s) { return s.total > 0; });
}

void MetricsHistory::setWindowSeconds(qint64 seconds)
{
    m_windowSeconds = qMax<qint64>(1, seconds);
    trim();
}

void MetricsHistory::addScrape(const QVector<MetricSample> &everything, const QDateTime &at)
{
    const QVector<MetricSample> scrape = tenantTraffic(everything);
    Sample s;
    s.time = at;
    s.total = sumOf(scrape, QStringLiteral("bulkhead_requests_total"));
    if (!m_samples.isEmpty()) {
        const Sample &previous = m_samples.constLast();
        const double elapsed = double(previous.time.msecsTo(at)) / 1000.0;
        const double delta = s.total - previous.total;
        // A smaller total means the daemon restarted and its counters began again: the delta
        // says nothing about the rate, and a negative rate would be nonsense on the chart.
        s.rate = elapsed > 0 && delta >= 0 ? delta / elapsed : 0;
    }
    const int row = int(m_samples.size());
    beginInsertRows({}, row, row);
    m_samples.push_back(s);
    endInsertRows();
    trim();

    m_blocks = sumBy(scrape, QStringLiteral("bulkhead_blocks_total"), QStringLiteral("reason"));
    const QMap<QString, double> sums =
        sumBy(scrape, QStringLiteral("bulkhead_request_duration_seconds_sum"), QStringLiteral("tier"));
    const QMap<QString, double> counts =
        sumBy(scrape, QStringLiteral("bulkhead_request_duration_seconds_count"), QStringLiteral("tier"));
    m_latency.clear();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > 0)
            m_latency.insert(it.key(), sums.value(it.key()) / it.value() * 1000.0);
    m_policyAvailable = -1;
    for (const MetricSample &sample : scrape)
        if (sample.name == QLatin1StringView("bulkhead_policy_available"))
            m_policyAvailable = sample.value > 0 ? 1 : 0;
    Q_EMIT latestChanged();
}

void MetricsHistory::trim()
{
    if (m_samples.isEmpty())
        return;
    const QDateTime oldestKept = m_samples.constLast().time.addSecs(-m_windowSeconds);
    int drop = 0;
    while (drop < m_samples.size() && m_samples.at(drop).time < oldestKept)
        ++drop;
    if (drop == 0)
        return;
    beginRemoveRows({}, 0, drop - 1);
    m_samples.remove(0, drop);
    endRemoveRows();
}

void MetricsHistory::clear()
{
    beginResetModel();
    m_samples.clear();
    m_blocks.clear();
    m_latency.clear();
    m_policyAvailable = -1;
    endResetModel();
    Q_EMIT latestChanged();
}

const MetricsHistory::Sample *MetricsHistory::sample(int row) const
{
    return row >= 0 && row < m_samples.size() ? &m_samples[row] : nullptr;
}

int MetricsHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_samples.size());
}

int MetricsHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Sample &s = m_samples[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QLocale().toString(s.time.toLocalTime().time(), QLocale::LongFormat);
        case TotalColumn: return QLocale().toString(s.total, 'f', 0);
        case RateColumn: return QLocale().toString(s.rate, 'f', 2);
        default: return {};
        }
    case Qt::EditRole:
        switch (index.column()) {
        case TimeColumn: return s.time;
        case TotalColumn: return s.total;
        case RateColumn: return s.rate;
        default: return {};
        }
    case TimeRole: return s.time;
    case TotalRole: return s.total;
    case RateRole: return s.rate;
    default: return {};
    }
}

QVariant MetricsHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time", "metrics history header");
    case TotalColumn: return tr("Requests", "metrics history header: total requests so far");
    case RateColumn: return tr("Requests per second", "metrics history header");
    default: return {};
    }
}

} // namespace bulkhead::models
