#include "models/ProbeMatrixModel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace bulkhead::models {

namespace {

QString field(const QJsonObject &o, const char *name)
{
    return o.value(QLatin1StringView(name)).toString();
}

// Where `value` goes in the sorted list `list`.
int sortedPosition(const QStringList &list, const QString &value)
{
    return int(std::lower_bound(list.begin(), list.end(), value) - list.begin());
}

void insertSortedUnique(QStringList &list, const QString &value)
{
    if (value.isEmpty())
        return;
    const int at = sortedPosition(list, value);
    if (at < list.size() && list.at(at) == value)
        return;
    list.insert(at, value);
}

} // namespace

ProbeMatrixModel::ProbeMatrixModel(QObject *parent) : QAbstractTableModel(parent) {}

QStringList ProbeMatrixModel::knownLayers()
{
    return {QStringLiteral("prompt_direct"),   QStringLiteral("prompt_indirect"),
            QStringLiteral("egress_channels"), QStringLiteral("kv_cache"),
            QStringLiteral("retrieval_bleed"), QStringLiteral("retrieval_drill"),
            QStringLiteral("key_isolation"),   QStringLiteral("log_bleed"),
            QStringLiteral("log_drill"),       QStringLiteral("admin_plane")};
}

bool ProbeMatrixModel::resultPassed(const QJsonObject &result)
{
    const QJsonValue passed = result.value(QLatin1StringView("passed"));
    if (passed.isBool())
        return passed.toBool();
    return field(result, "outcome") == QLatin1StringView("pass");
}

void ProbeMatrixModel::setTenants(const QStringList &tenants)
{
    beginResetModel();
    m_attackers.clear();
    for (const QString &t : tenants)
        insertSortedUnique(m_attackers, t);
    m_victims = m_attackers;
    m_results.clear();
    endResetModel();
}

void ProbeMatrixModel::setRun(const QJsonObject &run, const QStringList &fallbackTenants)
{
    beginResetModel();
    m_attackers.clear();
    m_results.clear();
    QStringList tenants = fallbackTenants;
    const QJsonValue requested =
        run.value(QLatin1StringView("request")).toObject().value(QLatin1StringView("tenants"));
    if (requested.isArray()) {
        tenants.clear();
        for (const QJsonValue &v : requested.toArray())
            tenants << v.toString();
    }
    for (const QString &t : std::as_const(tenants))
        insertSortedUnique(m_attackers, t);
    m_victims = m_attackers;
    for (const QJsonValue &v : run.value(QLatin1StringView("results")).toArray()) {
        const QJsonObject result = v.toObject();
        const QString attacker = field(result, "attacker");
        const QString victim = field(result, "victim");
        if (attacker.isEmpty() || victim.isEmpty())
            continue;
        insertSortedUnique(m_attackers, attacker);
        insertSortedUnique(m_victims, victim);
        store(result);
    }
    endResetModel();
}

void ProbeMatrixModel::clear()
{
    beginResetModel();
    m_attackers.clear();
    m_victims.clear();
    m_results.clear();
    endResetModel();
}

bool ProbeMatrixModel::store(const QJsonObject &result)
{
    QVector<QJsonObject> &held = m_results[{field(result, "attacker"), field(result, "victim")}];
    const QString layer = field(result, "layer");
    for (QJsonObject &existing : held) {
        if (field(existing, "layer") == layer) {
            if (existing == result)
                return false;
            existing = result;
            return true;
        }
    }
    held.push_back(result);
    return true;
}

void ProbeMatrixModel::addResult(const QJsonObject &result)
{
    const QString attacker = field(result, "attacker");
    const QString victim = field(result, "victim");
    if (attacker.isEmpty() || victim.isEmpty())
        return;
    const bool changed = store(result);

    const int row = sortedPosition(m_attackers, attacker);
    const bool newRow = row >= m_attackers.size() || m_attackers.at(row) != attacker;
    const int column = sortedPosition(m_victims, victim);
    const bool newColumn = column >= m_victims.size() || m_victims.at(column) != victim;
    // The result is stored before the insertions, so the new row or column appears complete.
    if (newRow) {
        beginInsertRows({}, row, row);
        m_attackers.insert(row, attacker);
        endInsertRows();
    }
    if (newColumn) {
        beginInsertColumns({}, column, column);
        m_victims.insert(column, victim);
        endInsertColumns();
    }
    if (changed && !newRow && !newColumn) {
        const QModelIndex cell = index(row, column);
        Q_EMIT dataChanged(cell, cell);
    }
}

void ProbeMatrixModel::setLayer(const QString &layer)
{
    if (layer == m_layer)
        return;
    m_layer = layer;
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QStringList ProbeMatrixModel::layersSeen() const
{
    QStringList out;
    for (const QVector<QJsonObject> &held : m_results)
        for (const QJsonObject &r : held)
            insertSortedUnique(out, field(r, "layer"));
    return out;
}

int ProbeMatrixModel::resultCount() const
{
    int n = 0;
    for (const QVector<QJsonObject> &held : m_results)
        n += int(held.size());
    return n;
}

int ProbeMatrixModel::failedCount() const
{
    int n = 0;
    for (const QVector<QJsonObject> &held : m_results)
        n += int(std::count_if(held.begin(), held.end(),
                               [](const QJsonObject &r) { return !resultPassed(r); }));
    return n;
}

QVector<QJsonObject> ProbeMatrixModel::filtered(const Pair &pair) const
{
    const auto it = m_results.constFind(pair);
    if (it == m_results.constEnd())
        return {};
    if (m_layer.isEmpty())
        return *it;
    QVector<QJsonObject> out;
    for (const QJsonObject &r : *it)
        if (field(r, "layer") == m_layer)
            out.push_back(r);
    return out;
}

int ProbeMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attackers.size());
}

int ProbeMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_victims.size());
}

Qt::ItemFlags ProbeMatrixModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    // A tenant never attacks itself: the diagonal is not a result to drill into.
    if (m_attackers.at(index.row()) == m_victims.at(index.column()))
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ProbeMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &attacker = m_attackers.at(index.row());
    const QString &victim = m_victims.at(index.column());
    if (role == AttackerRole)
        return attacker;
    if (role == VictimRole)
        return victim;
    const bool self = attacker == victim;
    const QVector<QJsonObject> results = self ? QVector<QJsonObject>() : filtered({attacker, victim});
    const int total = int(results.size());
    const int passed = int(std::count_if(results.begin(), results.end(), &resultPassed));
    const int failed = total - passed;
    const CellState state = self ? CellState::NotApplicable
                            : total == 0 ? CellState::Pending
                            : failed > 0 ? CellState::Failed
                                         : CellState::Passed;

    switch (role) {
    case Qt::DisplayRole:
        switch (state) {
        case CellState::NotApplicable: return QStringLiteral("\u2014");
        case CellState::Pending: return tr("pending", "probe matrix cell: no result yet");
        case CellState::Passed:
            return tr("%1/%2", "probe matrix cell: passed results / all results").arg(passed).arg(total);
        case CellState::Failed:
            return tr("\u2717 %n failed", "probe matrix cell: results that did not pass", failed);
        }
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
    case Qt::BackgroundRole:
        switch (state) {
        case CellState::NotApplicable: return {};
        case CellState::Pending: return QBrush(QColor(0xe2, 0xe3, 0xe5));
        case CellState::Passed: return QBrush(QColor(0xd4, 0xed, 0xda));
        case CellState::Failed: return QBrush(QColor(0xf8, 0xd7, 0xda));
        }
        return {};
    case Qt::ForegroundRole:
        // Dark text on the light backgrounds whatever the palette (dark themes included).
        return state == CellState::NotApplicable ? QVariant() : QVariant(QBrush(QColor(0x21, 0x25, 0x29)));
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole: {
        switch (state) {
        case CellState::NotApplicable:
            return tr("A tenant is not probed against itself.", "probe matrix tooltip");
        case CellState::Pending:
            return tr("No result yet for %1 attacking %2.", "probe matrix tooltip: attacker, victim")
                .arg(attacker, victim);
        case CellState::Passed:
            return tr("%1 attacking %2: every layer held (%3 of %4 results passed).",
                      "probe matrix tooltip: attacker, victim, passed, total")
                .arg(attacker, victim).arg(passed).arg(total);
        case CellState::Failed: {
            QStringList layers;
            for (const QJsonObject &r : results)
                if (!resultPassed(r))
                    insertSortedUnique(layers, field(r, "layer"));
            return tr("%1 attacking %2: failing layers: %3.",
                      "probe matrix tooltip: attacker, victim, comma-separated layer names")
                .arg(attacker, victim, layers.join(QLatin1StringView(", ")));
        }
        }
        return {};
    }
    case ResultsRole: {
        QJsonArray out;
        for (const QJsonObject &r : results)
            out.append(r);
        return out;
    }
    case PassedRole: return passed;
    case TotalRole: return total;
    case FailedRole: return failed;
    case StateRole: return QVariant::fromValue(state);
    default: return {};
    }
}

QVariant ProbeMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QStringList &names = orientation == Qt::Vertical ? m_attackers : m_victims;
    if (section < 0 || section >= names.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole: return names.at(section);
    case Qt::ToolTipRole:
        return orientation == Qt::Vertical
                   ? tr("Attacker %1", "probe matrix row header tooltip: tenant id").arg(names.at(section))
                   : tr("Victim %1", "probe matrix column header tooltip: tenant id").arg(names.at(section));
    default: return QAbstractTableModel::headerData(section, orientation, role);
    }
}

} // namespace bulkhead::models
