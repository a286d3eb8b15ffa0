#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QVector>

namespace bulkhead::models {

// One sample of the Prometheus text exposition format (what bulkheadd serves at /metrics).
struct MetricSample {
    QString name;                  // bulkhead_requests_total
    QMap<QString, QString> labels; // {"tenant": "life", "tier": "2"}
    double value = 0;
};

// Parses the text format (version 0.0.4): comments and malformed lines are skipped, label values
// are unescaped (\\, \", \n).
QVector<MetricSample> parsePrometheusText(const QByteArray &text);

// The sum of every sample named `name` whose labels include all of `match`.
double sumOf(const QVector<MetricSample> &samples, const QString &name,
             const QMap<QString, QString> &match = {});
// Sums of `name` grouped by one label's value ("reason" -> count).
QMap<QString, double> sumBy(const QVector<MetricSample> &samples, const QString &name,
                            const QString &label);

} // namespace bulkhead::models
