#include "models/ProbeHistoryModel.h"

#include <QLocale>

namespace bulkhead::models {

ProbeHistoryModel::ProbeHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

ProbeHistoryModel::Run ProbeHistoryModel::runFromJson(const QJsonObject &o)
{
    Run r;
    r.id = o.value(QLatin1StringView("id")).toString();
    r.started = QDateTime::fromString(o.value(QLatin1StringView("started_at")).toString(), Qt::ISODate);
    r.finished = QDateTime::fromString(o.value(QLatin1StringView("finished_at")).toString(), Qt::ISODate);
    r.status = o.value(QLatin1StringView("status")).toString();
    const QJsonObject summary = o.value(QLatin1StringView("summary")).toObject();
    r.passed = summary.value(QLatin1StringView("pass")).toInt();
    r.failed = summary.value(QLatin1StringView("fail")).toInt() +
               summary.value(QLatin1StringView("error")).toInt();
    return r;
}

void ProbeHistoryModel::setRuns(const QJsonArray &runs)
{
    QVector<Run> next;
    next.reserve(runs.size());
    for (const QJsonValue &v : runs) {
        Run r = runFromJson(v.toObject());
        if (!r.finished.isValid())
            r.finished = m_finished.value(r.id);
        next.push_back(std::move(r));
    }

    const qsizetype added = next.size() - m_runs.size();
    bool tailMatches = added >= 0;
    for (qsizetype i = 0; tailMatches && i < m_runs.size(); ++i)
        tailMatches = next[added + i].id == m_runs[i].id;
    if (!tailMatches) {
        beginResetModel();
        m_runs = std::move(next);
        endResetModel();
        return;
    }
    if (added > 0) {
        beginInsertRows({}, 0, int(added) - 1);
        m_runs = next.mid(0, added) + m_runs;
        endInsertRows();
    }
    int first = -1;
    int last = -1;
    for (qsizetype i = added; i < next.size(); ++i) {
        if (next[i] == m_runs[i])
            continue;
        m_runs[i] = next[i];
        if (first < 0)
            first = int(i);
        last = int(i);
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void ProbeHistoryModel::updateRun(const QJsonObject &object)
{
    const Run r = runFromJson(object);
    if (r.finished.isValid())
        m_finished.insert(r.id, r.finished);
    for (qsizetype i = 0; i < m_runs.size(); ++i) {
        if (m_runs[i].id != r.id)
            continue;
        if (m_runs[i] != r) {
            m_runs[i] = r;
            Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        }
        return;
    }
}

const ProbeHistoryModel::Run *ProbeHistoryModel::run(int row) const
{
    return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr;
}

int ProbeHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int ProbeHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProbeHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run &r = m_runs[index.row()];
    const qint64 duration = r.started.isValid() && r.finished.isValid() ? r.started.secsTo(r.finished) : -1;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return r.id;
        case StartedColumn: return QLocale().toString(r.started.toLocalTime(), QLocale::ShortFormat);
        case StateColumn:
            if (r.status == QLatin1StringView("running"))
                return tr("Running", "probe run state");
            if (r.status == QLatin1StringView("passed"))
                return tr("Passed", "probe run state");
            if (r.status == QLatin1StringView("failed"))
                return tr("Failed", "probe run state");
            if (r.status == QLatin1StringView("error"))
                return tr("Error", "probe run state: the run could not finish");
            return r.status;
        case PassedColumn: return r.passed;
        case FailedColumn: return r.failed;
        case DurationColumn:
            if (duration < 0)
                return {};
            return tr("%1 min %2 s", "probe run duration: minutes, seconds")
                .arg(duration / 60).arg(duration % 60);
        default: return {};
        }
    case Qt::EditRole:  // sortable values
        switch (index.column()) {
        case StartedColumn: return r.started;
        case DurationColumn: return duration;
        default: return data(index, Qt::DisplayRole);
        }
    case RunIdRole: return r.id;
    case StartedRole: return r.started;
    case PassedRole: return r.passed;
    case FailedRole: return r.failed;
    case StatusRole: return r.status;
    case DurationRole: return duration;
    default: return {};
    }
}

QVariant ProbeHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("Run", "probe history header");
    case StartedColumn: return tr("Started", "probe history header");
    case StateColumn: return tr("State", "probe history header");
    case PassedColumn: return tr("Passed", "probe history header");
    case FailedColumn: return tr("Failed", "probe history header");
    case DurationColumn: return tr("Duration", "probe history header");
    default: return {};
    }
}

} // namespace bulkhead::models
