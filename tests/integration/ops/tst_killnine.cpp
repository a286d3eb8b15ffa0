// kill -9 of the daemon under load, at random moments, several times: no acknowledged request
// loses its audit record, the chain still verifies, and writes resume after each restart.
#include "ctl/AdminClient.h"
#include "support/AuditLogPages.h"
#include "support/PortFile.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace bulkhead;
using nlohmann::json;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

QString binary(const char *name)
{
    return qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QLatin1Char('/') + QLatin1String(name);
}

// One chat request; the request id of its audit record when it was acknowledged (200).
std::optional<std::string> chat(int port, const std::string &key)
{
    try {
        asio::io_context io;
        beast::tcp_stream stream(io);
        stream.expires_after(std::chrono::seconds(10));
        stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                               static_cast<unsigned short>(port)));
        http::request<http::string_body> request{http::verb::post, "/v1/chat/completions", 11};
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::authorization, "Bearer " + key);
        request.set(http::field::content_type, "application/json");
        request.body() = R"({"model":"m","messages":[{"role":"user","content":"hello"}]})";
        request.prepare_payload();
        http::write(stream, request);
        beast::flat_buffer buffer;
        http::response<http::string_body> response;
        http::read(stream, buffer, response);
        if (response.result_int() != 200)
            return std::nullopt;
        return std::string(response["X-Bulkhead-Request-Id"]);
    } catch (const std::exception &) {
        return std::nullopt;  // the daemon died mid-request: not acknowledged
    }
}

} // namespace

class TestKillNine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noAcknowledgedRecordIsLost();
};

void TestKillNine::noAcknowledgedRecordIsLost()
{
    testsupport::TestDatabase db;
    QTemporaryDir dir;
    QProcess refmodel;
    const QString upstreamPortFile = dir.filePath(QStringLiteral("refmodel.port"));
    refmodel.start(binary("bulkhead-refmodel"), {QStringLiteral("--port-file"), upstreamPortFile});
    const int upstreamPort = testsupport::waitForPortFile(upstreamPortFile, refmodel);
    QVERIFY(upstreamPort > 0);

    const QString tokenFile = dir.filePath(QStringLiteral("admin.token"));
    const QString portFile = dir.filePath(QStringLiteral("bulkheadd.port"));
    auto startDaemon = [&](QProcess &daemon) {
        QFile::remove(portFile);
        daemon.start(binary("bulkheadd"),
                     QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} +
                         testsupport::testDatabaseArguments(db) +
                     QStringList{QStringLiteral("--key-provider"), QStringLiteral("file"),
                  QStringLiteral("--key-file"), dir.filePath(QStringLiteral("master.key")),
                      QStringLiteral("--upstream-url"),
                      QStringLiteral("http://127.0.0.1:%1/v1").arg(upstreamPort),
                      QStringLiteral("--admin-token-file"), tokenFile,
                      QStringLiteral("--audit-key-file"), dir.filePath(QStringLiteral("audit.key")),
                      QStringLiteral("--port-file"), portFile});
        return testsupport::waitForPortFile(portFile, daemon);
    };

    std::string token;
    std::string key;
    std::mutex mutex;
    std::set<std::string> acknowledged;
    for (int round = 0; round < 4; ++round) {
        QProcess daemon;
        const int port = startDaemon(daemon);
        QVERIFY2(port > 0, daemon.readAllStandardError().constData());
        if (token.empty()) {
            std::ifstream(tokenFile.toStdString()) >> token;
            ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(port), token);
            QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}}).ok());
            key = admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object()).body["api_key"];
        }
        // Writes resume after every restart.
        const auto first = chat(port, key);
        QVERIFY(first);
        acknowledged.insert(*first);

        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c)
            clients.emplace_back([&] {
                while (!stop) {
                    if (const auto id = chat(port, key)) {
                        std::lock_guard lock(mutex);
                        acknowledged.insert(*id);
                    }
                }
            });
        QTest::qWait(150 + static_cast<int>(QRandomGenerator::global()->bounded(400)));
        daemon.kill();  // SIGKILL, mid-load
        QVERIFY(daemon.waitForFinished(5000));
        stop = true;
        for (auto &t : clients)
            t.join();
    }

    QProcess daemon;
    const int port = startDaemon(daemon);
    QVERIFY(port > 0);
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(port), token);
    const auto verify = admin.call("GET", "/admin/v1/logs/verify?tenant=alpha");
    QVERIFY2(verify.ok() && verify.body["ok"].get<bool>(), verify.body.dump().c_str());

    const auto records = testsupport::auditLog(admin, "alpha");
    QVERIFY(records);
    std::set<std::string> recorded;
    for (const auto &r : *records)
        recorded.insert(r["request_id"].get<std::string>());
    qInfo("%zu acknowledged requests, %zu audit records, chain verified",
          acknowledged.size(), recorded.size());
    QVERIFY(acknowledged.size() > 20);
    for (const auto &id : acknowledged)
        QVERIFY2(recorded.contains(id), id.c_str());
    daemon.terminate();
    daemon.waitForFinished(10000);
    refmodel.terminate();
    refmodel.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(TestKillNine)
#include "tst_killnine.moc"
