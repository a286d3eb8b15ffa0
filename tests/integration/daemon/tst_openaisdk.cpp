// Third-party clients, unchanged, against an in-process daemon: the official OpenAI Node SDK
// (complete and streamed chat, the Responses API plain and streamed, legacy completions,
// embeddings, a wrong key surfacing as OpenAI.AuthenticationError) and the Vercel AI SDK's
// default OpenAI provider (which speaks the Responses API), generateText, streamText and a second
// turn that refers to the first answer by item id. The
// pinned packages are installed with npm into the build folder on first run; without node/npm,
// or when the install fails (no registry), the test skips and says why.
#include "support/TestDaemon.h"
#include "support/TestKeys.h"
#include "CountingUpstream.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "support/TestDatabase.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace bulkhead;
using nlohmann::json;
using testing::CountingUpstream;

class TestOpenAiSdk final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialSdkWorksUnchanged();
};

void TestOpenAiSdk::officialSdkWorksUnchanged()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
    if (node.isEmpty() || npm.isEmpty())
        QSKIP("node and npm are needed to run the official OpenAI SDK; not found on PATH");
    // Set by CTest (CMakeLists.txt): the folder npm installs the SDKs into, in the build tree.
    const QString sdkDir = qEnvironmentVariable("BULKHEAD_SDK_DIR");
    QVERIFY2(!sdkDir.isEmpty(), "BULKHEAD_SDK_DIR is set by CTest; run this test through ctest");
    // Pinned: the versions the contract is checked against (SDK 5 of each; the AI SDK's default
    // provider speaks the Responses API).
    const QStringList kSdkPackages{QStringLiteral("openai@5.23.2"), QStringLiteral("ai@5.0.277"),
                                   QStringLiteral("@ai-sdk/openai@2.0.130"), QStringLiteral("zod@3.25.76")};
    if (!QFile::exists(sdkDir + QStringLiteral("/node_modules/@ai-sdk/openai/package.json"))) {
        QDir().mkpath(sdkDir);
        QProcess install;
        install.setProcessChannelMode(QProcess::MergedChannels);
        install.start(npm, QStringList{QStringLiteral("install"), QStringLiteral("--no-audit"),
                                       QStringLiteral("--no-fund"), QStringLiteral("--prefix"), sdkDir} +
                               kSdkPackages);
        const bool finished = install.waitForFinished(90'000);
        if (!finished || install.exitCode() != 0) {
            install.kill();
            QSKIP(qPrintable(QStringLiteral("npm install of the SDKs failed (offline?): %1")
                                 .arg(QString::fromUtf8(install.readAll().right(400)))));
        }
    }

    CountingUpstream upstream;
    testsupport::TestDatabase db;
    QTemporaryDir dir;
    daemon::DaemonConfig config;
    config.listen = "127.0.0.1:0";
    testsupport::serveTestDatabase(config, db);
    config.keyProvider = "file";
    config.keyFile = testsupport::testMasterKeyFile();
    config.upstreamUrl = upstream.baseUrl();
    config.adminTokenFile = dir.filePath(QStringLiteral("admin.token")).toStdString();
    daemon::Daemon d(config, [](auto, auto, auto) {});
    d.start();
    std::string token;
    std::ifstream(config.adminTokenFile) >> token;
    const std::string base = "http://127.0.0.1:" + std::to_string(d.port());
    ctl::AdminClient admin(base, token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}, {"tier", 1}}).ok());
    const auto key = admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object());
    QVERIFY(key.ok());

    QProcess script;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), sdkDir + QStringLiteral("/node_modules"));
    env.insert(QStringLiteral("BULKHEAD_BASE_URL"), QString::fromStdString(base + "/v1"));
    env.insert(QStringLiteral("BULKHEAD_API_KEY"),
               QString::fromStdString(key.body["api_key"].get<std::string>()));
    script.setProcessEnvironment(env);
    script.start(node, {qEnvironmentVariable("BULKHEAD_SOURCE_DIR") +
                        QStringLiteral("/tests/integration/daemon/OpenAiSdkCheck.cjs")});
    QVERIFY(script.waitForFinished(60'000));
    const auto err = script.readAllStandardError();
    QVERIFY2(script.exitCode() == 0, err.constData());
    const auto out = json::parse(script.readAllStandardOutput().toStdString(), nullptr, false);
    QVERIFY(!out.is_discarded());
    qInfo("openai SDK %s", out["sdk_version"].dump().c_str());

    QCOMPARE(out["complete"]["object"].get<std::string>(), std::string("chat.completion"));
    const std::string content = out["complete"]["content"];
    QVERIFY(!content.empty());
    QVERIFY(out["complete"]["prompt_tokens"].get<int>() > 0);
    QVERIFY(out["streamed"]["chunks"].get<int>() > 1);
    QCOMPARE(out["streamed"]["content"].get<std::string>(), content);
    QVERIFY(out["embedding"]["dimensions"].get<int>() > 0);
    QVERIFY(out["auth_error"]["raised"].get<bool>());
    QVERIFY(out["auth_error"]["is_authentication_error"].get<bool>());
    QCOMPARE(out["auth_error"]["status"].get<int>(), 401);
    QCOMPARE(out["auth_error"]["code"].get<std::string>(), std::string("invalid_api_key"));
    // The Responses API: the same answer as chat, whole and as the Responses event sequence.
    QCOMPARE(out["responses"]["object"].get<std::string>(), std::string("response"));
    QCOMPARE(out["responses"]["status"].get<std::string>(), std::string("completed"));
    QCOMPARE(out["responses"]["output_text"].get<std::string>(), content);
    QVERIFY(out["responses"]["input_tokens"].get<int>() > 0);
    QVERIFY(out["responses"]["id"].get<std::string>().starts_with("resp_"));
    QCOMPARE(out["responses_stream"]["text"].get<std::string>(), content);
    QCOMPARE(out["responses_stream"]["first"].get<std::string>(), std::string("response.created"));
    QCOMPARE(out["responses_stream"]["last"].get<std::string>(), std::string("response.completed"));
    QCOMPARE(out["responses_stream"]["final_text"].get<std::string>(), content);
    QVERIFY(out["responses_stream"]["output_tokens"].get<int>() > 0);
    QCOMPARE(out["responses_error"]["status"].get<int>(), 400);
    QCOMPARE(out["responses_error"]["code"].get<std::string>(), std::string("invalid_request"));
    // Legacy completions.
    QCOMPARE(out["completion"]["object"].get<std::string>(), std::string("text_completion"));
    QVERIFY(!out["completion"]["text"].get<std::string>().empty());
    QCOMPARE(out["completion_stream"]["text"].get<std::string>(), out["completion"]["text"].get<std::string>());
    // The Vercel AI SDK's default provider: Responses API, plain and streamed.
    QCOMPARE(out["ai_sdk"]["generate_text"].get<std::string>(), content);
    QCOMPARE(out["ai_sdk"]["stream_text"].get<std::string>(), content);
    QCOMPARE(out["ai_sdk"]["finish_reason"].get<std::string>(), std::string("stop"));
    QVERIFY(out["ai_sdk"]["input_tokens"].get<int>() > 0);
    // The second turn referred to the first answer by id, and the upstream was sent that answer.
    QVERIFY(!out["ai_sdk"]["follow_up_text"].get<std::string>().empty());
    QVERIFY(out["ai_sdk"]["follow_up_used_item_reference"].get<bool>());
    const auto lastBody = json::parse(upstream.lastChatBody(), nullptr, false);
    QVERIFY(lastBody.is_object());
    bool earlierAnswerSent = false;
    for (const auto &message : lastBody["messages"])
        earlierAnswerSent = earlierAnswerSent || (message.value("role", "") == "assistant" && message.value("content", "") == content);
    QVERIFY2(earlierAnswerSent, lastBody.dump().c_str());
    QVERIFY(upstream.chatRequests.load() >= 9);

    d.shutdown();
    d.wait();
}

QTEST_GUILESS_MAIN(TestOpenAiSdk)
#include "tst_openaisdk.moc"
