#include "ConsolePlatform.h"

#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/ConsoleStartup.h"
#include "ui/DaemonController.h"
#include "ui/SecretStore.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QtTest>

#include <csignal>
#include <sys/stat.h>

using namespace bulkhead;

// How the console finds its daemon, with the real Secret Service: the embedded first run
// (private cluster, reference upstream, bulkheadd, demo tenants) and a configured daemon whose
// admin token lives only in the keychain.
class ConsoleStartupTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BulkheadTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_consolestartup"));
        QSettings().clear();
        std::string error;
        QVERIFY2(m_platform.start(&error), error.c_str());
    }

    void configuredDaemonTokenGoesToTheKeychainOnly()
    {
        const QString url = m_platform.qurl().toString();
        QSettings().setValue(ui::ConsoleStartup::daemonUrlSetting(), url);
        qputenv("BULKHEAD_TOKEN", m_platform.token().toUtf8());
        {
            QNetworkAccessManager network;
            models::ConsoleSession session(&network);
            ui::DaemonController daemon(&network);
            ui::ConsoleStartup startup(&session, &daemon);
            startup.begin(QString(), true);
            QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        }
        qunsetenv("BULKHEAD_TOKEN");

        // Stored in the keychain under the daemon's URL ...
        ui::SecretStore secrets;
        QString stored, failure = QStringLiteral("unset");
        secrets.read(ui::SecretStore::adminTokenKey(url), [&](const QString &secret, const QString &error) {
            stored = secret;
            failure = error;
        });
        QTRY_VERIFY(failure != QLatin1StringView("unset"));
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(stored, m_platform.token());
        // ... and nowhere in the settings file.
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains(m_platform.token().toUtf8()));

        // A later start with nothing in the environment connects from the keychain.
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        startup.begin(QString(), true);
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 10000);
        QTRY_VERIFY(session.isPlatformAdmin());
    }

    void unknownDaemonWithoutTokenDoesNotConnect()
    {
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        QSignalSpy status(&startup, &ui::ConsoleStartup::status);
        startup.begin(QStringLiteral("http://127.0.0.1:9"), true);
        QTRY_COMPARE(status.count(), 1);
        QVERIFY(status.at(0).at(0).toString().contains(QStringLiteral("Settings")));
        QVERIFY(!session.isConnected());
    }

    void embeddedFirstRunStartsTheWholePlatform()
    {
        QSettings().remove(ui::ConsoleStartup::daemonUrlSetting());
        QTemporaryDir home;
        // PostgreSQL runs as an unprivileged account when the tests run as root: it must be able
        // to pass through the folder.
        ::chmod(QFile::encodeName(home.path()).constData(), 0711);
        qputenv("BULKHEAD_CONSOLE_DIR", home.path().toUtf8());
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        startup.begin(QString(), false);
        // Demo tenants loaded through the daemon the console started.
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected() && session.tenants()->rowCount() >= 8, 120000);
        QCOMPARE(daemon.state(), ui::DaemonController::State::Running);
        QVERIFY(daemon.pid() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(daemon.ready(), 10000);
        // The admin token is in the keychain under the embedded daemon's URL.
        ui::SecretStore secrets;
        QString stored, failure = QStringLiteral("unset");
        secrets.read(ui::SecretStore::adminTokenKey(session.adminUrl().toString()),
                     [&](const QString &secret, const QString &error) {
                         stored = secret;
                         failure = error;
                     });
        QTRY_VERIFY(failure != QLatin1StringView("unset"));
        QVERIFY(failure.isEmpty());
        QVERIFY(stored.startsWith(QStringLiteral("bh_admin_")));

        // The token left the platform's folder: demo.json no longer has it, the hand-over file
        // is gone.
        QFile summary(home.path() + QStringLiteral("/platform/demo.json"));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QByteArray summaryText = summary.readAll();
        QVERIFY(summaryText.contains("admin_url"));
        QVERIFY(!summaryText.contains("admin_token"));
        QVERIFY(!summaryText.contains(stored.toUtf8()));
        QVERIFY(!QFile::exists(home.path() + QStringLiteral("/platform/admin.token")));

        {
            // Every refresh answer ends in a success or a failure signal: once all three
            // successes arrived, no failure can still come.
            QSignalSpy firstFailed(&session, &models::ConsoleSession::failed);
            QSignalSpy principal(&session, &models::ConsoleSession::principalChanged);
            QSignalSpy tenants(&session, &models::ConsoleSession::tenantsChanged);
            QSignalSpy decision(&session, &models::ConsoleSession::decisionChanged);
            session.refresh();
            QTRY_VERIFY2_WITH_TIMEOUT((principal.count() >= 1 && tenants.count() >= 1 &&
                                       decision.count() >= 1) || !firstFailed.isEmpty(),
                                      "the refresh did not answer", 30000);
            QVERIFY2(firstFailed.isEmpty(), "the first session lost the daemon");
        }
        // A second console finds the platform running and connects with the keychain's token.
        {
            models::ConsoleSession again(&network);
            ui::DaemonController secondDaemon(&network);
            ui::ConsoleStartup second(&again, &secondDaemon);
            QSignalSpy secondStatus(&again, &models::ConsoleSession::failed);
            second.begin(QString(), false);
            QTRY_VERIFY2_WITH_TIMEOUT(again.isConnected() && again.isPlatformAdmin(),
                                      qPrintable(secondStatus.isEmpty() ? QString()
                                                 : secondStatus.last().at(0).toString()), 30000);
            QCOMPARE(again.adminUrl(), session.adminUrl());
        }

        const qint64 pid = daemon.pid();
        startup.shutdown();
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0, 30000);
        qunsetenv("BULKHEAD_CONSOLE_DIR");
    }

    void cleanupTestCase()
    {
        QSettings().clear();
        m_platform.stop();
    }

private:
    testsupport::ConsolePlatform m_platform;
};

QTEST_MAIN(ConsoleStartupTest)
#include "tst_consolestartup.moc"
