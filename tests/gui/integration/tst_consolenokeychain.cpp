#include "ConsolePlatform.h"

#include "models/ConsoleSession.h"
#include "ui/ConsoleStartup.h"
#include "ui/DaemonController.h"
#include "ui/SettingsView.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QtTest>

using namespace bulkhead;

// With no Secret Service reachable the console says so and does not connect: no plaintext
// fallback, nothing written to the settings.
class ConsoleNoKeychainTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Before anything touches D-Bus: the session bus is somewhere that does not exist.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bulkhead-test-bus");
        QCoreApplication::setOrganizationName(QStringLiteral("BulkheadTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_consolenokeychain"));
        QSettings().clear();
        std::string error;
        QVERIFY2(m_platform.start(&error), error.c_str());
    }

    void tokenIsRefusedNotStoredElsewhere()
    {
        qputenv("BULKHEAD_TOKEN", m_platform.token().toUtf8());
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        QSignalSpy unavailable(&startup, &ui::ConsoleStartup::keychainUnavailable);
        startup.begin(m_platform.qurl().toString(), true);
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.count(), 1, 30000);
        QTest::qWait(500);
        QVERIFY(!session.isConnected());
        qunsetenv("BULKHEAD_TOKEN");
    }

    void settingsViewSavesNothingWithoutKeychain()
    {
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::SettingsView view(&session, nullptr, nullptr);
        QSignalSpy saved(&view, &ui::SettingsView::connectionSaved);
        view.saveConnection(m_platform.qurl().toString(), m_platform.token());
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
        QCOMPARE(saved.at(0).at(0).toBool(), false);
        QVERIFY(QSettings().value(ui::ConsoleStartup::daemonUrlSetting()).toString().isEmpty());
        QVERIFY(!session.isConnected());
    }

    void cleanupTestCase()
    {
        QSettings().clear();
        m_platform.stop();
    }

private:
    testsupport::ConsolePlatform m_platform;
};

QTEST_MAIN(ConsoleNoKeychainTest)
#include "tst_consolenokeychain.moc"
