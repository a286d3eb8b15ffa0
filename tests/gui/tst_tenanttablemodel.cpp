#include "models/TenantTableModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

using bulkhead::models::TenantTableModel;

class TenantTableModelTest : public QObject
{
    Q_OBJECT

    static QJsonArray fixture()
    {
        QFile file(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") + QStringLiteral("/tests/gui/data/tenants.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object().value("tenants").toArray();
    }

private Q_SLOTS:
    void loadsFixture()
    {
        TenantTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setTenants(fixture());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(TenantTableModel::ColumnCount));
        QCOMPARE(model.index(0, TenantTableModel::ClassificationsColumn).data().toString(), "PHI, PII");
        QCOMPARE(model.index(1, TenantTableModel::IdColumn).data().toString(), "property");
        QVERIFY(model.index(1, TenantTableModel::NameColumn).data(TenantTableModel::ViolationRole).toBool());
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(2, 0).data(TenantTableModel::VersionRole).toLongLong(), 7);
        QCOMPARE(model.index(2, 0).data(TenantTableModel::RulesRole).toStringList(),
                 QStringList({"R3", "R4"}));
        QCOMPARE(model.index(1, TenantTableModel::MinimumTierColumn).data().toInt(), 2);
    }

    // Each tenant's injection thresholds: a calibrated one with its measured rate, a default
    // one said to be the default, none when the daemon does not say.
    void showsInjectionThresholds()
    {
        TenantTableModel model;
        model.setTenants(fixture());
        const QLocale locale;
        const QModelIndex prompt = model.index(0, TenantTableModel::PromptInjectionColumn);
        QVERIFY2(prompt.data().toString().contains(locale.toString(0.7125, 'f', 3)) &&
                     prompt.data().toString().contains(locale.toString(0.8, 'f', 1)),
                 qPrintable(prompt.data().toString()));
        QCOMPARE(prompt.data(Qt::EditRole).toDouble(), 0.7125);
        const QString tip = prompt.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains("500") && tip.contains("2026-12-01") && tip.contains(locale.toString(0.83, 'f', 3)),
                 qPrintable(tip));
        const QString document = model.index(0, TenantTableModel::DocumentInjectionColumn).data().toString();
        QVERIFY2(document.contains(locale.toString(0.66, 'f', 2)) && document.contains("default"), qPrintable(document));
        QVERIFY(model.index(1, TenantTableModel::PromptInjectionColumn).data().toString().isEmpty());
        QVERIFY(!model.index(1, TenantTableModel::PromptInjectionColumn).data(Qt::EditRole).isValid());
        QVERIFY(!model.headerData(TenantTableModel::DocumentInjectionColumn, Qt::Horizontal).toString().isEmpty());
        QVERIFY(model.headerData(TenantTableModel::PromptInjectionColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains("calibrated"));
    }

    void sameIdsGiveOneRangedDataChanged()
    {
        TenantTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(fixture());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        QJsonArray next = fixture();
        QJsonObject property = next[1].toObject();
        property["tier"] = 2;
        property["violation"] = false;
        next[1] = property;
        model.setTenants(next);

        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed[0][1].value<QModelIndex>(),
                 model.index(2, TenantTableModel::ColumnCount - 1));
        QVERIFY(!model.index(1, 0).data(TenantTableModel::ViolationRole).toBool());
    }

    void emptyingResets()
    {
        TenantTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTenants(fixture());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setTenants({});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    void filterProxyMatchesAnyColumn()
    {
        TenantTableModel model;
        model.setTenants(fixture());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterKeyColumn(-1);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        proxy.setFilterFixedString("pii");
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setFilterFixedString("fedramp");
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), "agency");
        proxy.setFilterFixedString({});
        QCOMPARE(proxy.rowCount(), 3);
    }
};

QTEST_GUILESS_MAIN(TenantTableModelTest)
#include "tst_tenanttablemodel.moc"
