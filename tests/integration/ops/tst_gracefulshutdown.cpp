// Operations: SIGTERM drains in-flight streams before the daemon exits; SIGHUP reloads.
// Runs the real bulkheadd and bulkhead-refmodel binaries.
#include "ctl/AdminClient.h"
#include "support/PortFile.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include <fstream>
#include <future>

using namespace bulkhead;
using nlohmann::json;

namespace {

QString binary(const char *name)
{
    return qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QLatin1Char('/') + QLatin1String(name);
}


} // namespace

class TestGracefulShutdown final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigtermDrainsStreamsAndSighupReloads();
};

void TestGracefulShutdown::sigtermDrainsStreamsAndSighupReloads()
{
    testsupport::TestDatabase db;
    QTemporaryDir dir;
    const QString upstreamPortFile = dir.filePath(QStringLiteral("refmodel.port"));
    QProcess refmodel;
    refmodel.start(binary("bulkhead-refmodel"),
                   {QStringLiteral("--token-delay-ms"), QStringLiteral("60"),
                    QStringLiteral("--port-file"), upstreamPortFile});
    const int upstreamPort = testsupport::waitForPortFile(upstreamPortFile, refmodel);
    QVERIFY(upstreamPort > 0);

    const QString portFile = dir.filePath(QStringLiteral("bulkheadd.port"));
    const QString tokenFile = dir.filePath(QStringLiteral("admin.token"));
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::MergedChannels);
    daemon.start(binary("bulkheadd"),
                 QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} +
                     testsupport::testDatabaseArguments(db) +
                 QStringList{QStringLiteral("--key-provider"), QStringLiteral("file"),
                  QStringLiteral("--key-file"), dir.filePath(QStringLiteral("master.key")),
                  QStringLiteral("--upstream-url"),
                  QStringLiteral("http://127.0.0.1:%1/v1").arg(upstreamPort),
                  QStringLiteral("--admin-token-file"), tokenFile, QStringLiteral("--port-file"),
                  portFile});
    const int port = testsupport::waitForPortFile(portFile, daemon);
    QVERIFY2(port > 0, daemon.readAll().constData());
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    std::string token;
    std::ifstream(tokenFile.toStdString()) >> token;
    ctl::AdminClient admin(base, token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}}).ok());
    const std::string key =
        admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object()).body["api_key"];

    // SIGHUP: reload, keep serving.
    ::kill(static_cast<pid_t>(daemon.processId()), SIGHUP);
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += daemon.readAll()).contains("\"event\":\"policy_reload\""),
                             5000);
    QCOMPARE(ctl::networkTransport("GET", base + "/healthz", {}, {}).status, 200);

    // A slow stream (about 60 ms per token) is in flight when SIGTERM arrives.
    auto streamed = std::async(std::launch::async, [&] {
        return ctl::networkTransport(
            "POST", base + "/v1/chat/completions", key,
            R"({"model":"m","stream":true,"max_tokens":20,
                "messages":[{"role":"user","content":"tell me about reinsurance treaties"}]})");
    });
    QTest::qWait(300);
    daemon.terminate();  // SIGTERM
    const auto result = streamed.get();
    QCOMPARE(result.status, 200);
    QVERIFY2(result.body.find("data: [DONE]") != std::string::npos, result.body.c_str());
    QVERIFY(daemon.waitForFinished(15000));
    QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
    QCOMPARE(daemon.exitCode(), 0);
    // Gone: new connections are refused.
    QCOMPARE(ctl::networkTransport("GET", base + "/healthz", {}, {}).status, 0);
    refmodel.terminate();
    QVERIFY(refmodel.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestGracefulShutdown)
#include "tst_gracefulshutdown.moc"
