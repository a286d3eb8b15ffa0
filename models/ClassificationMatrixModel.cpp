#include "models/ClassificationMatrixModel.h"

#include "models/TenantTableModel.h"

#include <QJsonValue>

namespace bulkhead::models {

ClassificationMatrixModel::ClassificationMatrixModel(QObject *parent) : RowTableModel(parent) {}

QStringList ClassificationMatrixModel::classificationCodes()
{
    return {QStringLiteral("PHI"), QStringLiteral("PII"), QStringLiteral("CUI"),
            QStringLiteral("FINANCIAL"), QStringLiteral("PRIVILEGED")};
}

QJsonArray ClassificationMatrixModel::tenantsJson(const TenantTableModel &tenants)
{
    QJsonArray out;
    for (int row = 0; row < tenants.rowCount(); ++row) {
        const TenantTableModel::Tenant *t = tenants.tenant(row);
        QJsonObject o;
        o.insert(QLatin1StringView("id"), t->id);
        o.insert(QLatin1StringView("name"), t->name);
        o.insert(QLatin1StringView("classifications"), QJsonArray::fromStringList(t->classifications));
        o.insert(QLatin1StringView("relationship"), t->relationship);
        o.insert(QLatin1StringView("threat"), t->threat);
        o.insert(QLatin1StringView("regimes"), QJsonArray::fromStringList(t->regimes));
        o.insert(QLatin1StringView("tier"), t->chosenTier > 0 ? QJsonValue(t->chosenTier) : QJsonValue());
        o.insert(QLatin1StringView("minimum_tier"), t->minimumTier);
        o.insert(QLatin1StringView("violation"), t->violation);
        o.insert(QLatin1StringView("version"), t->version);
        o.insert(QLatin1StringView("rules"), QJsonArray::fromStringList(t->rules));
        out.append(o);
    }
    return out;
}

void ClassificationMatrixModel::setTenants(const QJsonArray &tenants)
{
    QVector<Row> next;
    next.reserve(tenants.size());
    for (const QJsonValue &v : tenants) {
        const QJsonObject o = v.toObject();
        Row row;
        row.id = o.value(QLatin1StringView("id")).toString();
        for (const QJsonValue &c : o.value(QLatin1StringView("classifications")).toArray())
            row.classifications << c.toString();
        row.minimumTier = o.value(QLatin1StringView("minimum_tier")).toInt();
        row.version = o.value(QLatin1StringView("version")).toInteger();
        next.push_back(row);
    }

    replaceRows(m_rows, std::move(next), [](const auto &a, const auto &b) { return a.id == b.id; });
}

void ClassificationMatrixModel::setDecision(const QJsonObject &decision)
{
    m_decidedMinimum.clear();
    for (const QJsonValue &v : decision.value(QLatin1StringView("tenants")).toArray()) {
        const QJsonObject t = v.toObject();
        m_decidedMinimum.insert(t.value(QLatin1StringView("id")).toString(),
                                t.value(QLatin1StringView("minimum_tier")).toInt());
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, MinimumTierColumn), index(rowCount() - 1, MinimumTierColumn));
}

void ClassificationMatrixModel::setEditable(bool editable)
{
    if (editable == m_editable)
        return;
    m_editable = editable;
    // Flags changed: views re-read them on dataChanged.
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, PrivilegedColumn));
}

int ClassificationMatrixModel::minimumTierOf(const Row &row) const
{
    return m_decidedMinimum.value(row.id, row.minimumTier);
}

int ClassificationMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClassificationMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClassificationMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const bool classificationCell = index.column() < MinimumTierColumn;
    const QString code = classificationCell ? classificationCodes().at(index.column()) : QString();
    switch (role) {
    case Qt::CheckStateRole:
        if (!classificationCell)
            return {};
        return row.classifications.contains(code) ? Qt::Checked : Qt::Unchecked;
    case Qt::DisplayRole:
    case Qt::EditRole:
        if (index.column() == MinimumTierColumn) {
            const int tier = minimumTierOf(row);
            return tier > 0 ? QVariant(tier) : QVariant();
        }
        return {};
    case Qt::ToolTipRole:
        if (classificationCell)
            return row.classifications.contains(code)
                       ? tr("Tenant %1 holds %2 data.", "classification matrix tooltip: tenant, classification")
                             .arg(row.id, code)
                       : tr("Tenant %1 holds no %2 data.", "classification matrix tooltip: tenant, classification")
                             .arg(row.id, code);
        return tr("The policy engine requires at least tier %1 for tenant %2.",
                  "classification matrix tooltip: minimum tier, tenant")
            .arg(minimumTierOf(row)).arg(row.id);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignCenter);
    case TenantIdRole: return row.id;
    case VersionRole: return row.version;
    case ClassificationRole: return classificationCell ? QVariant(code) : QVariant();
    default: return {};
    }
}

bool ClassificationMatrixModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || !m_editable || index.column() >= MinimumTierColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Row &row = m_rows[index.row()];
    const QString code = classificationCodes().at(index.column());
    // Views send the state as an int (QStyledItemDelegate), tests as the enum: compare the number.
    const bool wanted = value.toInt() == int(Qt::Checked);
    if (wanted == row.classifications.contains(code))
        return false;
    // The daemon's canonical order, so the request does not depend on the click order.
    QStringList next;
    for (const QString &c : classificationCodes()) {
        const bool has = c == code ? wanted : row.classifications.contains(c);
        if (has)
            next << c;
    }
    Q_EMIT changeRequested(row.id, next, row.version);
    return false;
}

Qt::ItemFlags ClassificationMatrixModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() < MinimumTierColumn && m_editable)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant ClassificationMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section >= 0 && section < m_rows.size() ? QVariant(m_rows[section].id) : QVariant();
    if (section >= 0 && section < MinimumTierColumn)
        return classificationCodes().at(section);
    if (section == MinimumTierColumn)
        return tr("Minimum tier", "classification matrix header");
    return {};
}

} // namespace bulkhead::models
