#include "ConsolePlatform.h"

#include "models/ConsoleSession.h"
#include "ui/ConsoleStartup.h"
#include "ui/DaemonController.h"
#include "ui/EmbeddedPlatform.h"
#include "ui/Prompts.h"
#include "ui/SettingsView.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <algorithm>

using namespace bulkhead;

// Answers yes/no questions as told and remembers what was asked.
class ScriptedPrompts final : public ui::Prompts
{
public:
    bool answer = false;
    QStringList asked;

    QString saveFileName(QWidget *, const QString &, const QString &, const QString &) override { return {}; }
    QString openFileName(QWidget *, const QString &, const QString &) override { return {}; }
    bool confirm(QWidget *, const QString &, const QString &text) override
    {
        asked << text;
        return answer;
    }
    bool confirmByTyping(QWidget *, const QString &, const QString &, const QString &) override { return false; }
    void warn(QWidget *, const QString &, const QString &) override {}
};

// With no Secret Service reachable the console says so and does not connect: no plaintext
// fallback, nothing written to the settings. On the embedded default it offers key files
// (bulkheadd --key-provider file), and starts nothing unless the user agrees.
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
        ui::Prompts::install(&m_prompts);
    }

    void init()
    {
        m_prompts.asked.clear();
        QSettings().remove(ui::ConsoleStartup::embeddedKeyProviderSetting());
    }

    void embeddedDefaultOffersKeyFilesAndStartsNothingWhenDeclined()
    {
        QTemporaryDir home;
        qputenv("BULKHEAD_CONSOLE_DIR", home.path().toUtf8());
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        QSignalSpy unavailable(&startup, &ui::ConsoleStartup::keychainUnavailable);
        QSignalSpy chosen(&startup, &ui::ConsoleStartup::keyFilesChosen);
        QSignalSpy status(&startup, &ui::ConsoleStartup::status);
        m_prompts.answer = false;
        startup.begin(QString(), false);
        // The offer is the keychain probe's answer; the choice is reported as it is made.
        QTRY_COMPARE_WITH_TIMEOUT(chosen.count(), 1, 30000);
        QCOMPARE(chosen.at(0).at(0).toBool(), false);
        QCOMPARE(unavailable.count(), 1);
        QCOMPARE(m_prompts.asked.size(), 1);
        QVERIFY(m_prompts.asked.first().contains(unavailable.at(0).at(0).toString()));
        QVERIFY(m_prompts.asked.first().contains(QDir::toNativeSeparators(ui::ConsoleStartup::embeddedFolder())));
        // Declined: said so, nothing started, nothing remembered.
        QVERIFY(!status.isEmpty());
        QVERIFY(status.last().at(0).toString().contains(unavailable.at(0).at(0).toString()));
        QVERIFY(!startup.embeddedPlatform());
        QVERIFY(!QFile::exists(ui::ConsoleStartup::embeddedFolder() + QStringLiteral("/demo.json")));
        QVERIFY(QSettings().value(ui::ConsoleStartup::embeddedKeyProviderSetting()).isNull());
        QVERIFY(!session.isConnected());
        qunsetenv("BULKHEAD_CONSOLE_DIR");
    }

    void acceptedKeyFilesStartThePlatformWithTheFileKeyProvider()
    {
        QTemporaryDir home;
        // The cluster's account (not root) must be able to enter the folder.
        ::chmod(QFile::encodeName(home.path()).constData(), 0711);
        qputenv("BULKHEAD_CONSOLE_DIR", home.path().toUtf8());
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        QSignalSpy chosen(&startup, &ui::ConsoleStartup::keyFilesChosen);
        QSignalSpy status(&startup, &ui::ConsoleStartup::status);
        m_prompts.answer = true;
        startup.begin(QString(), false);
        QTRY_COMPARE_WITH_TIMEOUT(chosen.count(), 1, 30000);
        QCOMPARE(chosen.at(0).at(0).toBool(), true);
        QCOMPARE(m_prompts.asked.size(), 1);
        // The platform is started with its master key in a private file, and the status bar
        // says where.
        ui::EmbeddedPlatform *platform = startup.embeddedPlatform();
        QVERIFY(platform);
        const QString keyFile = ui::ConsoleStartup::embeddedKeyFile();
        QCOMPARE(platform->keyFile(), keyFile);
        const QStringList arguments = platform->upArguments();
        const auto provider = arguments.indexOf(QStringLiteral("--key-provider"));
        QVERIFY(provider > 0);
        QCOMPARE(arguments.value(provider + 1), QStringLiteral("file"));
        QCOMPARE(arguments.value(arguments.indexOf(QStringLiteral("--key-file")) + 1), keyFile);
        QVERIFY(std::any_of(status.cbegin(), status.cend(), [&keyFile](const QList<QVariant> &s) {
            return s.at(0).toString().contains(QDir::toNativeSeparators(keyFile));
        }));
        QCOMPARE(QSettings().value(ui::ConsoleStartup::embeddedKeyProviderSetting()).toString(), QStringLiteral("file"));

        // The start ends either way, and never silently: connected with the token from the
        // private demo.json, or the reason in the status bar.
        QSignalSpy ready(platform, &ui::EmbeddedPlatform::ready);
        QSignalSpy failed(platform, &ui::EmbeddedPlatform::failed);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() == 1, 180000);
        if (ready.count() == 1) {
            QTRY_VERIFY_WITH_TIMEOUT(session.isConnected(), 30000);
        } else {
            QVERIFY(!session.isConnected());
            QVERIFY(status.last().at(0).toString().contains(failed.at(0).at(0).toString()));
        }
        qputenv("BULKHEAD_CONSOLE_DIR", home.path().toUtf8());
        startup.shutdown();
        qunsetenv("BULKHEAD_CONSOLE_DIR");
    }

    void tokenIsRefusedNotStoredElsewhere()
    {
        qputenv("BULKHEAD_TOKEN", m_platform.token().toUtf8());
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        ui::ConsoleStartup startup(&session, &daemon);
        QSignalSpy unavailable(&startup, &ui::ConsoleStartup::keychainUnavailable);
        QSignalSpy status(&startup, &ui::ConsoleStartup::status);
        QSignalSpy sent(session.admin(), &models::AdminClient::requestSent);
        startup.begin(m_platform.qurl().toString(), true);
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.count(), 1, 30000);
        // The refusal is the keychain job's last step: connecting would have sent whoami in it.
        QCOMPARE(sent.count(), 0);
        QVERIFY(!session.isConnected());
        QVERIFY(!status.isEmpty());
        QVERIFY(status.last().at(0).toString().contains(unavailable.at(0).at(0).toString()));
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
        ui::Prompts::install(nullptr);
        QSettings().clear();
        m_platform.stop();
    }

private:
    testsupport::ConsolePlatform m_platform;
    ScriptedPrompts m_prompts;
};

QTEST_MAIN(ConsoleNoKeychainTest)
#include "tst_consolenokeychain.moc"
