// `bulkheadctl cluster start|status|stop` driven in-process against the real PostgreSQL
// binaries: the --json contract CI relies on, idempotent start/stop, and usage errors.
#include "ctl/Cli.h"
#include "store/Database.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

class TestClusterCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startStatusStopAsJson();
    void usageErrors_data();
    void usageErrors();

private:
    struct Run
    {
        int code;
        std::string out;
        std::string err;
    };
    static Run run(std::vector<std::string> args)
    {
        std::ostringstream out, err;
        const int code = bulkhead::ctl::runCli(args, out, err);
        return {code, out.str(), err.str()};
    }
};

void TestClusterCommand::startStatusStopAsJson()
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-ctl-XXXXXX"));
    QVERIFY(dir.isValid());
    const std::string folder = dir.path().toStdString();

    const auto started = run({"cluster", "start", "--dir", folder, "--json"});
    QVERIFY2(started.code == 0, started.err.c_str());
    const auto state = nlohmann::json::parse(started.out);
    QCOMPARE(state["socket_dir"].get<std::string>(), folder + "/socket");
    const int port = state["port"].get<int>();
    QVERIFY(port > 0);
    QVERIFY(state["pid"].get<long>() > 0);
    QVERIFY(state["running"].get<bool>());
    const std::string dsn = state["dsn"].get<std::string>();
    QCOMPARE(dsn, "host=" + folder + "/socket port=" + std::to_string(port) +
                      " dbname=bulkhead user=bulkhead");
    {
        // The server accepts connections as soon as start returns.
        auto connection = bulkhead::store::openConnection(dsn);
        pqxx::read_transaction tx(*connection);
        QCOMPARE(
            tx.exec1("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")[0].as<int>(), 1);
    }

    const auto again = run({"cluster", "start", "--dir", folder, "--json"});
    QCOMPARE(again.code, 0);
    QCOMPARE(nlohmann::json::parse(again.out)["pid"], state["pid"]);

    const auto status = run({"cluster", "status", "--dir=" + folder, "--json"});
    QCOMPARE(status.code, 0);
    QCOMPARE(nlohmann::json::parse(status.out)["running"].get<bool>(), true);

    const auto stopped = run({"--json", "cluster", "stop", "--dir", folder});
    QCOMPARE(stopped.code, 0);
    QCOMPARE(nlohmann::json::parse(stopped.out)["was_running"].get<bool>(), true);
    const auto after =
        nlohmann::json::parse(run({"cluster", "status", "--dir", folder, "--json"}).out);
    QCOMPARE(after["running"].get<bool>(), false);
    QVERIFY(after["pid"].is_null());
    QCOMPARE(after["port"].get<int>(), port);

    const auto twice = run({"cluster", "stop", "--dir", folder});
    QCOMPARE(twice.code, 0);
    QVERIFY(twice.out.find("was not running") != std::string::npos);
}

// A folder no usage error may create: inside a fresh temporary folder, so nothing else on the
// machine can have made it.
static const QTemporaryDir kScratch;
static const QString kUnusedDir = kScratch.filePath(QStringLiteral("never-created"));

void TestClusterCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    // clang-format off
    QTest::newRow("no --dir")       << QStringList{"cluster", "start"} << "dir";
    QTest::newRow("empty --dir")    << QStringList{"cluster", "status", "--dir="} << "dir";
    QTest::newRow("unknown verb")   << QStringList{"cluster", "restart", "--dir", kUnusedDir} << "subcommand";
    QTest::newRow("unknown option") << QStringList{"cluster", "status", "--dir", kUnusedDir, "--fast"} << "options";
    QTest::newRow("start-only option on stop")
        << QStringList{"cluster", "stop", "--dir", kUnusedDir, "--run-as", "nobody"} << "options";
    QTest::newRow("bad timeout")
        << QStringList{"cluster", "start", "--dir", kUnusedDir, "--timeout", "0"} << "timeout";
    QTest::newRow("bad bin dir")
        << QStringList{"cluster", "start", "--dir", kUnusedDir, "--bin-dir", "/nonexistent"} << "bin_dir";
    // clang-format on
}

void TestClusterCommand::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    std::vector<std::string> argv{"--json"};
    for (const auto &a : args)
        argv.push_back(a.toStdString());
    const auto result = run(argv);
    QCOMPARE(result.code, 2);
    const auto error = nlohmann::json::parse(result.out)["error"];
    QCOMPARE(error["code"].get<std::string>(), std::string("invalid_argument"));
    QCOMPARE(QString::fromStdString(error["field"].get<std::string>()), field);
    QVERIFY(!QFileInfo::exists(kUnusedDir));  // a refused command creates nothing
}

QTEST_GUILESS_MAIN(TestClusterCommand)
#include "tst_clustercommand.moc"
