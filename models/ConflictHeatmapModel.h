#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace bulkhead::models {

// Tenant x tenant: which pairs the policy engine keeps apart and how far. Cell (a, b), a != b, is
// the highest tier forced by a rule that fired on a because of b, or on b because of a (a rule's
// triggered_by names the peers that made it fire). Built from GET /admin/v1/policy/evaluate.
class ConflictHeatmapModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        RulesRole = Qt::UserRole + 1,  // QStringList "rule id: title", one per firing of the pair
        RuleIdsRole,                   // QStringList of distinct rule ids, sorted
        TierRole,                      // int, 0 when no rule separates the pair
    };

    // One rule firing that separates a pair.
    struct Conflict {
        QString ruleId;
        QString title;
        QString rationale;
        QString subject;  // the tenant the rule fired on
        QString peer;     // the tenant named in its triggered_by
        int tier = 0;
    };

    explicit ConflictHeatmapModel(QObject *parent = nullptr);

    // Same tenant ids in the same order: one ranged dataChanged; otherwise a reset.
    void setDecision(const QJsonObject &decision);
    QStringList tenantIds() const { return m_ids; }
    // The firings between the tenants of row and column (empty on the diagonal).
    QVector<Conflict> conflicts(int row, int column) const;
    int tier(int row, int column) const;
    static QColor tierColor(int tier);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_ids;
    // Row-major n x n.
    QVector<QVector<Conflict>> m_cells;
};

} // namespace bulkhead::models
