#pragma once

#include "models/RowTableModel.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace bulkhead::models {

class TenantTableModel;

// Tenants x data classifications, plus the policy engine's minimum tier. The check boxes do not
// write locally: a click asks for the change (changeRequested), the view PATCHes the tenant and
// the refreshed inventory flows back in through setTenants, so the table never shows a state the
// daemon has not accepted.
class ClassificationMatrixModel final : public RowTableModel
{
    Q_OBJECT

public:
    enum Column {
        PhiColumn,
        PiiColumn,
        CuiColumn,
        FinancialColumn,
        PrivilegedColumn,
        MinimumTierColumn,
        ColumnCount
    };
    enum Role {
        TenantIdRole = Qt::UserRole + 1,
        VersionRole,         // qint64, the tenant's optimistic-lock version
        ClassificationRole,  // the classification code of a classification column
    };

    explicit ClassificationMatrixModel(QObject *parent = nullptr);

    // The daemon's spelling, in column order (backend/core/Domain.cpp).
    static QStringList classificationCodes();
    // The tenant table as the admin API's tenant JSON, for models fed from the session.
    static QJsonArray tenantsJson(const TenantTableModel &tenants);

    // The "tenants" array of GET /admin/v1/tenants. Same ids in the same order: updated in place
    // with one ranged dataChanged; otherwise a reset.
    void setTenants(const QJsonArray &tenants);
    // GET /admin/v1/policy/evaluate; its minimum tiers win over the tenants' own.
    void setDecision(const QJsonObject &decision);
    // A tenant auditor may look but not ask for changes.
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Qt::CheckStateRole on a classification cell emits changeRequested and returns false: the
    // model changes only when the daemon's answer arrives.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void changeRequested(const QString &tenantId, const QStringList &classifications,
                         qint64 version);

private:
    struct Row {
        QString id;
        QStringList classifications;
        int minimumTier = 0;
        qint64 version = 0;
    };
    int minimumTierOf(const Row &row) const;

    QVector<Row> m_rows;
    QHash<QString, int> m_decidedMinimum;
    bool m_editable = true;
};

} // namespace bulkhead::models
