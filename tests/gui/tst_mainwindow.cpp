#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/MainWindow.h"

#include <QNetworkAccessManager>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

class MainWindowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenantsViewFiltersByObjectName()
    {
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QFile file(QStringLiteral(BULKHEAD_GUI_TEST_DATA "/tenants.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        window.tenantModel()->setTenants(
            QJsonDocument::fromJson(file.readAll()).object().value("tenants").toArray());

        auto *table = window.findChild<QTableView *>("tenantTable");
        auto *filter = window.findChild<QLineEdit *>("tenantFilterEdit");
        QVERIFY(table);
        QVERIFY(filter);
        QVERIFY(window.showView("tenantsPage"));

        QCOMPARE(table->model()->rowCount(), 3);
        // Sorted by id: agency, life, property.
        QCOMPARE(table->model()->index(2, 0).data().toString(), "property");

        QTest::keyClicks(filter, "external");
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, 0).data().toString(), "agency");

        filter->clear();
        QCOMPARE(table->model()->rowCount(), 3);

        // Ctrl+F puts the focus back on the filter.
        table->setFocus();
        QTest::keySequence(&window, QKeySequence::Find);
        QTRY_VERIFY(filter->hasFocus());
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
