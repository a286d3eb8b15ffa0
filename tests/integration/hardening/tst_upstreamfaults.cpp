// Upstream faults against a running daemon (real PostgreSQL, real HTTP on loopback): an
// upstream that hangs, trickles its header, resets the connection or answers with bytes that
// are not HTTP gets the client a clear JSON error within the configured read timeout, and the
// failed exchange is audited. A client that leaves mid-stream makes the daemon cancel the
// upstream call (the upstream sees its connection closed) and commit an audit record of the
// partial completion, reason client_disconnected. The daemon stays up throughout.
#include "HardeningHarness.h"
#include "support/TestDaemon.h"
#include "support/TestDatabase.h"

#include <QtTest>

using namespace bulkhead;
using namespace bulkhead::hardening;

Q_DECLARE_METATYPE(bulkhead::hardening::UpstreamFault)

class TestUpstreamFaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void faultyUpstream_data();
    void faultyUpstream();
    void clientLeavesMidStream();

private:
    // A tenant routed to its own upstream at `url`; returns its data-plane key.
    std::string tenantOn(const std::string &tenant, const std::string &url);
    json auditRecords(const std::string &tenant);

    std::unique_ptr<testsupport::TestDatabase> m_db;
    std::unique_ptr<DaemonUnderTest> m_daemon;
    int m_tenants = 0;
};

void TestUpstreamFaults::initTestCase()
{
    m_db = std::make_unique<testsupport::TestDatabase>();
    daemon::DaemonConfig config;
    testsupport::serveTestDatabase(config, *m_db);
    config.upstreamConnectTimeout = std::chrono::milliseconds(1000);
    config.upstreamReadTimeout = std::chrono::milliseconds(1000);
    m_daemon = std::make_unique<DaemonUnderTest>(config);
}

void TestUpstreamFaults::cleanupTestCase()
{
    m_daemon.reset();
    m_db.reset();
}

std::string TestUpstreamFaults::tenantOn(const std::string &tenant, const std::string &url)
{
    const std::string upstream = tenant + "_up";
    auto admin = m_daemon->admin();
    const auto made =
        admin.call("POST", "/admin/v1/upstreams", {{"id", upstream}, {"base_url", url}});
    if (!made.ok())
        throw std::runtime_error(made.body.dump());
    const std::string key = m_daemon->addTenant(tenant);
    const auto routed =
        admin.call("PUT", "/admin/v1/tenants/" + tenant + "/upstream", {{"upstream", upstream}});
    if (!routed.ok())
        throw std::runtime_error(routed.body.dump());
    return key;
}

json TestUpstreamFaults::auditRecords(const std::string &tenant)
{
    const auto reply = m_daemon->admin().call("GET", "/admin/v1/logs?tenant=" + tenant);
    return reply.ok() ? reply.body["records"] : json::array();
}

void TestUpstreamFaults::faultyUpstream_data()
{
    QTest::addColumn<UpstreamFault>("fault");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("hung") << UpstreamFault::Hang << false << 504 << "upstream_timeout";
    QTest::newRow("hung, streaming") << UpstreamFault::Hang << true << 504 << "upstream_timeout";
    QTest::newRow("slow header") << UpstreamFault::SlowHeader << false << 504 << "upstream_timeout";
    QTest::newRow("connection reset") << UpstreamFault::Reset << false << 502 << "upstream_error";
    QTest::newRow("connection reset, streaming")
        << UpstreamFault::Reset << true << 502 << "upstream_error";
    QTest::newRow("garbage") << UpstreamFault::Garbage << false << 502 << "upstream_error";
    QTest::newRow("garbage, streaming")
        << UpstreamFault::Garbage << true << 502 << "upstream_error";
}

void TestUpstreamFaults::faultyUpstream()
{
    QFETCH(UpstreamFault, fault);
    QFETCH(bool, stream);
    QFETCH(int, status);
    QFETCH(QString, code);
    RogueUpstream upstream(fault);
    const std::string tenant = "fault" + std::to_string(++m_tenants);
    const std::string key = tenantOn(tenant, upstream.baseUrl());

    const auto started = std::chrono::steady_clock::now();
    const auto answer = rawExchange(m_daemon->port(), httpRequest("POST", "/v1/chat/completions",
                                                                  chatBody("hello", stream), key));
    const auto took = std::chrono::steady_clock::now() - started;
    QVERIFY2(statusOf(answer) == status, answer.substr(0, 400).c_str());
    QCOMPARE(QString::fromStdString(errorCodeOf(answer)), code);
    QVERIFY(upstream.requests.load() >= 1); // the fault really was on the upstream leg
    // Bounded by the 1 s read timeout (plus one retry on a fresh connection at most).
    QVERIFY2(took < std::chrono::seconds(5),
             qPrintable(QString::number(
                 std::chrono::duration_cast<std::chrono::milliseconds>(took).count())));
    QCOMPARE(m_daemon->healthz(), 200);

    // The failed exchange is audited: blocked, with the error code as its reason.
    QTRY_VERIFY_WITH_TIMEOUT(!auditRecords(tenant).empty(), 5000);
    const auto record = auditRecords(tenant).back();
    QCOMPARE(record["decision"].get<std::string>(), std::string("blocked"));
    QVERIFY2(record["reasons"].dump().find(code.toStdString()) != std::string::npos,
             record.dump().c_str());
}

void TestUpstreamFaults::clientLeavesMidStream()
{
    RogueUpstream upstream(UpstreamFault::EndlessStream);
    const std::string tenant = "leaver";
    const std::string key = tenantOn(tenant, upstream.baseUrl());

    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), m_daemon->port()});
    asio::write(socket, asio::buffer(httpRequest("POST", "/v1/chat/completions",
                                                 chatBody("count forever", true), key)));
    // Read until a few content deltas have come through the proxy, then leave.
    std::string seen;
    char buffer[4096];
    while (seen.find("tick tick tick") == std::string::npos &&
           std::count(seen.begin(), seen.end(), '\n') < 400) {
        boost::system::error_code ec;
        const auto n = socket.read_some(asio::buffer(buffer), ec);
        QVERIFY2(!ec, ec.message().c_str());
        seen.append(buffer, n);
        // Deltas arrive as separate events; look at their text only.
        std::string text;
        for (std::size_t at = seen.find("\"content\":\""); at != std::string::npos;
             at = seen.find("\"content\":\"", at + 1))
            text += seen.substr(at + 11, 5);
        if (text.find("tick tick tick") != std::string::npos)
            break;
    }
    QVERIFY2(statusOf(seen) == 200, seen.substr(0, 300).c_str());
    const int sentBeforeLeaving = upstream.eventsSent.load();
    socket.close();

    // The daemon notices and drops the upstream call: the upstream's writes start failing.
    QTRY_COMPARE_WITH_TIMEOUT(upstream.peerClosed.load(), 1, 5000);
    QVERIFY(upstream.eventsSent.load() < sentBeforeLeaving + 200); // not streamed on for long

    // The partial completion is audited.
    QTRY_VERIFY2_WITH_TIMEOUT(!auditRecords(tenant).empty(), m_daemon->logText().c_str(), 5000);
    const auto record = auditRecords(tenant).back();
    QVERIFY2(record["reasons"].dump().find("client_disconnected") != std::string::npos,
             record.dump().c_str());
    QCOMPARE(record["decision"].get<std::string>(), std::string("allowed"));
    QCOMPARE(m_daemon->healthz(), 200);
    // Nothing was logged as an audit failure on the way.
    QVERIFY2(m_daemon->logText().find("audit_append_failed") == std::string::npos,
             m_daemon->logText().c_str());
}

QTEST_GUILESS_MAIN(TestUpstreamFaults)
#include "tst_upstreamfaults.moc"
