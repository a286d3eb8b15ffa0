#include "models/ClassificationMatrixModel.h"
#include "models/TenantTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::ClassificationMatrixModel;

namespace {

// GET /admin/v1/tenants: core::tenantToJson plus tenantWithPolicy's minimum_tier, violation, rules.
QJsonObject tenant(const QString &id, const QStringList &classifications, int tier, int minimum,
                   qint64 version, const QStringList &rules)
{
    return QJsonObject{{"id", id},
                       {"name", id.toUpper()},
                       {"classifications", QJsonArray::fromStringList(classifications)},
                       {"relationship", "internal"},
                       {"threat", "low"},
                       {"regimes", QJsonArray()},
                       {"tier", tier},
                       {"version", version},
                       {"minimum_tier", minimum},
                       {"violation", tier < minimum},
                       {"rules", QJsonArray::fromStringList(rules)}};
}

QJsonArray tenants()
{
    return {tenant("agency", {"CUI"}, 3, 3, 7, {"R1-mixed-classifications", "R3-fedramp-separation"}),
            tenant("property", {"PII"}, 1, 2, 4, {"R1-mixed-classifications"}),
            tenant("claims", {"PII"}, 1, 2, 2, {"R1-mixed-classifications"})};
}

// GET /admin/v1/policy/evaluate, only what the matrix reads: each tenant's minimum tier.
QJsonObject decision(int propertyMinimum)
{
    auto entry = [](const QString &id, int chosen, int minimum) {
        return QJsonObject{{"id", id}, {"chosen_tier", chosen}, {"minimum_tier", minimum},
                           {"violation", chosen < minimum}, {"violated_rules", QJsonArray()},
                           {"rules", QJsonArray()}};
    };
    return QJsonObject{{"ruleset", QJsonObject{{"id", "bulkhead-isolation"}, {"version", "2026.11.1"}}},
                       {"platform_assurance_tier", 1},
                       {"violations", 2},
                       {"tenants", QJsonArray{entry("agency", 3, 3), entry("property", 1, propertyMinimum),
                                              entry("claims", 1, 2)}}};
}

} // namespace

class ClassificationMatrixModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsTenants()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTenants(tenants());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 6);
        QCOMPARE(model.headerData(ClassificationMatrixModel::CuiColumn, Qt::Horizontal).toString(),
                 QStringLiteral("CUI"));
        QCOMPARE(model.headerData(1, Qt::Vertical).toString(), QStringLiteral("property"));
        QCOMPARE(model.index(0, ClassificationMatrixModel::CuiColumn).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Checked));
        QCOMPARE(model.index(0, ClassificationMatrixModel::PiiColumn).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Unchecked));
        QVERIFY(!model.index(0, ClassificationMatrixModel::MinimumTierColumn).data(Qt::CheckStateRole).isValid());
        QVERIFY(model.flags(model.index(1, ClassificationMatrixModel::PhiColumn)) & Qt::ItemIsUserCheckable);
        QVERIFY(!(model.flags(model.index(1, ClassificationMatrixModel::MinimumTierColumn)) & Qt::ItemIsUserCheckable));
        // Before a decision arrives, the tenants' own minimum tier.
        QCOMPARE(model.index(1, ClassificationMatrixModel::MinimumTierColumn).data().toInt(), 2);
        QCOMPARE(model.index(2, 0).data(ClassificationMatrixModel::VersionRole).toLongLong(), 2);
    }

    void decisionUpdatesMinimumTierColumnOnly()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(tenants());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setDecision(decision(3));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, ClassificationMatrixModel::MinimumTierColumn));
        QCOMPARE(changed[0][1].value<QModelIndex>(), model.index(2, ClassificationMatrixModel::MinimumTierColumn));
        QCOMPARE(model.index(1, ClassificationMatrixModel::MinimumTierColumn).data().toInt(), 3);
    }

    void checkingRequestsAChangeWithoutWriting()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(tenants());
        QSignalSpy requested(&model, &ClassificationMatrixModel::changeRequested);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // PHI is checked on a tenant holding PII: the request keeps the daemon's order.
        const QModelIndex phi = model.index(1, ClassificationMatrixModel::PhiColumn);
        QVERIFY(!model.setData(phi, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested[0][0].toString(), QStringLiteral("property"));
        QCOMPARE(requested[0][1].toStringList(), QStringList({"PHI", "PII"}));
        QCOMPARE(requested[0][2].toLongLong(), 4);
        // Nothing changes until the daemon's answer is loaded.
        QCOMPARE(changed.count(), 0);
        QCOMPARE(phi.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        // Unchecking the only classification asks for none.
        QVERIFY(!model.setData(model.index(1, ClassificationMatrixModel::PiiColumn), Qt::Unchecked,
                               Qt::CheckStateRole));
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested[1][1].toStringList(), QStringList());

        // No request for a value already held, for other roles or for the tier column.
        model.setData(model.index(0, ClassificationMatrixModel::CuiColumn), Qt::Checked, Qt::CheckStateRole);
        model.setData(phi, true, Qt::EditRole);
        model.setData(model.index(0, ClassificationMatrixModel::MinimumTierColumn), Qt::Checked,
                      Qt::CheckStateRole);
        QCOMPARE(requested.count(), 2);
    }

    void readOnlyRequestsNothing()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(tenants());
        model.setEditable(false);
        QSignalSpy requested(&model, &ClassificationMatrixModel::changeRequested);
        QVERIFY(!(model.flags(model.index(1, ClassificationMatrixModel::PhiColumn)) & Qt::ItemIsUserCheckable));
        model.setData(model.index(1, ClassificationMatrixModel::PhiColumn), Qt::Checked, Qt::CheckStateRole);
        QCOMPARE(requested.count(), 0);
    }

    void sameIdsUpdateInPlace()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(tenants());
        model.setDecision(decision(2));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // What the daemon answers after the PATCH: PHI added, version bumped, minimum raised.
        QJsonArray next = tenants();
        next[1] = tenant("property", {"PHI", "PII"}, 1, 2, 5, {"R1-mixed-classifications"});
        model.setTenants(next);
        model.setDecision(decision(3));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed[0][1].value<QModelIndex>(), model.index(2, ClassificationMatrixModel::ColumnCount - 1));
        QCOMPARE(model.index(1, ClassificationMatrixModel::PhiColumn).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Checked));
        QCOMPARE(model.index(1, 0).data(ClassificationMatrixModel::VersionRole).toLongLong(), 5);
        QCOMPARE(model.index(1, ClassificationMatrixModel::MinimumTierColumn).data().toInt(), 3);
    }

    void tenantsOnlyGiveExactlyOneDataChanged()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(tenants());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTenants(tenants());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
    }

    void changedIdsReset()
    {
        ClassificationMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(tenants());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QJsonArray next = tenants();
        next.removeAt(0);
        model.setTenants(next);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(ClassificationMatrixModel::TenantIdRole).toString(),
                 QStringLiteral("property"));
    }

    void convertsTheTenantTable()
    {
        bulkhead::models::TenantTableModel table;
        table.setTenants(tenants());
        const QJsonArray json = ClassificationMatrixModel::tenantsJson(table);
        QCOMPARE(json.size(), 3);
        QCOMPARE(json[1].toObject().value("version").toInteger(), 4);
        QCOMPARE(json[0].toObject().value("classifications").toArray(), QJsonArray({"CUI"}));
        QCOMPARE(json[2].toObject().value("tier").toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(ClassificationMatrixModelTest)
#include "tst_classificationmatrixmodel.moc"
