#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QVector>

namespace bulkhead::models {

// GET /admin/v1/probes/runs: one row per run, newest first, as the daemon lists them.
// Signals: the same ids in the same order update in place (one dataChanged over the rows that
// differ, none when nothing did); new runs ahead of the known ones are rowsInserted at the top;
// anything else is a reset.
class ProbeHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, StartedColumn, StateColumn, PassedColumn, FailedColumn, DurationColumn, ColumnCount };
    enum Role {
        RunIdRole = Qt::UserRole + 1,  // QString, every column
        StartedRole,                   // QDateTime (UTC)
        PassedRole,                    // int
        FailedRole,                    // int: fail + error
        StatusRole,                    // QString as the daemon sends it
        DurationRole,                  // qint64 seconds, -1 while unknown
    };

    struct Run {
        QString id;
        QDateTime started;
        QDateTime finished;  // invalid unless the daemon said (GET of one run)
        QString status;      // running, passed, failed, error
        int passed = 0;
        int failed = 0;
        bool operator==(const Run &other) const = default;
    };

    explicit ProbeHistoryModel(QObject *parent = nullptr);

    // The "runs" array of the list (or the bare array).
    void setRuns(const QJsonArray &runs);
    // One run as GET /admin/v1/probes/runs/{id} answers it (adds finished_at, hence the
    // duration); ignored unless the run is listed.
    void updateRun(const QJsonObject &run);
    static Run runFromJson(const QJsonObject &object);
    const Run *run(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVector<Run> m_runs;
    // The list carries no finished_at: ends learnt from single runs are kept across refreshes.
    QHash<QString, QDateTime> m_finished;
};

} // namespace bulkhead::models
