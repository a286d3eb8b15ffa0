#include "models/ProbeMatrixModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::ProbeMatrixModel;
using State = ProbeMatrixModel::CellState;

namespace {

QJsonObject result(const QString &attacker, const QString &victim, const QString &layer,
                   const QString &outcome, const QJsonObject &detail = {})
{
    return QJsonObject{{"attacker", attacker}, {"victim", victim}, {"layer", layer},
                       {"outcome", outcome}, {"detail", detail}};
}

QColor background(const QModelIndex &index)
{
    return index.data(Qt::BackgroundRole).value<QBrush>().color();
}

} // namespace

class ProbeMatrixModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenantsGivePendingGrid()
    {
        ProbeMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setTenants({"life", "agency", "property"});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), "agency");
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), "property");
        const QModelIndex cell = model.index(0, 1);  // agency attacks life
        QCOMPARE(cell.data(ProbeMatrixModel::StateRole).value<State>(), State::Pending);
        QCOMPARE(cell.data(ProbeMatrixModel::TotalRole).toInt(), 0);
        QCOMPARE(background(cell), QColor(0xe2, 0xe3, 0xe5));
        QCOMPARE(model.index(1, 1).data(ProbeMatrixModel::StateRole).value<State>(), State::NotApplicable);
        QVERIFY(!(model.flags(model.index(1, 1)) & Qt::ItemIsSelectable));
        QVERIFY(model.flags(cell) & Qt::ItemIsSelectable);
    }

    void addResultChangesExactlyOneCell()
    {
        ProbeMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants({"agency", "life", "property"});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy rows(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy columns(&model, &QAbstractItemModel::columnsInserted);

        model.addResult(result("life", "property", "kv_cache", "pass"));
        QCOMPARE(changed.count(), 1);
        const QModelIndex cell = model.index(1, 2);
        QCOMPARE(changed[0][0].value<QModelIndex>(), cell);
        QCOMPARE(changed[0][1].value<QModelIndex>(), cell);
        QCOMPARE(cell.data().toString(), "1/1");
        QCOMPARE(background(cell), QColor(0xd4, 0xed, 0xda));

        model.addResult(result("life", "property", "prompt_direct", "fail",
                               QJsonObject{{"delivered_leaks", 2}}));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed[1][0].value<QModelIndex>(), cell);
        QCOMPARE(cell.data(ProbeMatrixModel::TotalRole).toInt(), 2);
        QCOMPARE(cell.data(ProbeMatrixModel::PassedRole).toInt(), 1);
        QCOMPARE(cell.data().toString(), QString::fromUtf8("\u2717 1 failed"));
        QCOMPARE(background(cell), QColor(0xf8, 0xd7, 0xda));
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains("prompt_direct"));
        QVERIFY(!cell.data(Qt::ToolTipRole).toString().contains("kv_cache"));
        const QJsonArray raw = cell.data(ProbeMatrixModel::ResultsRole).toJsonArray();
        QCOMPARE(raw.size(), 2);
        QCOMPARE(raw[1].toObject()["detail"].toObject()["delivered_leaks"].toInt(), 2);

        // The reverse direction is its own cell, still pending.
        QCOMPARE(model.index(2, 1).data(ProbeMatrixModel::StateRole).value<State>(), State::Pending);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(rows.count(), 0);
        QCOMPARE(columns.count(), 0);
    }

    void sameLayerReplacesAndIdenticalIsSilent()
    {
        ProbeMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants({"a", "b"});
        model.addResult(result("a", "b", "kv_cache", "fail"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.addResult(result("a", "b", "kv_cache", "fail"));
        QCOMPARE(changed.count(), 0);
        model.addResult(result("a", "b", "kv_cache", "pass"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, 1).data(ProbeMatrixModel::TotalRole).toInt(), 1);
        QCOMPARE(model.index(0, 1).data(ProbeMatrixModel::StateRole).value<State>(), State::Passed);
        QCOMPARE(model.resultCount(), 1);
    }

    void unknownTenantsInsertRowAndColumn()
    {
        ProbeMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants({"agency", "property"});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy rows(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy columns(&model, &QAbstractItemModel::columnsInserted);

        model.addResult(result("life", "agency", "kv_cache", "pass"));
        QCOMPARE(rows.count(), 1);
        QCOMPARE(rows[0][1].toInt(), 1);  // sorted between agency and property
        QCOMPARE(columns.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1, 0).data().toString(), "1/1");

        model.addResult(result("agency", "zoo", "kv_cache", "fail"));
        QCOMPARE(columns.count(), 1);
        QCOMPARE(columns[0][1].toInt(), 2);
        QCOMPARE(rows.count(), 1);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.index(0, 2).data(ProbeMatrixModel::StateRole).value<State>(), State::Failed);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 0);
    }

    // Documented choice: the filter keeps the grid's shape, so it is one dataChanged over all cells.
    void layerFilterIsOneDataChangedOverTheGrid()
    {
        ProbeMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants({"a", "b", "c"});
        model.addResult(result("a", "b", "kv_cache", "fail"));
        model.addResult(result("a", "b", "prompt_direct", "pass"));
        model.addResult(result("b", "c", "prompt_direct", "pass"));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setLayer("prompt_direct");
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed[0][1].value<QModelIndex>(), model.index(2, 2));
        QCOMPARE(model.index(0, 1).data().toString(), "1/1");
        QCOMPARE(model.index(0, 1).data(ProbeMatrixModel::ResultsRole).toJsonArray().size(), 1);

        model.setLayer("prompt_direct");  // unchanged: silent
        QCOMPARE(changed.count(), 1);

        model.setLayer("kv_cache");
        QCOMPARE(changed.count(), 2);
        QCOMPARE(model.index(0, 1).data(ProbeMatrixModel::StateRole).value<State>(), State::Failed);
        QCOMPARE(model.index(1, 2).data(ProbeMatrixModel::StateRole).value<State>(), State::Pending);

        model.setLayer({});
        QCOMPARE(model.index(0, 1).data(ProbeMatrixModel::TotalRole).toInt(), 2);
        QCOMPARE(model.layersSeen(), QStringList({"kv_cache", "prompt_direct"}));
    }

    void setRunLoadsFinishedRun()
    {
        ProbeMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QJsonObject run{
            {"id", "run_1"},
            {"status", "failed"},
            {"request", QJsonObject{{"tenants", QJsonArray{"a", "b", "c"}}}},
            {"results", QJsonArray{result("a", "b", "kv_cache", "pass"),
                                   result("b", "a", "kv_cache", "fail"),
                                   result("b", "a", "admin_plane", "error")}}};
        model.setRun(run);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.attackers(), QStringList({"a", "b", "c"}));
        QCOMPARE(model.victims(), QStringList({"a", "b", "c"}));
        QCOMPARE(model.resultCount(), 3);
        QCOMPARE(model.failedCount(), 2);
        QCOMPARE(model.index(1, 0).data(ProbeMatrixModel::FailedRole).toInt(), 2);
        QCOMPARE(model.index(1, 0).data().toString(), QString::fromUtf8("\u2717 2 failed"));
        QCOMPARE(model.index(2, 0).data(ProbeMatrixModel::StateRole).value<State>(), State::Pending);

        // Without request.tenants, the fallback plus the results' tenants make the grid.
        model.setRun(QJsonObject{{"results", QJsonArray{result("x", "y", "kv_cache", "pass")}}}, {"w"});
        QCOMPARE(model.attackers(), QStringList({"w", "x"}));
        QCOMPARE(model.victims(), QStringList({"w", "y"}));
    }

    void passedFlagIsHonoured()
    {
        QVERIFY(ProbeMatrixModel::resultPassed(QJsonObject{{"passed", true}, {"outcome", "fail"}}));
        QVERIFY(!ProbeMatrixModel::resultPassed(QJsonObject{{"outcome", "error"}}));
        QVERIFY(ProbeMatrixModel::resultPassed(QJsonObject{{"outcome", "pass"}}));
    }
};

QTEST_MAIN(ProbeMatrixModelTest)
#include "tst_probematrixmodel.moc"
