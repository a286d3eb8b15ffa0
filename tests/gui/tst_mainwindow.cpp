#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/AboutDialog.h"
#include "ui/ConsoleIcons.h"
#include "ui/ConsoleStartup.h"
#include "ui/ConsoleView.h"
#include "ui/EvidenceView.h"
#include "ui/Language.h"
#include "ui/MainWindow.h"

#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QToolBar>

#include <QListWidget>
#include <QStackedWidget>

#include <QNetworkAccessManager>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

// Answers every request on 127.0.0.1 with one JSON body and an optional Server header.
class WhoamiServer : public QObject
{
public:
    WhoamiServer(const QByteArray &body, const QByteArray &serverHeader)
    {
        m_response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
                     (serverHeader.isEmpty() ? QByteArray() : "Server: " + serverHeader + "\r\n") +
                     "Content-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\n\r\n" + body;
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            auto request = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
                *request += socket->readAll();
                if (request->contains("\r\n\r\n")) {
                    socket->write(m_response);
                    socket->disconnectFromHost();
                }
            });
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QByteArray m_response;
};

class MainWindowTest : public QObject
{
    Q_OBJECT

    template <typename T>
    static T *child(QObject *parent, const char *name)
    {
        return parent->findChild<T *>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void everyViewHasAnIconAndTheToolbarTheMainActions()
    {
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *navigation = child<QListWidget>(&window, "viewList");
        QCOMPARE(navigation->count(), 10);
        QSet<size_t> pictures;
        for (int row = 0; row < navigation->count(); ++row) {
            const QIcon icon = navigation->item(row)->icon();
            QVERIFY2(!icon.isNull(), qPrintable(navigation->item(row)->text()));
            const QImage image = icon.pixmap(22, 22).toImage();
            pictures.insert(qHashBits(image.constBits(), size_t(image.sizeInBytes())));
        }
        // The drawn icons tell the ten views apart.
        if (bulkhead::ui::consoleIconsAreDrawn())
            QCOMPARE(pictures.size(), 10);

        auto *toolbar = child<QToolBar>(&window, "mainToolBar");
        QVERIFY(toolbar);
        QVERIFY(toolbar->isVisible());
        QStringList names;
        for (QAction *action : toolbar->actions()) {
            if (action->isSeparator())
                continue;
            names << action->objectName();
            QVERIFY(!action->icon().isNull());
            QVERIFY(!action->text().isEmpty());
            QVERIFY(!action->toolTip().isEmpty());
        }
        QCOMPARE(names, (QStringList{"refreshAction", "runProbesAction", "exportEvidenceAction"}));

        // Run probes and export evidence take the user to their views.
        child<QAction>(&window, "exportEvidenceAction")->trigger();
        auto *stack = child<QStackedWidget>(&window, "viewStack");
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("evidencePage"));
        auto *evidence = qobject_cast<bulkhead::ui::EvidenceView *>(stack->currentWidget());
        QVERIFY(evidence->wizard());
        evidence->wizard()->close();
        QSignalSpy sent(session.admin(), &bulkhead::models::AdminClient::requestSent);
        child<QAction>(&window, "runProbesAction")->trigger();
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("probesPage"));
        QVERIFY(std::any_of(sent.cbegin(), sent.cend(), [](const QList<QVariant> &call) {
            return call.at(0).toByteArray() == "POST" &&
                   call.at(1).toString() == QStringLiteral("/admin/v1/probes/runs");
        }));
        // Refresh asks the daemon again.
        sent.clear();
        child<QAction>(&window, "refreshAction")->trigger();
        QVERIFY(std::any_of(sent.cbegin(), sent.cend(), [](const QList<QVariant> &call) {
            return call.at(1).toString() == QStringLiteral("/admin/v1/whoami");
        }));
    }

    void aboutNamesVersionLicencesAndDataLocations()
    {
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        QAction *about = child<QAction>(&window, "aboutAction");
        QVERIFY(about);
        auto *help = child<QMenu>(window.menuBar(), "helpMenu");
        QVERIFY(help);
        QVERIFY(help->actions().contains(about));
        about->trigger();
        auto *dialog = child<bulkhead::ui::AboutDialog>(&window, "aboutDialog");
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        const QString versions = child<QLabel>(dialog, "aboutVersions")->text();
        QVERIFY(versions.contains(QStringLiteral(BULKHEAD_VERSION)));
        QVERIFY(versions.contains(QString::fromLatin1(qVersion())));
        const QString licences = child<QLabel>(dialog, "aboutLicences")->text();
        QVERIFY(licences.contains(QStringLiteral("LGPL-3.0")));
        QVERIFY(licences.contains(QStringLiteral("QtKeychain")));
        const QString places = child<QLabel>(dialog, "aboutDataLocations")->text();
        QVERIFY(places.contains(QDir::toNativeSeparators(QSettings().fileName())));
        QVERIFY(places.contains(QDir::toNativeSeparators(bulkhead::ui::ConsoleStartup::embeddedFolder())));
        dialog->close();
    }

    void statusBarShowsConnectionRoleAndDaemonVersion_data()
    {
        QTest::addColumn<QByteArray>("whoami");
        QTest::addColumn<QByteArray>("server");
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("version");
        QTest::newRow("admin, version in the Server header")
            << QByteArray(R"({"role":"platform-admin","tenant":null})") << QByteArray("bulkheadd/9.8.7")
            << "platform admin" << "9.8.7";
        QTest::newRow("auditor, version in whoami")
            << QByteArray(R"({"role":"tenant-auditor","tenant":"life","daemon_version":"1.2.3"})")
            << QByteArray("bulkheadd") << "life" << "1.2.3";
        QTest::newRow("no version anywhere")
            << QByteArray(R"({"role":"platform-admin"})") << QByteArray("bulkheadd")
            << "platform admin" << "not reported";
    }

    void statusBarShowsConnectionRoleAndDaemonVersion()
    {
        QFETCH(QByteArray, whoami);
        QFETCH(QByteArray, server);
        QFETCH(QString, role);
        QFETCH(QString, version);
        WhoamiServer daemon(whoami, server);
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        auto *connection = child<QLabel>(&window, "connectionStatusLabel");
        auto *roleLabel = child<QLabel>(&window, "roleStatusLabel");
        auto *versionLabel = child<QLabel>(&window, "daemonVersionStatusLabel");
        QVERIFY(connection && roleLabel && versionLabel);
        QCOMPARE(connection->text(), QStringLiteral("Not connected"));
        QVERIFY(!roleLabel->isVisible());

        QSignalSpy principal(&session, &bulkhead::models::ConsoleSession::principalChanged);
        session.connectTo(daemon.url(), QStringLiteral("bh_admin_test"));
        QVERIFY(principal.wait(5000));
        QVERIFY(connection->text().contains(daemon.url().authority()));
        QVERIFY2(roleLabel->text().contains(role), qPrintable(roleLabel->text()));
        QVERIFY(roleLabel->isVisible());
        QVERIFY2(versionLabel->text().contains(version), qPrintable(versionLabel->text()));
    }

    void tenantsViewFiltersByObjectName()
    {
        QNetworkAccessManager network;
        bulkhead::models::ConsoleSession session(&network);
        bulkhead::ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QFile file(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") + QStringLiteral("/tests/gui/data/tenants.json"));
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
