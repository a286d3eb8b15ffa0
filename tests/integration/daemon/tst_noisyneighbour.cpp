// Tenants cannot hurt each other (issue 23): while one tenant floods chats and document uploads
// from many connections, another tenant's requests all succeed, the flooding tenant gets 429
// rate_limit_exceeded with Retry-After, and the refusals are audited and counted. Anonymous
// /metrics names no tenant. (How much the quiet tenant's latency moves is a benchmark figure,
// tests/bench, not a test.)
#include "support/TestDaemon.h"
#include "CountingUpstream.h"
#include "ctl/AdminClient.h"
#include "daemon/Daemon.h"
#include "support/TestDatabase.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <fstream>
#include <thread>

using namespace bulkhead;
using nlohmann::json;

namespace {

namespace asio = boost::asio;

// One request on its own connection; the raw answer (status line, headers and body).
std::string exchange(std::uint16_t port, const std::string &method, const std::string &target,
                     const std::string &key, const std::string &body)
{
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::address_v4::loopback(), port});
    const std::string request = method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                                (key.empty() ? "" : "Authorization: Bearer " + key + "\r\n") +
                                "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                                "\r\n\r\n" + body;
    asio::write(socket, asio::buffer(request));
    std::string answer;
    boost::system::error_code ec;
    asio::read(socket, asio::dynamic_buffer(answer), ec);  // until the server closes
    return answer;
}

int statusOf(const std::string &answer)
{
    return answer.size() > 12 ? std::atoi(answer.substr(9, 3).c_str()) : 0;
}

const std::string kChat = R"({"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}]})";

} // namespace

class TestNoisyNeighbour final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void limitsAreValidatedPolicyData();
    void floodingTenantGets429AndTheOtherNoError();
    void capsOnNAndMaxTokens();
    void anonymousMetricsNameNoTenant();

private:
    // The noisy tenant's chat is answered 200 within `limit` (tried every 100 ms).
    bool admittedWithin(std::chrono::milliseconds limit)
    {
        const auto until = std::chrono::steady_clock::now() + limit;
        do {
            if (statusOf(exchange(m_daemon->port(), "POST", "/v1/chat/completions", m_noisyKey, kChat)) == 200)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        } while (std::chrono::steady_clock::now() < until);
        return false;
    }

    testsupport::TestDatabase m_db;
    QTemporaryDir m_dir;
    testing::CountingUpstream m_upstream;
    std::unique_ptr<daemon::Daemon> m_daemon;
    std::unique_ptr<ctl::AdminClient> m_admin;
    std::string m_token;
    std::string m_noisyKey;
    std::string m_quietKey;
};

void TestNoisyNeighbour::initTestCase()
{
    auto config = testsupport::testDaemonConfig(m_db, m_upstream.baseUrl());
    config.adminTokenFile = m_dir.filePath(QStringLiteral("admin.token")).toStdString();
    config.maxConnections = 256;
    m_daemon = std::make_unique<daemon::Daemon>(config, [](auto, auto, auto) {});
    m_daemon->start();
    std::ifstream(m_dir.filePath(QStringLiteral("admin.token")).toStdString()) >> m_token;
    m_admin = std::make_unique<ctl::AdminClient>("http://127.0.0.1:" + std::to_string(m_daemon->port()), m_token);
    for (const std::string id : {"noisy", "quiet"}) {
        QVERIFY(m_admin->call("POST", "/admin/v1/tenants", {{"id", id}, {"tier", 1}}).ok());
        const auto key = m_admin->call("POST", "/admin/v1/tenants/" + id + "/keys", json::object());
        QVERIFY(key.ok());
        (id == "noisy" ? m_noisyKey : m_quietKey) = key.body["api_key"];
    }
    const auto set = m_admin->call("PUT", "/admin/v1/tenants/noisy/limits",
                                   {{"requests_per_second", 20}, {"burst", 10}, {"concurrent_requests", 4},
                                    {"document_bytes_per_day", 200000}, {"max_n", 1}, {"max_tokens", 64}});
    QVERIFY2(set.ok(), set.body.dump().c_str());
}

void TestNoisyNeighbour::cleanupTestCase()
{
    m_daemon->shutdown();
    m_daemon->wait();
}

void TestNoisyNeighbour::limitsAreValidatedPolicyData()
{
    const auto stored = m_admin->call("GET", "/admin/v1/tenants/noisy/limits");
    QVERIFY(stored.ok());
    QCOMPARE(stored.body["limits"]["concurrent_requests"].get<int>(), 4);
    QVERIFY(stored.body["limits"]["tokens_per_minute"].is_null());
    const auto bad = m_admin->call("PUT", "/admin/v1/tenants/quiet/limits", {{"requests_per_second", -1}});
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.body["error"]["param"].get<std::string>(), std::string("requests_per_second"));
    const auto unknown = m_admin->call("PUT", "/admin/v1/tenants/quiet/limits", {{"requests_per_hour", 1}});
    QCOMPARE(unknown.status, 400);
    QVERIFY(m_admin->call("GET", "/admin/v1/tenants/quiet/limits").body["limits"]["requests_per_second"].is_null());
}

void TestNoisyNeighbour::floodingTenantGets429AndTheOtherNoError()
{
    const auto port = m_daemon->port();
    std::atomic<bool> stop{false};
    std::atomic<int> noisyOk{0}, noisyLimited{0}, noisyOther{0};
    std::atomic<int> withRetryAfter{0};
    std::mutex otherMutex;
    std::string others;
    const std::string document = json{{"text", std::string(60000, 'x')}}.dump();
    std::vector<std::thread> flood;
    for (int t = 0; t < 12; ++t)
        flood.emplace_back([&, t] {
            while (!stop) {
                const bool upload = t % 3 == 0;
                const auto answer = upload ? exchange(port, "POST", "/v1/documents", m_noisyKey, document)
                                           : exchange(port, "POST", "/v1/chat/completions", m_noisyKey, kChat);
                const int status = statusOf(answer);
                if (status == 200 || status == 201) {
                    ++noisyOk;
                } else if (status == 429) {
                    ++noisyLimited;
                    withRetryAfter += answer.find("Retry-After:") != std::string::npos &&
                                      answer.find("\"rate_limit_exceeded\"") != std::string::npos;
                } else {
                    ++noisyOther;
                    std::lock_guard lock(otherMutex);
                    others += answer.substr(answer.find("\r\n\r\n")) + "\n";
                }
            }
        });
    // The quiet tenant meanwhile: every request must succeed.
    int quietRequests = 0;
    std::string failures;
    for (int i = 0; i < 60; ++i) {
        const auto answer = exchange(port, "POST", "/v1/chat/completions", m_quietKey, kChat);
        ++quietRequests;
        if (statusOf(answer) != 200)
            failures += answer.substr(0, 200) + "\n";
    }
    stop = true;
    for (auto &thread : flood)
        thread.join();
    QVERIFY2(failures.empty(), failures.c_str());
    QCOMPARE(quietRequests, 60);
    QVERIFY2(noisyLimited > 0, "the flooding tenant must be limited");
    QCOMPARE(withRetryAfter.load(), noisyLimited.load());
    QVERIFY2(noisyOther.load() == 0, others.c_str());  // 429s, not 5xx
    QVERIFY(noisyOk > 0);

    // Refusals are audited (the tenant's own chain) and counted.
    const auto logs = m_admin->call("GET", "/admin/v1/logs?tenant=noisy&decision=blocked&limit=1000");
    int limited = 0;
    for (const auto &r : logs.body["records"])
        limited += r["reasons"].dump().find("rate_limit_exceeded") != std::string::npos;
    QVERIFY(limited > 0);
    const auto metrics = ctl::networkTransport("GET", "http://127.0.0.1:" + std::to_string(port) + "/metrics",
                                               m_token, {});
    QVERIFY2(metrics.body.find("bulkhead_rate_limited_total{tenant=\"noisy\"") != std::string::npos,
             metrics.body.substr(0, 2000).c_str());
    QVERIFY(metrics.body.find("bulkhead_rate_limited_total{tenant=\"quiet\"") == std::string::npos);
}

void TestNoisyNeighbour::capsOnNAndMaxTokens()
{
    // The bucket refills after the flood: a chat is admitted again.
    QVERIFY(admittedWithin(std::chrono::seconds(5)));
    const auto tooMany = exchange(m_daemon->port(), "POST", "/v1/chat/completions", m_noisyKey,
                                  R"({"model":"m","n":3,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(statusOf(tooMany), 400);
    QVERIFY(tooMany.find("\"param\":\"n\"") != std::string::npos);
    const auto tooLong = exchange(m_daemon->port(), "POST", "/v1/chat/completions", m_noisyKey,
                                  R"({"model":"m","max_tokens":5000,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(statusOf(tooLong), 400);
    QVERIFY(tooLong.find("\"param\":\"max_tokens\"") != std::string::npos);
    // Unasked, the cap travels upstream.
    QVERIFY(admittedWithin(std::chrono::seconds(5)));
    QCOMPARE(json::parse(m_upstream.lastChatBody())["max_tokens"].get<int>(), 64);
}

void TestNoisyNeighbour::anonymousMetricsNameNoTenant()
{
    const auto anonymous =
        ctl::networkTransport("GET", "http://127.0.0.1:" + std::to_string(m_daemon->port()) + "/metrics", {}, {});
    QCOMPARE(anonymous.status, 200);
    QVERIFY(anonymous.body.find("bulkhead_requests_total{") != std::string::npos);
    QVERIFY2(anonymous.body.find("noisy") == std::string::npos && anonymous.body.find("quiet") == std::string::npos,
             anonymous.body.substr(0, 1500).c_str());
    QVERIFY(anonymous.body.find("tenant=") == std::string::npos);
    const auto admin = ctl::networkTransport("GET", "http://127.0.0.1:" + std::to_string(m_daemon->port()) + "/metrics",
                                             m_token, {});
    QVERIFY(admin.body.find("tenant=\"quiet\"") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestNoisyNeighbour)
#include "tst_noisyneighbour.moc"
