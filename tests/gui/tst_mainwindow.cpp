#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/ConsoleView.h"
#include "ui/Language.h"
#include "ui/MainWindow.h"

#include <QListWidget>
#include <QStackedWidget>

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

    void languageSwitchesAtRuntime()
    {
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        QVERIFY(window.showView("tenantsPage"));
        auto *navigation = window.findChild<QListWidget *>("viewList");
        QVERIFY(navigation);
        const QString english = navigation->item(1)->text();
        QCOMPARE(english, QStringLiteral("Tenants"));

        QVERIFY(bulkhead::ui::Language::apply("de"));
        // Every view is rebuilt in German; the current page stays.
        QTRY_VERIFY(navigation->item(1)->text() != english);
        QCOMPARE(navigation->item(1)->text(), QStringLiteral("Mandanten"));
        QCOMPARE(navigation->currentRow(), 1);
        auto *stack = window.findChild<QStackedWidget *>("viewStack");
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("tenantsPage"));
        QCOMPARE(window.tenantModel()->headerData(0, Qt::Horizontal).toString(),
                 QCoreApplication::translate("bulkhead::models::TenantTableModel", "ID", "tenant table header"));
        // The pages themselves were rebuilt: the tenants page's filter hint is German too.
        auto *filter = window.findChild<QLineEdit *>("tenantFilterEdit");
        QVERIFY(filter);
        QVERIFY(!filter->placeholderText().startsWith(QStringLiteral("Filter tenants")));

        QVERIFY(bulkhead::ui::Language::apply("en"));
        QTRY_COMPARE(navigation->item(1)->text(), english);
    }

    void keyboardReachesEveryView()
    {
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *stack = window.findChild<QStackedWidget *>("viewStack");
        const auto views = window.views();
        QCOMPARE(views.size(), 10);
        // Ctrl+1 ... Ctrl+9, Ctrl+0 jump to the ten views in order.
        for (int i = 0; i < views.size(); ++i) {
            QTest::keyClick(&window, Qt::Key(Qt::Key_0 + (i + 1) % 10), Qt::ControlModifier);
            QTRY_COMPARE(stack->currentWidget(), static_cast<QWidget *>(views[i]));
        }
        // Every view names itself for assistive technology through its navigation entry, and
        // every input on it has an accessible name.
        for (auto *view : views) {
            for (auto *input : view->findChildren<QWidget *>()) {
                const bool isInput = input->inherits("QLineEdit") || input->inherits("QComboBox") ||
                                     input->inherits("QAbstractItemView") || input->inherits("QSpinBox") ||
                                     input->inherits("QPlainTextEdit");
                if (!isInput || input->objectName().isEmpty() || input->objectName().startsWith("qt_"))
                    continue;
                if (input->parent() && input->parent()->inherits("QComboBox"))
                    continue;  // the combo box's own popup list
                QVERIFY2(!input->accessibleName().isEmpty(),
                         qPrintable(view->objectName() + ": " + input->objectName()));
            }
        }
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
