#pragma once

#include "models/RowTableModel.h"

#include <QJsonArray>
#include <QStringList>
#include <QVector>

namespace bulkhead::models {

// GET /admin/v1/tenants, one row per tenant, with the policy engine's minimum tier and violation
// and the injection thresholds the proxy scans the tenant's prompts and documents with.
class TenantTableModel final : public RowTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        NameColumn,
        ClassificationsColumn,
        RelationshipColumn,
        ThreatColumn,
        RegimesColumn,
        ChosenTierColumn,
        MinimumTierColumn,
        ViolationColumn,
        PromptInjectionColumn,    // flag threshold; calibrated ones with their measured rate
        DocumentInjectionColumn,
        ColumnCount
    };
    enum Role {
        ViolationRole = Qt::UserRole + 1,  // bool, on every column of the row
        VersionRole,                       // qint64, the tenant's optimistic-lock version
        RulesRole,                         // QStringList of rule ids that raised the minimum
        TenantIdRole,
    };

    // One kind's thresholds as the daemon applies them ("injection_thresholds" of the list).
    struct InjectionThreshold {
        bool known = false;       // false: the daemon did not say (an older daemon)
        double flag = 0;
        double block = 0;
        bool calibrated = false;  // from the tenant's own benign sample, else the default
        double measuredFpr = 0;
        double targetFpr = 0;
        qint64 samples = 0;
        QString calibratedAt;
    };

    struct Tenant {
        QString id;
        QString name;
        QStringList classifications;
        QString relationship;
        QString threat;
        QStringList regimes;
        int chosenTier = 0;   // 0: none chosen
        int minimumTier = 0;
        bool violation = false;
        qint64 version = 0;
        QStringList rules;
        InjectionThreshold promptInjection;
        InjectionThreshold documentInjection;

        // The thresholds a threshold column shows.
        const InjectionThreshold &injectionThreshold(int column) const
        {
            return column == PromptInjectionColumn ? promptInjection : documentInjection;
        }
    };

    explicit TenantTableModel(QObject *parent = nullptr);

    // Replaces the content with the "tenants" array (or the bare array) of the admin API.
    // Rows with the same ids in the same order are updated in place (one ranged dataChanged).
    void setTenants(const QJsonArray &tenants);
    static Tenant tenantFromJson(const QJsonObject &object);
    // The daemon's codes ("external", "high") as words of the console's language; the EditRole
    // keeps the code.
    static QString relationshipLabel(const QString &code);
    static QString threatLabel(const QString &code);
    // "0.712 · 1.0 % measured" for a calibrated threshold, "0.62 (default)" otherwise.
    static QString thresholdLabel(const InjectionThreshold &threshold);
    const Tenant *tenant(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVector<Tenant> m_tenants;
};

} // namespace bulkhead::models
