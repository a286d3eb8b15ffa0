#include "net/LoopbackHarness.h"

#include "net/HttpClient.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace bulkhead;
using namespace bulkhead::testing;

// The shipped program, as a launcher (the console, a probe run) starts it.
class TestRefModelProcess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpSaysSimulator();
    void versionSaysSimulator();
    void badFlagIsAUsageError();
    void servesUntilTerminated();

private:
    QString m_program;
};

void TestRefModelProcess::initTestCase()
{
    const QByteArray dir = qgetenv("BULKHEAD_BINARY_DIR");
    QVERIFY2(!dir.isEmpty(), "BULKHEAD_BINARY_DIR is set by CTest");
    m_program = QString::fromLocal8Bit(dir) + QStringLiteral("/bulkhead-refmodel");
    QVERIFY2(QFile::exists(m_program), qPrintable(m_program));
}

void TestRefModelProcess::helpSaysSimulator()
{
    QProcess process;
    process.start(m_program, {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY(help.contains(QStringLiteral("SIMULATOR")));
    QVERIFY(help.contains(QStringLiteral("--ignore-cache-salt")));
    QVERIFY(help.contains(QStringLiteral("--port-file")));
}

void TestRefModelProcess::versionSaysSimulator()
{
    QProcess process;
    process.start(m_program, {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(QString::fromUtf8(process.readAllStandardOutput()).contains(QStringLiteral("(simulator)")));
}

void TestRefModelProcess::badFlagIsAUsageError()
{
    QProcess process;
    process.start(m_program, {QStringLiteral("--prefill-us-per-token"), QStringLiteral("lots")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(QStringLiteral("prefill-us-per-token")));
}

void TestRefModelProcess::servesUntilTerminated()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString portFile = dir.filePath(QStringLiteral("port"));
    QProcess process;
    process.start(m_program, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--port-file"), portFile,
                              QStringLiteral("--threads=1")});
    QVERIFY(process.waitForStarted(10000));
    QVERIFY(eventually([&] { return QFile::exists(portFile); }, std::chrono::milliseconds(10000)));
    QFile file(portFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool ok = false;
    const int port = QString::fromUtf8(file.readAll()).trimmed().toInt(&ok);
    QVERIFY(ok && port > 0);

    asio::io_context context;
    {
        net::HttpClient client(context.get_executor());
        const auto response = runAwaitable(
            context, client.send(net::Url::parse("http://127.0.0.1:" + std::to_string(port) + "/health"),
                                 net::makeRequest(net::http::verb::get)));
        QCOMPARE(response.result_int(), 200u);
        QCOMPARE(QString::fromStdString(std::string(response["X-Bulkhead-Simulator"])),
                 QStringLiteral("true"));
    }

    process.terminate();  // SIGTERM: graceful shutdown
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(!QFile::exists(portFile));
}

QTEST_GUILESS_MAIN(TestRefModelProcess)
#include "tst_refmodelprocess.moc"
