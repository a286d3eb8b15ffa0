#include "core/Error.h"
#include "daemon/DaemonConfig.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace bulkhead;

class TestDaemonConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void flagsAndFile();
    void badSettings_data();
    void badSettings();
};

void TestDaemonConfig::flagsAndFile()
{
    QTemporaryDir dir;
    const auto file = dir.filePath(QStringLiteral("bulkheadd.conf")).toStdString();
    std::ofstream(file) << "# comment\nlisten = 127.0.0.1:9999\nmax_body_bytes = 2048\n"
                           "cache-salt = off\nthreads = 3\nupstream-idle-connections = 64\n";
    const auto parsed =
        daemon::parseDaemonConfig({"--threads", "5", "--config", file, "--database=dbname=x"});
    QCOMPARE(parsed.config.listen, std::string("127.0.0.1:9999"));
    QCOMPARE(parsed.config.maxBodyBytes, std::size_t{2048});
    QVERIFY(!parsed.config.cacheSalt);
    QCOMPARE(parsed.config.threads, 5u);  // flags override the file wherever --config stands
    QCOMPARE(parsed.config.upstreamIdleConnections, std::size_t{64});
    QCOMPARE(parsed.config.database, std::string("dbname=x"));
    QVERIFY(daemon::parseDaemonConfig({"--help"}).showHelp);
    QVERIFY(daemon::daemonUsage().find("--upstream-url") != std::string::npos);
    QVERIFY(daemon::parseDaemonConfig({"--openapi"}).showOpenApi);
    QVERIFY(!parsed.showOpenApi);
    QVERIFY(daemon::daemonUsage().find("--openapi") != std::string::npos);
}

void TestDaemonConfig::badSettings_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown") << QStringList{"--colour", "red"} << "colour";
    QTest::newRow("not a number") << QStringList{"--threads", "many"} << "threads";
    QTest::newRow("zero threads") << QStringList{"--threads", "0"} << "threads";
    QTest::newRow("missing value") << QStringList{"--listen"} << "listen";
    QTest::newRow("bad bool") << QStringList{"--cache-salt", "maybe"} << "cache-salt";
    QTest::newRow("cert without key") << QStringList{"--tls-cert", "c.pem"} << "tls-cert";
    QTest::newRow("bad ingress action") << QStringList{"--ingress-action", "drop"} << "ingress-action";
    QTest::newRow("idle connections beyond range") << QStringList{"--upstream-idle-connections", "200000"}
                                                   << "upstream-idle-connections";
    QTest::newRow("positional") << QStringList{"serve"} << "serve";
}

void TestDaemonConfig::badSettings()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    std::vector<std::string> argv;
    for (const auto &a : args)
        argv.push_back(a.toStdString());
    try {
        daemon::parseDaemonConfig(argv);
        QFAIL("accepted a bad setting");
    } catch (const core::Error &e) {
        QVERIFY(e.code() == core::ErrorCode::InvalidArgument);
        QCOMPARE(QString::fromStdString(e.field()), field);
    }
}

QTEST_APPLESS_MAIN(TestDaemonConfig)
#include "tst_daemonconfig.moc"
