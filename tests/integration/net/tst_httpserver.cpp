#include "LoopbackHarness.h"
#include "TestRoutes.h"

#include "core/Error.h"
#include "net/HttpServer.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <memory>

using namespace bulkhead;
using namespace bulkhead::testing;
using namespace std::chrono_literals;

namespace {

struct RunningServer
{
    std::shared_ptr<RouteState> state = std::make_shared<RouteState>();
    std::unique_ptr<net::HttpServer> server;

    explicit RunningServer(net::ServerLimits limits = {}, unsigned threads = 2)
    {
        net::ServerOptions options;
        options.threads = threads;
        options.limits = limits;
        server = std::make_unique<net::HttpServer>(std::move(options), testRoutes(state));
        server->start();
    }

    std::uint16_t port() const { return server->port(); }
};

// The stable error code of a JSON error response.
QString errorCode(const net::Response &response)
{
    const auto body = nlohmann::json::parse(response.body(), nullptr, false);
    if (!body.is_object() || !body.contains("error"))
        return QStringLiteral("<not an error body: %1>").arg(QString::fromStdString(response.body()));
    return QString::fromStdString(body["error"].value("code", std::string()));
}

std::string get(std::string_view target, std::string_view extraHeaders = {})
{
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extraHeaders) +
           "\r\n";
}

} // namespace

class TestHttpServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void echoesWithContentLength();
    void bodyTooLargeByContentLength();
    void bodyTooLargeWhileChunked();
    void headerTooLarge();
    void malformedRequest();
    void slowHeaderTimesOut();
    void idleKeepAliveConnectionIsClosed();
    void keepAliveServesManyRequests();
    void pipelinedRequestsAnswerInOrder();
    void expectContinue();
    void connectionCloseIsHonoured();
    void maxConnections();
    void handlerWithoutResponse();
    void handlerThatThrows();
    void clientDisconnectCancelsHandler();
    void chunkedStreamForHttp11();
    void closeDelimitedStreamForHttp10();
    void streamLargerThanSocketBuffersArrivesWhole_data();
    void streamLargerThanSocketBuffersArrivesWhole();
    void streamToAClientThatStopsReadingTimesOut();
    void headResponseHasNoBody();
    void gracefulShutdownFinishesInFlightStreams();
    void shutdownGraceIsBounded();
    void bindFailureIsReported();
};

void TestHttpServer::echoesWithContentLength()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 200u);
    QCOMPARE(QString::fromStdString(response->body()), QStringLiteral("hello"));
    QCOMPARE(QString::fromStdString(std::string((*response)[net::http::field::content_length])),
             QStringLiteral("5"));
    QCOMPARE(QString::fromStdString(std::string((*response)["X-Echo-Method"])),
             QStringLiteral("POST"));
}

void TestHttpServer::bodyTooLargeByContentLength()
{
    net::ServerLimits limits;
    limits.maxBodyBytes = 1000;
    RunningServer server(limits);
    RawConnection connection(server.port());
    // The whole body is sent: the answer must survive the unread input (no reset).
    connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n" +
                    std::string(2000, 'x'));
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 413u);
    QCOMPARE(errorCode(*response), QStringLiteral("body_too_large"));
    QVERIFY(!response->keep_alive());
    QCOMPARE(server.server->stats().requests, std::uint64_t(0));  // the handler never ran
}

void TestHttpServer::bodyTooLargeWhileChunked()
{
    net::ServerLimits limits;
    limits.maxBodyBytes = 1000;
    RunningServer server(limits);
    RawConnection connection(server.port());
    std::string request = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i)
        request += "1F4\r\n" + std::string(500, 'y') + "\r\n";
    request += "0\r\n\r\n";
    connection.send(request);
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 413u);
    QCOMPARE(errorCode(*response), QStringLiteral("body_too_large"));
}

void TestHttpServer::headerTooLarge()
{
    net::ServerLimits limits;
    limits.maxHeaderBytes = 1024;
    RunningServer server(limits);
    RawConnection connection(server.port());
    connection.send(get("/echo", "X-Big: " + std::string(4096, 'h') + "\r\n"));
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 431u);
    QCOMPARE(errorCode(*response), QStringLiteral("header_too_large"));

    // Just under the limit is fine.
    RawConnection ok(server.port());
    ok.send(get("/echo", "X-Big: " + std::string(900, 'h') + "\r\n"));
    const auto accepted = ok.readResponse();
    QVERIFY(accepted);
    QCOMPARE(accepted->result_int(), 200u);
}

void TestHttpServer::malformedRequest()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send("GARBAGE\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 400u);
    QCOMPARE(errorCode(*response), QStringLiteral("invalid_request"));
    QVERIFY(connection.closedByPeer());
}

void TestHttpServer::slowHeaderTimesOut()
{
    net::ServerLimits limits;
    limits.headerTimeout = 300ms;
    RunningServer server(limits);
    RawConnection connection(server.port());
    connection.send("GET /echo HTTP/1.1\r\nHost: t\r\n");  // never finished
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 408u);
    QCOMPARE(errorCode(*response), QStringLiteral("request_timeout"));
    QVERIFY(connection.closedByPeer());
}

void TestHttpServer::idleKeepAliveConnectionIsClosed()
{
    net::ServerLimits limits;
    limits.idleTimeout = 200ms;
    RunningServer server(limits);
    RawConnection connection(server.port());
    connection.send(get("/echo"));
    QVERIFY(connection.readResponse());
    QVERIFY(connection.closedByPeer());  // silently, without a 408
}

void TestHttpServer::keepAliveServesManyRequests()
{
    RunningServer server;
    RawConnection connection(server.port());
    for (int i = 0; i < 5; ++i) {
        const std::string body = "n" + std::to_string(i);
        connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body);
        const auto response = connection.readResponse();
        QVERIFY(response);
        QVERIFY(response->keep_alive());
        QCOMPARE(QString::fromStdString(response->body()), QString::fromStdString(body));
    }
    QCOMPARE(server.server->stats().accepted, std::uint64_t(1));
    QCOMPARE(server.server->stats().requests, std::uint64_t(5));
}

void TestHttpServer::pipelinedRequestsAnswerInOrder()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\none"
                    "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ntwo");
    const auto first = connection.readResponse();
    const auto second = connection.readResponse();
    QVERIFY(first && second);
    QCOMPARE(QString::fromStdString(first->body()), QStringLiteral("one"));
    QCOMPARE(QString::fromStdString(second->body()), QStringLiteral("two"));
}

void TestHttpServer::expectContinue()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                    "Expect: 100-continue\r\n\r\n");
    const auto interim = connection.readResponse(true);
    QVERIFY(interim);
    QCOMPARE(interim->result_int(), 100u);
    connection.send("body");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 200u);
    QCOMPARE(QString::fromStdString(response->body()), QStringLiteral("body"));
}

void TestHttpServer::connectionCloseIsHonoured()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send(get("/echo", "Connection: close\r\n"));
    const auto response = connection.readResponse();
    QVERIFY(response);
    QVERIFY(!response->keep_alive());
    QVERIFY(connection.closedByPeer());
}

void TestHttpServer::maxConnections()
{
    net::ServerLimits limits;
    limits.maxConnections = 2;
    RunningServer server(limits);
    RawConnection first(server.port());
    RawConnection second(server.port());
    // Served (and therefore counted) before the third arrives.
    for (auto *connection : {&first, &second}) {
        connection->send(get("/echo"));
        QVERIFY(connection->readResponse());
    }
    RawConnection third(server.port());
    const auto refused = third.readResponse();
    QVERIFY(refused);
    QCOMPARE(refused->result_int(), 503u);
    QCOMPARE(errorCode(*refused), QStringLiteral("too_many_connections"));
    QVERIFY(server.server->stats().rejected >= 1);

    // A freed slot is usable again.
    first.close();
    QVERIFY(eventually([&] { return server.server->stats().active < 2; }));
    RawConnection fourth(server.port());
    fourth.send(get("/echo"));
    const auto served = fourth.readResponse();
    QVERIFY(served);
    QCOMPARE(served->result_int(), 200u);
}

void TestHttpServer::handlerWithoutResponse()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send(get("/nothing"));
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 500u);
    QCOMPARE(errorCode(*response), QStringLiteral("internal_error"));
}

void TestHttpServer::handlerThatThrows()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send(get("/throw"));
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->result_int(), 500u);
    QCOMPARE(errorCode(*response), QStringLiteral("internal_error"));
    // The server goes on serving.
    RawConnection next(server.port());
    next.send(get("/echo"));
    QVERIFY(next.readResponse());
}

void TestHttpServer::clientDisconnectCancelsHandler()
{
    RunningServer server;
    {
        RawConnection connection(server.port());
        connection.send(get("/hang"));
        QVERIFY(eventually([&] { return server.state->handlerStarted.load(); }));
    }  // the client goes away while the handler waits
    QVERIFY(eventually([&] { return server.state->handlerCancelled.load(); }));
    QVERIFY(server.state->sawClientGone.load());
    QVERIFY(eventually([&] { return server.server->stats().active == 0; }));
}

void TestHttpServer::chunkedStreamForHttp11()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send(get("/stream?n=3"));
    const auto response = connection.readResponse();
    QVERIFY(response);
    QVERIFY(response->chunked());
    QVERIFY(response->keep_alive());
    QCOMPARE(QString::fromStdString(response->body()),
             QStringLiteral("data: chunk-0\n\ndata: chunk-1\n\ndata: chunk-2\n\n"));
    // The connection is reusable after the last chunk.
    connection.send(get("/echo"));
    QVERIFY(connection.readResponse());
}

void TestHttpServer::closeDelimitedStreamForHttp10()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send("GET /stream?n=2 HTTP/1.0\r\n\r\n");
    const auto response = connection.readResponse();
    QVERIFY(response);
    QVERIFY(!response->chunked());
    QCOMPARE(response->version(), 10u);
    QCOMPARE(QString::fromStdString(response->body()),
             QStringLiteral("data: chunk-0\n\ndata: chunk-1\n\n"));
}

void TestHttpServer::streamLargerThanSocketBuffersArrivesWhole_data()
{
    QTest::addColumn<unsigned>("threads");
    QTest::addColumn<bool>("http10");
    QTest::newRow("one I/O thread, chunked") << 1u << false;
    QTest::newRow("two I/O threads, chunked") << 2u << false;
    QTest::newRow("one I/O thread, HTTP/1.0") << 1u << true;
}

// 16 MiB streamed to a client that starts reading late: the socket's buffers fill, the server's
// direct writes stop part-way and the rest must follow, in order, with nothing lost or repeated.
void TestHttpServer::streamLargerThanSocketBuffersArrivesWhole()
{
    QFETCH(unsigned, threads);
    QFETCH(bool, http10);
    constexpr int kEvents = 256;
    constexpr int kSize = 64 * 1024;
    RunningServer server({}, threads);
    RawConnection connection(server.port(), 60s);
    const std::string target = "/stream?n=" + std::to_string(kEvents) + "&size=" + std::to_string(kSize);
    connection.send(http10 ? "GET " + target + " HTTP/1.0\r\n\r\n" : get(target));
    // Only start reading once the server is blocked on a full socket.
    QVERIFY(eventually([&] { return server.server->stats().requests > 0; }, 60s));
    std::this_thread::sleep_for(300ms);
    QCOMPARE(server.state->completedStreams.load(), 0);
    const auto response = connection.readResponse();
    QVERIFY(response);
    QCOMPARE(response->chunked(), !http10);
    const std::string &body = response->body();
    QCOMPARE(body.size(), std::size_t(kEvents) * (kSize + 2));
    for (int i = 0; i < kEvents; ++i) {
        const std::string_view event(body.data() + std::size_t(i) * (kSize + 2), kSize + 2);
        const std::string head = "data: chunk-" + std::to_string(i);
        QVERIFY2(event.substr(0, head.size()) == head, qPrintable(QString::number(i)));
        QCOMPARE(event.back(), '\n');
        QCOMPARE(event[event.size() - 3], char('a' + i % 26));
    }
    QVERIFY(eventually([&] { return server.state->completedStreams.load() == 1; }, 60s));
    QCOMPARE(server.state->failedStreams.load(), 0);
}

// A client that stops reading mid-stream: the write deadline ends the stream, the handler sees
// its write fail, and the I/O thread was never held (another client is served meanwhile).
void TestHttpServer::streamToAClientThatStopsReadingTimesOut()
{
    net::ServerLimits limits;
    limits.writeTimeout = 500ms;
    RunningServer server(limits, 1);
    RawConnection stuck(server.port());
    stuck.send(get("/stream?n=100000&size=65536"));
    QVERIFY(eventually([&] { return server.server->stats().requests > 0; }, 60s));

    RawConnection other(server.port());
    other.send(get("/echo"));
    const auto answer = other.readResponse();
    QVERIFY(answer);
    QCOMPARE(answer->result_int(), 200u);

    QVERIFY(eventually([&] { return server.state->failedStreams.load() == 1; }, 60s));
    QCOMPARE(server.state->completedStreams.load(), 0);
}

void TestHttpServer::headResponseHasNoBody()
{
    RunningServer server;
    RawConnection connection(server.port());
    connection.send("HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto head = connection.readResponse(true);
    QVERIFY(head);
    QCOMPARE(head->result_int(), 200u);
    // Had a body been sent, it would be read as the next response and fail to parse.
    connection.send(get("/echo"));
    const auto next = connection.readResponse();
    QVERIFY(next);
    QCOMPARE(next->result_int(), 200u);
}

void TestHttpServer::gracefulShutdownFinishesInFlightStreams()
{
    net::ServerLimits limits;
    limits.shutdownGrace = 10s;
    RunningServer server(limits);
    RawConnection idle(server.port());  // connected, no request: closed at once
    RawConnection streaming(server.port());
    streaming.send(get("/stream?n=6&gapms=100"));
    QVERIFY(eventually([&] { return server.server->stats().requests == 1; }));

    server.server->shutdown();
    QVERIFY(idle.closedByPeer());
    // The in-flight stream still completes, with every chunk and the last-chunk marker.
    const auto response = streaming.readResponse();
    QVERIFY(response);
    QCOMPARE(QString::fromStdString(response->body()).count(QStringLiteral("data: chunk-")), 6);
    // The client can read the last chunk before the handler has counted its stream as done.
    QVERIFY(eventually([&] { return server.state->completedStreams.load() == 1; }));
    QVERIFY(streaming.closedByPeer());
    server.server->wait();
    QVERIFY_THROWS_EXCEPTION(boost::system::system_error, RawConnection(server.port()));
}

void TestHttpServer::shutdownGraceIsBounded()
{
    net::ServerLimits limits;
    limits.shutdownGrace = 200ms;
    RunningServer server(limits);
    RawConnection connection(server.port(), 10s);
    connection.send(get("/stall?ms=60000"));
    QVERIFY(eventually([&] { return server.state->handlerStarted.load(); }));
    const auto started = std::chrono::steady_clock::now();
    server.server->shutdown();
    server.server->wait();
    // Generous: the grace period plus the forced close, far below the handler's 60 s.
    QVERIFY(std::chrono::steady_clock::now() - started < 8s);
    QVERIFY(connection.closedByPeer());
}

void TestHttpServer::bindFailureIsReported()
{
    RunningServer first;
    net::ServerOptions options;
    options.port = first.port();
    net::HttpServer second(options, testRoutes(std::make_shared<RouteState>()));
    QVERIFY_THROWS_EXCEPTION(core::Error, second.start());
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
