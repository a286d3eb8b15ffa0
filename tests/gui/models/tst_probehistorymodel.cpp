#include "models/ProbeHistoryModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::ProbeHistoryModel;

namespace {

QJsonObject run(const QString &id, const QString &started, const QString &status, int pass, int fail,
                int error = 0)
{
    return QJsonObject{{"id", id}, {"started_at", started}, {"status", status},
                       {"summary", status == "running" ? QJsonValue()
                                                       : QJsonValue(QJsonObject{{"pass", pass},
                                                                                {"fail", fail},
                                                                                {"error", error}})}};
}

QJsonArray twoRuns()
{
    return {run("run_b", "2024-05-02T10:00:00Z", "running", 0, 0),
            run("run_a", "2024-05-01T10:00:00Z", "failed", 40, 2, 1)};
}

} // namespace

class ProbeHistoryModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsList()
    {
        ProbeHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRuns(twoRuns());
        // From empty, the runs are "new runs ahead of the known ones": inserted, not reset.
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ProbeHistoryModel::ColumnCount));
        QCOMPARE(model.index(1, ProbeHistoryModel::IdColumn).data().toString(), "run_a");
        QCOMPARE(model.index(1, ProbeHistoryModel::PassedColumn).data().toInt(), 40);
        QCOMPARE(model.index(1, ProbeHistoryModel::FailedColumn).data().toInt(), 3);
        QCOMPARE(model.index(1, 0).data(ProbeHistoryModel::StartedRole).toDateTime(),
                 QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC));
        QCOMPARE(model.index(0, 0).data(ProbeHistoryModel::StatusRole).toString(), "running");
        QCOMPARE(model.index(0, ProbeHistoryModel::DurationColumn).data(ProbeHistoryModel::DurationRole).toLongLong(), -1);
        QVERIFY(!model.index(0, ProbeHistoryModel::DurationColumn).data().isValid());
    }

    void sameIdsUpdateInPlace()
    {
        ProbeHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(twoRuns());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setRuns(twoRuns());
        QCOMPARE(changed.count(), 0);  // nothing differs

        QJsonArray next = twoRuns();
        next[0] = run("run_b", "2024-05-02T10:00:00Z", "passed", 42, 0);
        model.setRuns(next);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed[0][1].value<QModelIndex>(), model.index(0, ProbeHistoryModel::ColumnCount - 1));
        QCOMPARE(model.index(0, ProbeHistoryModel::PassedColumn).data().toInt(), 42);
    }

    void newRunIsInsertedAtTheTop()
    {
        ProbeHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(twoRuns());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        QJsonArray next = twoRuns();
        next.prepend(run("run_c", "2024-05-03T10:00:00Z", "running", 0, 0));
        model.setRuns(next);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted[0][1].toInt(), 0);
        QCOMPARE(inserted[0][2].toInt(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.index(0, 0).data().toString(), "run_c");
        QCOMPARE(model.index(2, 0).data().toString(), "run_a");
    }

    void otherChangesReset()
    {
        ProbeHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(twoRuns());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRuns(QJsonArray{run("run_z", "2024-05-09T10:00:00Z", "passed", 1, 0)});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        model.setRuns({});
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.rowCount(), 0);
    }

    void singleRunAddsDurationThatSurvivesRefresh()
    {
        ProbeHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(twoRuns());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QJsonObject detail = run("run_a", "2024-05-01T10:00:00Z", "failed", 40, 2, 1);
        detail["finished_at"] = "2024-05-01T10:02:05Z";
        model.updateRun(detail);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>().row(), 1);
        QCOMPARE(model.index(1, 0).data(ProbeHistoryModel::DurationRole).toLongLong(), 125);
        QVERIFY(!model.index(1, ProbeHistoryModel::DurationColumn).data().toString().isEmpty());

        model.setRuns(twoRuns());  // the list has no finished_at
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(1, 0).data(ProbeHistoryModel::DurationRole).toLongLong(), 125);

        model.updateRun(run("run_unknown", "2024-05-01T10:00:00Z", "failed", 1, 1));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(ProbeHistoryModelTest)
#include "tst_probehistorymodel.moc"
