#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QVector>

#include <utility>

namespace bulkhead::models {

// The results of one probe run as attacker (rows) x victim (columns); each cell sums the pair's
// results over the layers the filter lets through. Fed live, one result at a time, from the
// run's event stream, or at once from a finished run.
//
// Signals, as the tests assert them:
// - addResult() on a known pair: exactly one dataChanged for that cell (none if the result is
//   identical to the one already held, so a polling fallback can re-add a whole run cheaply);
// - addResult() naming an unknown attacker or victim: rowsInserted / columnsInserted at the
//   sorted position, the new cell already holding the result; never a reset;
// - setLayer(): the grid keeps its shape, so one dataChanged over every cell, no reset;
// - setTenants() and setRun(): a reset (a different run).
class ProbeMatrixModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        ResultsRole = Qt::UserRole + 1,  // QJsonArray: the pair's raw results within the filter
        PassedRole,                      // int
        TotalRole,                       // int
        FailedRole,                      // int: results that did not pass (fail or error)
        AttackerRole,                    // QString
        VictimRole,                      // QString
        StateRole,                       // CellState
    };
    enum class CellState { Pending, Passed, Failed, NotApplicable };
    Q_ENUM(CellState)

    explicit ProbeMatrixModel(QObject *parent = nullptr);

    // The daemon's probe layers (backend/daemon/ProbeService.cpp), in the order it runs them.
    static QStringList knownLayers();
    // "pass" or {"passed": true}.
    static bool resultPassed(const QJsonObject &result);

    // Starts an empty run over these tenants: every ordered pair pending.
    void setTenants(const QStringList &tenants);
    // Loads a run as GET /admin/v1/probes/runs/{id} answers it. Its tenants are request.tenants,
    // else `fallbackTenants`, plus every tenant named by a result.
    void setRun(const QJsonObject &run, const QStringList &fallbackTenants = {});
    // One result object (attacker, victim, layer, outcome, detail). A later result for the same
    // attacker, victim and layer replaces the earlier one.
    void addResult(const QJsonObject &result);
    void clear();

    // "" shows every layer.
    void setLayer(const QString &layer);
    QString layer() const { return m_layer; }
    // Layers that have results, sorted.
    QStringList layersSeen() const;

    QStringList attackers() const { return m_attackers; }
    QStringList victims() const { return m_victims; }
    int resultCount() const;
    int failedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    using Pair = std::pair<QString, QString>;  // attacker, victim

    QVector<QJsonObject> filtered(const Pair &pair) const;
    // False when an identical result was already held.
    bool store(const QJsonObject &result);

    QStringList m_attackers;  // sorted
    QStringList m_victims;    // sorted
    QHash<Pair, QVector<QJsonObject>> m_results;
    QString m_layer;
};

} // namespace bulkhead::models
