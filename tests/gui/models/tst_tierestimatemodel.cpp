#include "models/TierEstimateModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using namespace bulkhead::models;

namespace {

// One histogram as backend/daemon/Metrics.cpp renders it.
QByteArray histogram(const char *route, int tier, double sum, int count)
{
    const QByteArray labels = QByteArray("route=\"") + route + "\",tier=\"" + QByteArray::number(tier) + "\"";
    QByteArray out;
    for (const char *le : {"0.005", "0.01", "0.1", "1", "+Inf"})
        out += "bulkhead_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
               QByteArray::number(count) + "\n";
    out += "bulkhead_request_duration_seconds_sum{" + labels + "} " + QByteArray::number(sum, 'g', 9) + "\n";
    out += "bulkhead_request_duration_seconds_count{" + labels + "} " + QByteArray::number(count) + "\n";
    return out;
}

QByteArray metrics()
{
    return "# HELP bulkhead_requests_total Data-plane requests by tenant, tier, route and status.\n"
           "# TYPE bulkhead_requests_total counter\n"
           "bulkhead_requests_total{tenant=\"property\",tier=\"1\",route=\"chat\",status=\"200\"} 4\n"
           "# HELP bulkhead_request_duration_seconds Time from request to last byte.\n"
           "# TYPE bulkhead_request_duration_seconds histogram\n"
           + histogram("admin", 0, 9.0, 30)       // control plane: not counted
           + histogram("metrics", 0, 0.5, 10)     // scrapes: not counted
           + histogram("chat", 1, 0.3, 4)         // tier 1: (0.3 + 0.1) / 5 = 80 ms
           + histogram("embeddings", 1, 0.1, 1)
           + histogram("chat", 3, 0.5, 2)         // tier 3: 250 ms
           + histogram("retrieve", 3, 0.25, 2)    // ... together (0.75) / 4 = 187.5 ms
           + "bulkhead_policy_available 1\n";
}

} // namespace

class TierEstimateModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void costModelIsOrdered()
    {
        QCOMPARE(TierCostModel::relativeCost(1), 1.0);
        QVERIFY(TierCostModel::monthlyCost(2) > TierCostModel::monthlyCost(1));
        QVERIFY(TierCostModel::monthlyCost(3) > TierCostModel::monthlyCost(2));
        QCOMPARE(TierCostModel::monthlyCost(2) - TierCostModel::monthlyCost(1), TierCostModel::kSchemaRoleAndKeys);
        QCOMPARE(TierCostModel::monthlyCost(0), 0.0);
        QCOMPARE(TierCostModel::monthlyCost(4), 0.0);
    }

    void rowsAreTiers()
    {
        TierEstimateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(TierEstimateModel::ColumnCount));
        for (int row = 0; row < 3; ++row)
            QCOMPARE(model.index(row, TierEstimateModel::TierColumn).data().toInt(), row + 1);
        QCOMPARE(model.index(0, TierEstimateModel::RelativeCostColumn).data().toDouble(), 1.0);
        const double tier2 = model.index(1, TierEstimateModel::RelativeCostColumn).data().toDouble();
        QCOMPARE(tier2, qRound(TierCostModel::relativeCost(2) * 100) / 100.0);
        QVERIFY(model.index(2, TierEstimateModel::RelativeCostColumn).data().toDouble() > tier2);
        // No metrics yet: no latency (not zero), zero requests.
        QVERIFY(!model.index(0, TierEstimateModel::MeanLatencyColumn).data().isValid());
        QCOMPARE(model.index(0, TierEstimateModel::RequestCountColumn).data().toLongLong(), 0);
    }

    void meanLatencyPerTierOverDataPlaneRoutes()
    {
        TierEstimateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setMetrics(metrics());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, TierEstimateModel::MeanLatencyColumn));
        QCOMPARE(changed[0][1].value<QModelIndex>(), model.index(2, TierEstimateModel::RequestCountColumn));

        QCOMPARE(model.index(0, TierEstimateModel::MeanLatencyColumn).data().toDouble(), 80.0);
        QCOMPARE(model.index(0, TierEstimateModel::RequestCountColumn).data().toLongLong(), 5);
        QVERIFY(!model.index(1, TierEstimateModel::MeanLatencyColumn).data().isValid());
        QCOMPARE(model.index(1, TierEstimateModel::RequestCountColumn).data().toLongLong(), 0);
        QCOMPARE(model.index(2, TierEstimateModel::MeanLatencyColumn).data().toDouble(), 187.5);
        QCOMPARE(model.index(2, TierEstimateModel::RequestCountColumn).data().toLongLong(), 4);

        // A later scrape replaces, not adds.
        model.setMetrics(histogram("chat", 2, 0.02, 1));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 2);
        QVERIFY(!model.index(0, TierEstimateModel::MeanLatencyColumn).data().isValid());
        QCOMPARE(model.index(1, TierEstimateModel::MeanLatencyColumn).data().toDouble(), 20.0);
    }

    void controlRoutesAreNotDataPlane()
    {
        QVERIFY(TierEstimateModel::isDataPlaneRoute(QStringLiteral("chat")));
        QVERIFY(TierEstimateModel::isDataPlaneRoute(QStringLiteral("documents")));
        for (const char *route : {"admin", "healthz", "readyz", "metrics", "other", ""})
            QVERIFY2(!TierEstimateModel::isDataPlaneRoute(QString::fromLatin1(route)), route);
    }

    void tenantCostsFollowTheChosenTier()
    {
        TenantTierCostModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto tenant = [](const QString &id, int tier, int minimum, qint64 version) {
            return QJsonObject{{"id", id}, {"name", id}, {"classifications", QJsonArray()},
                               {"relationship", "internal"}, {"threat", "low"}, {"regimes", QJsonArray()},
                               {"tier", tier}, {"version", version}, {"minimum_tier", minimum},
                               {"violation", tier < minimum}, {"rules", QJsonArray()}};
        };
        model.setTenants({tenant("life", 2, 2, 3), tenant("property", 1, 2, 1)});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, TenantTierCostModel::MonthlyCostColumn).data(Qt::EditRole).toDouble(),
                 TierCostModel::monthlyCost(1));
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());

        // property moved to tier 2: in place.
        model.setTenants({tenant("life", 2, 2, 3), tenant("property", 2, 2, 2)});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(1, TenantTierCostModel::MonthlyCostColumn).data(Qt::EditRole).toDouble(),
                 TierCostModel::monthlyCost(2));
        QCOMPARE(model.index(1, 0).data(TenantTierCostModel::VersionRole).toLongLong(), 2);
        {
            // Amounts in the user's convention: German decimal comma and symbol after.
            const QLocale before;
            QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
            QCOMPARE(model.index(1, TenantTierCostModel::MonthlyCostColumn).data().toString(),
                     QStringLiteral("65,00\u00a0$"));
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
            QCOMPARE(model.index(1, TenantTierCostModel::MonthlyCostColumn).data().toString(),
                     QStringLiteral("$65.00"));
            QCOMPARE(model.index(1, TenantTierCostModel::MonthlyCostColumn).data(Qt::TextAlignmentRole).toInt(),
                     int(Qt::AlignRight | Qt::AlignVCenter));
            QLocale::setDefault(before);
        }
        QVERIFY(!model.index(1, 0).data(Qt::BackgroundRole).isValid());

        model.setTenants({tenant("life", 2, 2, 3)});
        QCOMPARE(reset.count(), 2);
        QCOMPARE(changed.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TierEstimateModelTest)
#include "tst_tierestimatemodel.moc"
