#include "models/PrometheusText.h"

#include <QList>

namespace bulkhead::models {

namespace {

// Parses `{a="x",b="y"}` starting at text[pos] == '{'; returns the index after '}' or -1.
qsizetype parseLabels(const QByteArray &line, qsizetype pos, QMap<QString, QString> &labels)
{
    ++pos;
    while (pos < line.size()) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == ','))
            ++pos;
        if (pos < line.size() && line[pos] == '}')
            return pos + 1;
        const qsizetype eq = line.indexOf('=', pos);
        if (eq < 0 || eq + 1 >= line.size() || line[eq + 1] != '"')
            return -1;
        const QString key = QString::fromUtf8(line.mid(pos, eq - pos)).trimmed();
        QByteArray value;
        qsizetype i = eq + 2;
        for (; i < line.size() && line[i] != '"'; ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
                ++i;
                value += line[i] == 'n' ? '\n' : line[i];
            } else {
                value += line[i];
            }
        }
        if (i >= line.size())
            return -1;
        labels.insert(key, QString::fromUtf8(value));
        pos = i + 1;
    }
    return -1;
}

} // namespace

QVector<MetricSample> parsePrometheusText(const QByteArray &text)
{
    QVector<MetricSample> samples;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        MetricSample sample;
        qsizetype pos = 0;
        while (pos < line.size() && line[pos] != '{' && line[pos] != ' ')
            ++pos;
        sample.name = QString::fromUtf8(line.left(pos));
        if (pos < line.size() && line[pos] == '{') {
            pos = parseLabels(line, pos, sample.labels);
            if (pos < 0)
                continue;
        }
        const QList<QByteArray> rest = line.mid(pos).trimmed().split(' ');
        bool ok = false;
        sample.value = rest.value(0).toDouble(&ok);
        if (!ok || sample.name.isEmpty())
            continue;
        samples.push_back(std::move(sample));
    }
    return samples;
}

double sumOf(const QVector<MetricSample> &samples, const QString &name,
             const QMap<QString, QString> &match)
{
    double total = 0;
    for (const MetricSample &s : samples) {
        if (s.name != name)
            continue;
        bool matches = true;
        for (auto it = match.cbegin(); matches && it != match.cend(); ++it)
            matches = s.labels.value(it.key()) == it.value();
        if (matches)
            total += s.value;
    }
    return total;
}

QMap<QString, double> sumBy(const QVector<MetricSample> &samples, const QString &name,
                            const QString &label)
{
    QMap<QString, double> out;
    for (const MetricSample &s : samples)
        if (s.name == name)
            out[s.labels.value(label)] += s.value;
    return out;
}

} // namespace bulkhead::models
