#include "models/ConflictHeatmapModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>

#include <algorithm>

namespace bulkhead::models {

ConflictHeatmapModel::ConflictHeatmapModel(QObject *parent) : QAbstractTableModel(parent) {}

void ConflictHeatmapModel::setDecision(const QJsonObject &decision)
{
    const QJsonArray tenants = decision.value(QLatin1StringView("tenants")).toArray();
    QStringList ids;
    for (const QJsonValue &v : tenants)
        ids << v.toObject().value(QLatin1StringView("id")).toString();

    const qsizetype n = ids.size();
    QVector<QVector<Conflict>> cells(n * n);
    for (const QJsonValue &v : tenants) {
        const QJsonObject t = v.toObject();
        const QString subject = t.value(QLatin1StringView("id")).toString();
        const qsizetype a = ids.indexOf(subject);
        for (const QJsonValue &r : t.value(QLatin1StringView("rules")).toArray()) {
            const QJsonObject rule = r.toObject();
            Conflict c;
            c.ruleId = rule.value(QLatin1StringView("id")).toString();
            c.title = rule.value(QLatin1StringView("title")).toString();
            c.rationale = rule.value(QLatin1StringView("rationale")).toString();
            c.tier = rule.value(QLatin1StringView("tier")).toInt();
            c.subject = subject;
            // Rules without a peer condition name the subject itself: no pair.
            for (const QJsonValue &p : rule.value(QLatin1StringView("triggered_by")).toArray()) {
                c.peer = p.toString();
                const qsizetype b = ids.indexOf(c.peer);
                if (b < 0 || b == a)
                    continue;
                cells[a * n + b].push_back(c);
                cells[b * n + a].push_back(c);
            }
        }
    }

    if (ids == m_ids) {
        m_cells = std::move(cells);
        if (n > 0)
            Q_EMIT dataChanged(index(0, 0), index(int(n) - 1, int(n) - 1));
        return;
    }
    beginResetModel();
    m_ids = std::move(ids);
    m_cells = std::move(cells);
    endResetModel();
}

QVector<ConflictHeatmapModel::Conflict> ConflictHeatmapModel::conflicts(int row, int column) const
{
    const int n = int(m_ids.size());
    if (row < 0 || column < 0 || row >= n || column >= n)
        return {};
    return m_cells[row * n + column];
}

int ConflictHeatmapModel::tier(int row, int column) const
{
    int highest = 0;
    for (const Conflict &c : conflicts(row, column))
        highest = std::max(highest, c.tier);
    return highest;
}

QColor ConflictHeatmapModel::tierColor(int tier)
{
    switch (tier) {
    case 1: return QColor(0xd4, 0xed, 0xda);
    case 2: return QColor(0xff, 0xe0, 0x8a);
    case 3: return QColor(0xe5, 0x73, 0x73);
    default: return {};
    }
}

int ConflictHeatmapModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ConflictHeatmapModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant ConflictHeatmapModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int t = tier(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return t > 0 ? QVariant(t) : QVariant();
    case Qt::BackgroundRole:
        return t > 0 ? QVariant(QBrush(tierColor(t))) : QVariant();
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignCenter);
    case Qt::ToolTipRole: {
        const QString a = m_ids[index.row()];
        const QString b = m_ids[index.column()];
        if (t == 0)
            return index.row() == index.column()
                       ? QVariant()
                       : QVariant(tr("No rule separates %1 and %2.", "heatmap tooltip: two tenant ids")
                                      .arg(a, b));
        QStringList lines{tr("%1 and %2 must be separated at tier %3 or above.",
                             "heatmap tooltip: two tenant ids, tier")
                              .arg(a, b).arg(t)};
        for (const Conflict &c : conflicts(index.row(), index.column()))
            lines << tr("%1 (tier %2) on %3: %4", "heatmap tooltip line: rule id, tier, tenant, rule title")
                         .arg(c.ruleId).arg(c.tier).arg(c.subject, c.title);
        return lines.join(QLatin1Char('\n'));
    }
    case RulesRole: {
        QStringList out;
        for (const Conflict &c : conflicts(index.row(), index.column()))
            out << c.ruleId + QLatin1StringView(": ") + c.title;
        return out;
    }
    case RuleIdsRole: {
        QStringList out;
        for (const Conflict &c : conflicts(index.row(), index.column()))
            if (!out.contains(c.ruleId))
                out << c.ruleId;
        out.sort();
        return out;
    }
    case TierRole:
        return t;
    default:
        return {};
    }
}

QVariant ConflictHeatmapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if ((role != Qt::DisplayRole && role != Qt::ToolTipRole) || section < 0 || section >= m_ids.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return m_ids[section];
}

} // namespace bulkhead::models
