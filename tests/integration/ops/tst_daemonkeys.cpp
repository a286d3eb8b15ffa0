// bulkheadd and its master key, as a process: without a Secret Service (keychain provider) it
// does not start and says why; a key file readable by others is refused; a private key file is
// created on first start and the same key is used after a restart (documents sealed before the
// restart still open). No plaintext fallback anywhere.
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <fstream>

using namespace bulkhead;

namespace {

QString binary(const char *name)
{
    return qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QLatin1Char('/') + QLatin1String(name);
}

struct Outcome
{
    int exitCode = -1;
    QString output;
    bool listening = false;
};

// Starts bulkheadd and reports how it ended (or that it listened, then stops it).
Outcome run(const QStringList &args, const QProcessEnvironment &environment, const QString &portFile)
{
    QProcess daemon;
    daemon.setProcessEnvironment(environment);
    daemon.setProcessChannelMode(QProcess::MergedChannels);
    daemon.start(binary("bulkheadd"), args + QStringList{QStringLiteral("--port-file"), portFile});
    Outcome outcome;
    for (int i = 0; i < 150 && daemon.state() != QProcess::NotRunning; ++i) {
        if (QFileInfo(portFile).size() > 0) {
            outcome.listening = true;
            daemon.terminate();
            break;
        }
        daemon.waitForFinished(100);
    }
    daemon.waitForFinished(20000);
    outcome.exitCode = daemon.exitCode();
    outcome.output = QString::fromUtf8(daemon.readAll());
    QFile::remove(portFile);
    return outcome;
}

} // namespace

class TestDaemonKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noSecretServiceMeansNoStart();
    void keyFileReadableByOthersIsRefused();
    void keyFileIsCreatedPrivateAndReused();

private:
    QStringList base(const testsupport::TestDatabase &db) const
    {
        return QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} +
               testsupport::testDatabaseArguments(db);
    }
    QTemporaryDir m_dir;
};

void TestDaemonKeys::noSecretServiceMeansNoStart()
{
    testsupport::TestDatabase db;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    const auto outcome = run(base(db) + QStringList{QStringLiteral("--key-provider"), QStringLiteral("keychain"),
                                                    QStringLiteral("--keychain-entry"),
                                                    QStringLiteral("master-key-test-absent")},
                             environment, m_dir.filePath(QStringLiteral("a.port")));
    QVERIFY2(!outcome.listening, qPrintable(outcome.output));
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.output.contains(QStringLiteral("startup_failed")), qPrintable(outcome.output));
    QVERIFY2(outcome.output.contains(QStringLiteral("keychain")) ||
                 outcome.output.contains(QStringLiteral("Secret Service")),
             qPrintable(outcome.output));
}

void TestDaemonKeys::keyFileReadableByOthersIsRefused()
{
    testsupport::TestDatabase db;
    const QString keyFile = m_dir.filePath(QStringLiteral("loose.key"));
    std::ofstream(keyFile.toStdString()) << std::string(64, 'a') << "\n";
    ::chmod(keyFile.toLocal8Bit().constData(), 0644);
    const auto outcome = run(base(db) + QStringList{QStringLiteral("--key-provider"), QStringLiteral("file"),
                                                    QStringLiteral("--key-file"), keyFile},
                             QProcessEnvironment::systemEnvironment(), m_dir.filePath(QStringLiteral("b.port")));
    QVERIFY2(!outcome.listening, qPrintable(outcome.output));
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.contains(QStringLiteral("has mode 0644")), qPrintable(outcome.output));
}

void TestDaemonKeys::keyFileIsCreatedPrivateAndReused()
{
    testsupport::TestDatabase db;
    const QString keyFile = m_dir.filePath(QStringLiteral("created.key"));
    const QStringList args = base(db) + QStringList{QStringLiteral("--key-provider"), QStringLiteral("file"),
                                                    QStringLiteral("--key-file"), keyFile};
    const auto first = run(args, QProcessEnvironment::systemEnvironment(), m_dir.filePath(QStringLiteral("c.port")));
    QVERIFY2(first.listening, qPrintable(first.output));
    struct stat info{};
    QCOMPARE(::stat(keyFile.toLocal8Bit().constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0600u);
    QFile file(keyFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray key = file.readAll();
    file.close();
    // The key never appears in the daemon's log.
    QVERIFY(!first.output.toUtf8().contains(key.trimmed()));
    const auto second = run(args, QProcessEnvironment::systemEnvironment(), m_dir.filePath(QStringLiteral("d.port")));
    QVERIFY2(second.listening, qPrintable(second.output));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), key);  // not replaced
}

QTEST_GUILESS_MAIN(TestDaemonKeys)
#include "tst_daemonkeys.moc"
