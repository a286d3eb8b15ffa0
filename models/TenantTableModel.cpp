#include "models/TenantTableModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonObject>
#include <QLocale>

namespace bulkhead::models {

namespace {

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}

TenantTableModel::InjectionThreshold thresholdFromJson(const QJsonValue &value)
{
    TenantTableModel::InjectionThreshold t;
    const QJsonObject o = value.toObject();
    if (!o.value(QLatin1StringView("flag")).isDouble())
        return t;
    t.known = true;
    t.flag = o.value(QLatin1StringView("flag")).toDouble();
    t.block = o.value(QLatin1StringView("block")).toDouble();
    const QJsonObject c = o.value(QLatin1StringView("calibration")).toObject();
    t.calibrated = !c.isEmpty();
    t.measuredFpr = c.value(QLatin1StringView("measured_fpr")).toDouble();
    t.targetFpr = c.value(QLatin1StringView("target_fpr")).toDouble();
    t.samples = c.value(QLatin1StringView("samples")).toInteger();
    t.calibratedAt = c.value(QLatin1StringView("calibrated_at")).toString();
    return t;
}

QString percent(double share)
{
    return QLocale().toString(100.0 * share, 'f', 1) + QStringLiteral("\u00a0%");
}

} // namespace

QString TenantTableModel::thresholdLabel(const InjectionThreshold &t)
{
    if (!t.known)
        return {};
    const QString flag = QLocale().toString(t.flag, 'f', t.calibrated ? 3 : 2);
    if (!t.calibrated)
        return tr("%1 (default)", "tenant table: an injection flag threshold at the platform default").arg(flag);
    return tr("%1 \u00b7 %2 measured", "tenant table: calibrated flag threshold, measured false-positive rate")
        .arg(flag, percent(t.measuredFpr));
}

QString TenantTableModel::relationshipLabel(const QString &code)
{
    if (code == QLatin1StringView("internal"))
        return tr("internal", "tenant relationship in the table");
    if (code == QLatin1StringView("external"))
        return tr("external", "tenant relationship in the table");
    return code;
}

QString TenantTableModel::threatLabel(const QString &code)
{
    if (code == QLatin1StringView("low"))
        return tr("low", "adversarial threat level in the table");
    if (code == QLatin1StringView("medium"))
        return tr("medium", "adversarial threat level in the table");
    if (code == QLatin1StringView("high"))
        return tr("high", "adversarial threat level in the table");
    return code;
}

TenantTableModel::TenantTableModel(QObject *parent) : RowTableModel(parent) {}

TenantTableModel::Tenant TenantTableModel::tenantFromJson(const QJsonObject &o)
{
    Tenant t;
    t.id = o.value(QLatin1StringView("id")).toString();
    t.name = o.value(QLatin1StringView("name")).toString();
    t.classifications = stringList(o.value(QLatin1StringView("classifications")));
    t.relationship = o.value(QLatin1StringView("relationship")).toString();
    t.threat = o.value(QLatin1StringView("threat")).toString();
    t.regimes = stringList(o.value(QLatin1StringView("regimes")));
    t.chosenTier = o.value(QLatin1StringView("tier")).toInt();
    t.minimumTier = o.value(QLatin1StringView("minimum_tier")).toInt();
    t.violation = o.value(QLatin1StringView("violation")).toBool();
    t.version = o.value(QLatin1StringView("version")).toInteger();
    t.rules = stringList(o.value(QLatin1StringView("rules")));
    const QJsonObject thresholds = o.value(QLatin1StringView("injection_thresholds")).toObject();
    t.promptInjection = thresholdFromJson(thresholds.value(QLatin1StringView("prompt")));
    t.documentInjection = thresholdFromJson(thresholds.value(QLatin1StringView("document")));
    return t;
}

void TenantTableModel::setTenants(const QJsonArray &tenants)
{
    QVector<Tenant> next;
    next.reserve(tenants.size());
    for (const QJsonValue &v : tenants)
        next.push_back(tenantFromJson(v.toObject()));

    replaceRows(m_tenants, std::move(next), [](const auto &a, const auto &b) { return a.id == b.id; });
}

const TenantTableModel::Tenant *TenantTableModel::tenant(int row) const
{
    return row >= 0 && row < m_tenants.size() ? &m_tenants[row] : nullptr;
}

int TenantTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tenants.size());
}

int TenantTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TenantTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Tenant &t = m_tenants[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case IdColumn: return t.id;
        case NameColumn: return t.name;
        case ClassificationsColumn: return t.classifications.join(QLatin1StringView(", "));
        case RelationshipColumn:
            return role == Qt::EditRole ? t.relationship : relationshipLabel(t.relationship);
        case ThreatColumn: return role == Qt::EditRole ? t.threat : threatLabel(t.threat);
        case RegimesColumn: return t.regimes.join(QLatin1StringView(", "));
        case ChosenTierColumn: return t.chosenTier > 0 ? QVariant(t.chosenTier) : QVariant();
        case MinimumTierColumn: return t.minimumTier;
        case ViolationColumn:
            if (role == Qt::EditRole)
                return t.violation;
            return t.violation ? tr("Violation", "tenant table: chosen tier below minimum")
                               : tr("OK", "tenant table: chosen tier meets minimum");
        case PromptInjectionColumn:
        case DocumentInjectionColumn: {
            const auto &threshold = t.injectionThreshold(index.column());
            if (role == Qt::EditRole)
                return threshold.known ? QVariant(threshold.flag) : QVariant();
            return thresholdLabel(threshold);
        }
        default: return {};
        }
    case Qt::BackgroundRole:
        return t.violation ? QVariant(QBrush(QColor(0xf8, 0xd7, 0xda))) : QVariant();
    case Qt::ForegroundRole:
        return t.violation ? QVariant(QBrush(QColor(0x72, 0x1c, 0x24))) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == PromptInjectionColumn || index.column() == DocumentInjectionColumn) {
            const auto &threshold = t.injectionThreshold(index.column());
            if (!threshold.known)
                return {};
            const QString flags = tr("Flagged at %1, refused or dropped at %2.",
                                     "tenant table tooltip: injection flag and block thresholds")
                                      .arg(QLocale().toString(threshold.flag, 'f', 3),
                                           QLocale().toString(threshold.block, 'f', 3));
            if (!threshold.calibrated)
                return flags + QLatin1Char(' ') +
                       tr("The platform default: 5 % of the training sources' benign text is flagged.",
                          "tenant table tooltip: default injection threshold");
            return flags + QLatin1Char(' ') +
                   tr("Calibrated %1 on %n benign sample(s) of this tenant: %2 of them flagged (target %3).",
                      "tenant table tooltip: date, measured and target false-positive rate", int(threshold.samples))
                       .arg(threshold.calibratedAt, percent(threshold.measuredFpr), percent(threshold.targetFpr));
        }
        if (t.violation)
            return tr("Tenant %1 runs on tier %2 but needs at least tier %3.",
                      "tenant table tooltip: id, chosen tier, minimum tier")
                .arg(t.id).arg(t.chosenTier).arg(t.minimumTier);
        return {};
    case ViolationRole: return t.violation;
    case VersionRole: return t.version;
    case RulesRole: return t.rules;
    case TenantIdRole: return t.id;
    default: return {};
    }
}

QVariant TenantTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == PromptInjectionColumn)
            return tr("The score at which a prompt of this tenant is flagged as an injection: the "
                      "default, or calibrated from the tenant's own benign prompts.",
                      "tenant table header tooltip");
        if (section == DocumentInjectionColumn)
            return tr("The score at which a retrieved chunk of this tenant is flagged as an injection: "
                      "the default, or calibrated from the tenant's own benign documents.",
                      "tenant table header tooltip");
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("ID", "tenant table header");
    case NameColumn: return tr("Name", "tenant table header");
    case ClassificationsColumn: return tr("Classifications", "tenant table header");
    case RelationshipColumn: return tr("Relationship", "tenant table header");
    case ThreatColumn: return tr("Threat", "tenant table header");
    case RegimesColumn: return tr("Regimes", "tenant table header");
    case ChosenTierColumn: return tr("Chosen tier", "tenant table header");
    case MinimumTierColumn: return tr("Minimum tier", "tenant table header");
    case ViolationColumn: return tr("Violation", "tenant table header");
    case PromptInjectionColumn: return tr("Prompt flag", "tenant table header: injection threshold for prompts");
    case DocumentInjectionColumn: return tr("Document flag", "tenant table header: injection threshold for documents");
    default: return {};
    }
}

} // namespace bulkhead::models
