#include "ConsolePlatform.h"
#include "support/TestKeys.h"

#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/DaemonController.h"
#include "ui/MainWindow.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTcpServer>
#include <QtTest>

using namespace bulkhead;

// The console's bundled-daemon controls against the real bulkheadd binary, and the main window
// connected to a real daemon.
class ConsoleDaemonTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        std::string error;
        QVERIFY2(m_platform.start(&error), error.c_str());
    }

    void startAndStopTheBundledDaemon()
    {
        // A port nobody holds right now, for the daemon's fixed address.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();

        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::DaemonController daemon(&network);
        daemon.configure(qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QStringLiteral("/bulkheadd"),
                         QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)} +
                             m_platform.databaseArguments() +
                         QStringList{QStringLiteral("--upstream-url"), QString::fromStdString(m_platform.upstream()),
                          QStringLiteral("--key-provider"), QStringLiteral("file"),
                          QStringLiteral("--key-file"), QString::fromStdString(testsupport::testMasterKeyFile()),
                          QStringLiteral("--audit-key-file"), m_platform.scratch(QStringLiteral("bundled-audit.key"))},
                         QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        ui::MainWindow window(&session, &daemon);
        window.show();
        QVERIFY(window.showView(QStringLiteral("daemonPage")));
        auto *start = window.findChild<QPushButton *>(QStringLiteral("startDaemonButton"));
        auto *stop = window.findChild<QPushButton *>(QStringLiteral("stopDaemonButton"));
        auto *state = window.findChild<QLabel *>(QStringLiteral("daemonStateLabel"));
        auto *health = window.findChild<QLabel *>(QStringLiteral("daemonHealthLabel"));
        auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("daemonLogText"));
        QVERIFY(start && stop && state && health && log);
        QVERIFY(start->isEnabled());
        QVERIFY(!stop->isEnabled());

        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(daemon.state(), ui::DaemonController::State::Running, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(daemon.healthy() && daemon.ready(), 20000);
        QVERIFY(daemon.pid() > 0);
        QVERIFY(state->text().contains(QString::number(daemon.pid())));
        QVERIFY(stop->isEnabled());
        QVERIFY(!start->isEnabled());
        // The daemon's own start-up lines reach the live log.
        QTRY_VERIFY_WITH_TIMEOUT(!log->toPlainText().isEmpty(), 10000);

        QSignalSpy failed(&daemon, &ui::DaemonController::failed);
        QTest::mouseClick(stop, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(daemon.state(), ui::DaemonController::State::Stopped, 30000);
        QCOMPARE(failed.count(), 0);  // an asked-for stop is not a failure
        QVERIFY(start->isEnabled());
        QVERIFY(!daemon.healthy());

        // Nothing answers on the port any more.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!socket.waitForConnected(1000));
    }

    void aDaemonThatCannotStartIsReported()
    {
        QNetworkAccessManager network;
        ui::DaemonController daemon(&network);
        daemon.configure(qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QStringLiteral("/bulkheadd"),
                         {QStringLiteral("--no-such-option")}, QUrl(QStringLiteral("http://127.0.0.1:9")));
        QSignalSpy failed(&daemon, &ui::DaemonController::failed);
        daemon.start();
        QTRY_COMPARE_WITH_TIMEOUT(daemon.state(), ui::DaemonController::State::Stopped, 10000);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(!daemon.logLines().isEmpty());  // the daemon's own complaint is kept
    }

    void windowShowsTheRealInventoryWithViolations()
    {
        // External PHI on tier 1 must be tier 3 (R4): a violation the tenants view highlights.
        QVERIFY(!m_platform.createTenant({{"id", "gui_hospital"}, {"classifications", {"PHI"}},
                                          {"relationship", "external"}, {"tier", 1}}).is_null());
        // Internal, no regulated data, on tier 2: above the floor R1 sets beside the hospital.
        QVERIFY(!m_platform.createTenant({{"id", "gui_internal"}, {"tier", 2}}).is_null());
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::MainWindow window(&session);
        window.show();
        session.connectTo(m_platform.qurl(), m_platform.token());
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected() && session.tenants()->rowCount() >= 2, 10000);
        QCOMPARE(session.role(), QStringLiteral("platform-admin"));
        auto *model = session.tenants();
        bool sawViolation = false, sawClean = false;
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto *t = model->tenant(row);
            if (t->id == QLatin1StringView("gui_hospital")) {
                sawViolation = t->violation && t->minimumTier == 3;
                QVERIFY(model->index(row, 0).data(Qt::BackgroundRole).isValid());
            }
            if (t->id == QLatin1StringView("gui_internal"))
                sawClean = !t->violation;
        }
        QVERIFY(sawViolation);
        QVERIFY(sawClean);
        QTRY_VERIFY(session.decision().value(QStringLiteral("violations")).toInt() >= 1);
    }

    void cleanupTestCase() { m_platform.stop(); }

private:
    testsupport::ConsolePlatform m_platform;
};

QTEST_MAIN(ConsoleDaemonTest)
#include "tst_consoledaemon.moc"
