// Hostile input against a running daemon: every case gets a specific error code, the daemon
// stays up, and nothing is half-persisted.
#include "support/TestDaemon.h"
#include "support/TestKeys.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "support/TestDatabase.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace bulkhead;
using nlohmann::json;
namespace asio = boost::asio;

namespace {

// Sends raw bytes, returns the raw answer (until the server closes or 64 KiB).
std::string rawExchange(std::uint16_t port, const std::string &bytes)
{
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes), ec);
    // No half-close: the server treats a client that closes its side as gone.
    std::string answer(65536, '\0');
    const auto n = asio::read(socket, asio::buffer(answer), ec);
    answer.resize(n);
    return answer;
}

std::string errorCodeOf(const std::string &raw)
{
    const auto start = raw.find("\r\n\r\n");
    if (start == std::string::npos)
        return "<no response>";
    auto body = raw.substr(start + 4);
    // A chunked body starts with a hex size line.
    if (const auto brace = body.find('{'); brace != std::string::npos)
        body = body.substr(brace);
    const auto doc = json::parse(body, nullptr, false, true);
    if (doc.is_discarded() || !doc.contains("error"))
        return "<no error json>";
    return doc["error"]["code"].get<std::string>();
}

int statusOf(const std::string &raw)
{
    return raw.size() > 12 ? std::atoi(raw.substr(9, 3).c_str()) : 0;
}

} // namespace

class TestHostileInput final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rawRequests_data();
    void rawRequests();
    void tenantFields_data();
    void tenantFields();
    void slowClientTimesOut();

private:
    std::string post(const std::string &path, const std::string &body,
                     const std::string &bearer = {});

    std::unique_ptr<testsupport::TestDatabase> m_db;
    QTemporaryDir m_dir;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::string m_token;
    std::string m_key;
};

void TestHostileInput::initTestCase()
{
    m_db = std::make_unique<testsupport::TestDatabase>();
    daemon::DaemonConfig config;
    config.listen = "127.0.0.1:0";
    testsupport::serveTestDatabase(config, *m_db);
    config.keyProvider = "file";
    config.keyFile = testsupport::testMasterKeyFile();
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    config.maxBodyBytes = 256 * 1024;
    config.maxHeaderBytes = 8 * 1024;
    config.headerTimeout = std::chrono::milliseconds(800);
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(config.adminTokenFile) >> m_token;
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    QVERIFY(admin.call("POST", "/admin/v1/tenants", {{"id", "alpha"}}).ok());
    const auto key = admin.call("POST", "/admin/v1/tenants/alpha/keys", json::object());
    QVERIFY(key.ok());
    m_key = key.body["api_key"];
}

void TestHostileInput::cleanupTestCase()
{
    m_daemon->shutdown();
    m_daemon->wait();
}

std::string TestHostileInput::post(const std::string &path, const std::string &body,
                                   const std::string &bearer)
{
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
           (bearer.empty() ? std::string() : "Authorization: Bearer " + bearer + "\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

void TestHostileInput::rawRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const auto bytes = [](const std::string &s) { return QByteArray(s.data(), qsizetype(s.size())); };
    const std::string chat = "/v1/chat/completions";
    QTest::newRow("oversized body")
        << bytes(post(chat, std::string(300 * 1024, 'a'), m_key)) << 413 << "body_too_large";
    QTest::newRow("JSON nested 100000 deep")
        << bytes(post(chat, std::string(60000, '['), m_key)) << 400 << "invalid_json";
    QTest::newRow("invalid UTF-8")
        << bytes(post(chat, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xC3\x28\"}]}", m_key))
        << 400 << "invalid_json";
    QTest::newRow("NUL bytes in JSON")
        << bytes(post(chat, std::string("{\"model\":\"m\",\0\"messages\":[]}", 28), m_key)) << 400
        << "invalid_json";
    QTest::newRow("huge header")
        << bytes("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') +
                 "\r\n\r\n")
        << 431 << "header_too_large";
    QTest::newRow("CRLF injection in header")
        << bytes("GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\rX-Injected: 1\r\n\r\n")
        << 400 << "invalid_request";
    QTest::newRow("path traversal to admin")
        << bytes(post("/v1/../admin/v1/tenants", "{}", m_key)) << 404 << "route_not_found";
    QTest::newRow("encoded traversal")
        << bytes(post("/v1/%2e%2e/admin/v1/tenants", "{}", m_key)) << 404 << "route_not_found";
    QTest::newRow("tenant key on admin API")
        << bytes(post("/admin/v1/tenants", "{}", m_key)) << 401 << "invalid_admin_token";
    QTest::newRow("admin token on data plane")
        << bytes(post(chat, "{}", m_token)) << 401 << "invalid_api_key";
    QTest::newRow("SQL in bearer")
        << bytes(post(chat, "{}", "bh_live_' OR 1=1 --")) << 401 << "invalid_api_key";
    QTest::newRow("garbage request line") << QByteArray("\x01\x02 nonsense\r\n\r\n") << 400
                                          << "invalid_request";
}

void TestHostileInput::rawRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto answer = rawExchange(m_daemon->port(), request.toStdString());
    QCOMPARE(statusOf(answer), status);
    QCOMPARE(QString::fromStdString(errorCodeOf(answer)), code);
    // Still up.
    const auto health = ctl::networkTransport(
        "GET", "http://127.0.0.1:" + std::to_string(m_daemon->port()) + "/healthz", {}, {});
    QCOMPARE(health.status, 200);
}

void TestHostileInput::tenantFields_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("SQL in id") << R"({"id":"a'); DROP TABLE tenants;--"})" << "id";
    QTest::newRow("non-ASCII id") << R"({"id":"ténant"})" << "id";
    QTest::newRow("NUL in name") << R"({"id":"nul_name","name":"a\u0000b"})" << "name";
    QTest::newRow("name too long") << QString(R"({"id":"long_name","name":"%1"})")
                                          .arg(QString(201, QChar(0x00E9)))
                                   << "name";
    QTest::newRow("unknown classification")
        << R"({"id":"bad_class","classifications":["'; DROP"]})" << "classifications[0]";
    QTest::newRow("prompt with NUL")
        << R"({"id":"bad_prompt","system_prompt":"x\u0000y"})" << "system_prompt";
    QTest::newRow("prompt too big") << QString(R"({"id":"big_prompt","system_prompt":"%1"})")
                                           .arg(QString(70000, QLatin1Char('p')))
                                    << "system_prompt";
}

void TestHostileInput::tenantFields()
{
    QFETCH(QString, body);
    QFETCH(QString, param);
    ctl::AdminClient admin("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    const auto before = admin.call("GET", "/admin/v1/tenants").body["tenants"].size();
    const auto reply = admin.call("POST", "/admin/v1/tenants", json::parse(body.toStdString()));
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.body["error"]["code"].get<std::string>(), std::string("invalid_request"));
    QCOMPARE(QString::fromStdString(reply.body["error"]["param"].get<std::string>()), param);
    // Nothing half-written: the tenant list is unchanged.
    QCOMPARE(admin.call("GET", "/admin/v1/tenants").body["tenants"].size(), before);
}

void TestHostileInput::slowClientTimesOut()
{
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), m_daemon->port()});
    asio::write(socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));
    // ... and never finish the header.
    std::string answer(4096, '\0');
    boost::system::error_code ec;
    const auto n = asio::read(socket, asio::buffer(answer), ec);
    answer.resize(n);
    QVERIFY2(answer.empty() || statusOf(answer) == 408, answer.c_str());
    QVERIFY(ec);  // the server closed the connection
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
