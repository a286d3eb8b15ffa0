#include "LoopbackHarness.h"
#include "TestRoutes.h"

#include "net/HttpClient.h"
#include "net/HttpServer.h"
#include "net/SseParser.h"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/parallel_group.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QTemporaryDir>
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

    explicit RunningServer(net::ServerLimits limits = {}, std::optional<net::TlsFiles> tls = {})
    {
        net::ServerOptions options;
        options.threads = 2;
        options.limits = limits;
        options.tls = std::move(tls);
        server = std::make_unique<net::HttpServer>(std::move(options), testRoutes(state));
        server->start();
    }

    net::Url url(std::string_view target, std::string_view host = "127.0.0.1",
                 bool secure = false) const
    {
        return net::Url::parse(std::string(secure ? "https://" : "http://") + std::string(host) +
                               ":" + std::to_string(server->port()) + std::string(target));
    }
};

// --- a throw-away PKI: a CA and a server certificate for DNS:localhost ----------------------

struct Pki
{
    QTemporaryDir dir;
    std::string caFile, certFile, keyFile;
};

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

KeyPtr newKey()
{
    return KeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
}

void addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    QVERIFY(extension);
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
}

CertPtr makeCert(const char *commonName, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuerKey,
                 bool ca, long serial)
{
    CertPtr cert(X509_new(), &X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_set_pubkey(cert.get(), key);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509 *signer = issuer ? issuer : cert.get();
    if (ca) {
        addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(cert.get(), signer, NID_subject_alt_name, "DNS:localhost");
        addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    }
    X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256());
    return cert;
}

void writeCert(const std::string &path, X509 *cert)
{
    BIO *bio = BIO_new_file(path.c_str(), "w");
    QVERIFY(bio);
    PEM_write_bio_X509(bio, cert);
    BIO_free(bio);
}

void writeKey(const std::string &path, EVP_PKEY *key)
{
    BIO *bio = BIO_new_file(path.c_str(), "w");
    QVERIFY(bio);
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    BIO_free(bio);
}

void makePki(Pki &pki)
{
    QVERIFY(pki.dir.isValid());
    const auto caKey = newKey();
    const auto serverKey = newKey();
    QVERIFY(caKey && serverKey);
    const auto ca = makeCert("Bulkhead Test CA", caKey.get(), nullptr, nullptr, true, 1);
    const auto server = makeCert("localhost", serverKey.get(), ca.get(), caKey.get(), false, 2);
    const std::string dir = pki.dir.path().toStdString();
    pki.caFile = dir + "/ca.pem";
    pki.certFile = dir + "/server.pem";
    pki.keyFile = dir + "/server.key";
    writeCert(pki.caFile, ca.get());
    writeCert(pki.certFile, server.get());
    writeKey(pki.keyFile, serverKey.get());
}

// Expects `call` to fail with `kind`; returns the error for further checks.
template <class F>
std::optional<net::ClientError> expectFailure(F &&call)
{
    try {
        call();
    } catch (const net::ClientError &error) {
        return error;
    }
    return std::nullopt;
}

} // namespace

class TestHttpClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completeResponse();
    void poolReusesConnections();
    void concurrentCallsUseSeparateConnections();
    void idleConnectionsAreCappedPerOrigin();
    void staleIdleConnectionIsReplaced();
    void streamArrivesIncrementally();
    void streamReturnsConnectionToPool();
    void connectRefused();
    void readTimeoutBeforeFirstByte();
    void readTimeoutAfterFirstByte();
    void cancellationAbortsTheCall();
    void abandoningAStreamClosesIt();
    void tlsVerification();

private:
    asio::io_context m_context;
};

void TestHttpClient::completeResponse()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    auto request = net::makeRequest(net::http::verb::post, "payload", "text/plain");
    const auto response = runAwaitable(m_context, client.send(server.url("/echo"), request));
    QCOMPARE(response.result_int(), 200u);
    QCOMPARE(QString::fromStdString(response.body()), QStringLiteral("payload"));

    const auto missing = runAwaitable(m_context, client.send(server.url("/nope"),
                                                             net::makeRequest(net::http::verb::get)));
    QCOMPARE(missing.result_int(), 404u);
}

void TestHttpClient::poolReusesConnections()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    for (int i = 0; i < 5; ++i) {
        const auto response = runAwaitable(
            m_context, client.send(server.url("/echo"), net::makeRequest(net::http::verb::get)));
        QCOMPARE(response.result_int(), 200u);
    }
    QCOMPARE(client.stats().connectionsOpened, std::uint64_t(1));
    QCOMPARE(client.stats().connectionsReused, std::uint64_t(4));
    QCOMPARE(client.stats().idleConnections, std::size_t(1));
    QCOMPARE(server.server->stats().accepted, std::uint64_t(1));
    QCOMPARE(server.server->stats().requests, std::uint64_t(5));
}

void TestHttpClient::concurrentCallsUseSeparateConnections()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    auto both = [&]() -> asio::awaitable<int> {
        auto [order, errorA, a, errorB, b] =
            co_await asio::experimental::make_parallel_group(
                asio::co_spawn(m_context, client.send(server.url("/sleep?ms=100"),
                                                      net::makeRequest(net::http::verb::get)),
                               asio::deferred),
                asio::co_spawn(m_context, client.send(server.url("/sleep?ms=100"),
                                                      net::makeRequest(net::http::verb::get)),
                               asio::deferred))
                .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
        (void)order;
        if (errorA || errorB)
            co_return -1;
        co_return int(a.result_int() + b.result_int());
    };
    QCOMPARE(runAwaitable(m_context, both()), 400);
    QCOMPARE(client.stats().connectionsOpened, std::uint64_t(2));
    QCOMPARE(client.stats().idleConnections, std::size_t(2));
}

void TestHttpClient::idleConnectionsAreCappedPerOrigin()
{
    RunningServer server;
    net::ClientOptions options;
    options.maxIdlePerOrigin = 2;
    net::HttpClient client(m_context.get_executor(), options);
    const auto call = [&] {
        return asio::co_spawn(m_context, client.send(server.url("/sleep?ms=100"),
                                                     net::makeRequest(net::http::verb::get)),
                              asio::deferred);
    };
    auto three = [&]() -> asio::awaitable<int> {
        auto [order, errorA, a, errorB, b, errorC, c] =
            co_await asio::experimental::make_parallel_group(call(), call(), call())
                .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
        (void)order;
        if (errorA || errorB || errorC)
            co_return -1;
        co_return int(a.result_int() + b.result_int() + c.result_int());
    };
    QCOMPARE(runAwaitable(m_context, three()), 600);
    QCOMPARE(client.stats().connectionsOpened, std::uint64_t(3));
    // The third connection back found the pool full: closed, not kept.
    QCOMPARE(client.stats().idleConnections, std::size_t(2));
}

void TestHttpClient::staleIdleConnectionIsReplaced()
{
    net::ServerLimits limits;
    limits.idleTimeout = 100ms;
    RunningServer server(limits);
    net::HttpClient client(m_context.get_executor());
    runAwaitable(m_context, client.send(server.url("/echo"), net::makeRequest(net::http::verb::get)));
    // The server closes the pooled connection meanwhile.
    QVERIFY(eventually([&] { return server.server->stats().active == 0; }));
    const auto response = runAwaitable(
        m_context, client.send(server.url("/echo"), net::makeRequest(net::http::verb::get)));
    QCOMPARE(response.result_int(), 200u);
    QCOMPARE(client.stats().connectionsOpened, std::uint64_t(2));
}

void TestHttpClient::streamArrivesIncrementally()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    auto consume = [&]() -> asio::awaitable<QStringList> {
        auto stream = co_await client.stream(server.url("/gated"),
                                             net::makeRequest(net::http::verb::get));
        QStringList events;
        net::SseParser parser;
        net::SseEvent event;
        while (auto piece = co_await stream.next()) {
            parser.feed(*piece);
            while (parser.next(event)) {
                events << QString::fromStdString(event.data);
                // Only now may the server send the rest: had the client waited for the whole
                // body, the server would have sent "late" instead.
                server.state->gate = true;
            }
        }
        co_return events;
    };
    QCOMPARE(runAwaitable(m_context, consume()), (QStringList{"first", "second"}));
}

void TestHttpClient::streamReturnsConnectionToPool()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    auto consume = [&]() -> asio::awaitable<std::string> {
        auto stream = co_await client.stream(server.url("/stream?n=4"),
                                             net::makeRequest(net::http::verb::get));
        co_return co_await stream.readAll();
    };
    QCOMPARE(QString::fromStdString(runAwaitable(m_context, consume())).count(QStringLiteral("chunk-")), 4);
    QCOMPARE(client.stats().idleConnections, std::size_t(1));
    runAwaitable(m_context, consume());
    QCOMPARE(client.stats().connectionsOpened, std::uint64_t(1));
}

void TestHttpClient::connectRefused()
{
    std::uint16_t port = 0;
    {
        asio::io_context context;
        tcp::acceptor acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        port = acceptor.local_endpoint().port();
    }  // closed again: nothing listens there now
    net::HttpClient client(m_context.get_executor());
    const auto error = expectFailure([&] {
        runAwaitable(m_context, client.send(net::Url::parse("http://127.0.0.1:" + std::to_string(port) + "/"),
                                            net::makeRequest(net::http::verb::get)));
    });
    QVERIFY(error);
    QCOMPARE(error->kind(), net::ClientErrorKind::Connect);
    QVERIFY(!error->responseStarted());
}

void TestHttpClient::readTimeoutBeforeFirstByte()
{
    RunningServer server;
    net::ClientOptions options;
    options.readTimeout = 200ms;
    net::HttpClient client(m_context.get_executor(), options);
    const auto error = expectFailure([&] {
        runAwaitable(m_context, client.send(server.url("/sleep?ms=3000"),
                                            net::makeRequest(net::http::verb::get)));
    });
    QVERIFY(error);
    QCOMPARE(error->kind(), net::ClientErrorKind::Timeout);
    QVERIFY(!error->responseStarted());  // safe to retry
}

void TestHttpClient::readTimeoutAfterFirstByte()
{
    RunningServer server;
    net::ClientOptions options;
    options.readTimeout = 300ms;
    net::HttpClient client(m_context.get_executor(), options);
    auto consume = [&]() -> asio::awaitable<std::string> {
        auto stream = co_await client.stream(server.url("/stall?ms=5000"),
                                             net::makeRequest(net::http::verb::get));
        co_return co_await stream.readAll();
    };
    const auto error = expectFailure([&] { runAwaitable(m_context, consume()); });
    QVERIFY(error);
    QCOMPARE(error->kind(), net::ClientErrorKind::Timeout);
    QVERIFY(error->responseStarted());  // not safe to retry
    QCOMPARE(client.stats().idleConnections, std::size_t(0));
}

void TestHttpClient::cancellationAbortsTheCall()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    asio::cancellation_signal cancel;
    std::optional<net::ClientErrorKind> kind;
    bool finished = false;
    asio::co_spawn(
        m_context,
        [&]() -> asio::awaitable<void> {
            try {
                co_await client.send(server.url("/hang"), net::makeRequest(net::http::verb::get));
            } catch (const net::ClientError &error) {
                kind = error.kind();
            }
            finished = true;
        },
        asio::bind_cancellation_slot(cancel.slot(), asio::detached));
    m_context.restart();
    QVERIFY(eventually([&] {
        m_context.poll();
        return server.state->handlerStarted.load();
    }));
    cancel.emit(boost::asio::cancellation_type::terminal);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!finished && std::chrono::steady_clock::now() < deadline)
        m_context.run_one_for(50ms);
    QVERIFY(finished);
    QVERIFY(kind);
    QCOMPARE(*kind, net::ClientErrorKind::Cancelled);
    // Closing the connection tells the server: its handler is cancelled too.
    QVERIFY(eventually([&] { return server.state->handlerCancelled.load(); }));
}

void TestHttpClient::abandoningAStreamClosesIt()
{
    RunningServer server;
    net::HttpClient client(m_context.get_executor());
    auto firstPiece = [&]() -> asio::awaitable<std::string> {
        auto stream = co_await client.stream(server.url("/stall?ms=30000"),
                                             net::makeRequest(net::http::verb::get));
        const auto piece = co_await stream.next();
        co_return std::string(piece.value_or(""));
    };  // the stream is destroyed here, mid-body
    QCOMPARE(QString::fromStdString(runAwaitable(m_context, firstPiece())), QStringLiteral("partial"));
    QCOMPARE(client.stats().idleConnections, std::size_t(0));
    QVERIFY(eventually([&] { return server.server->stats().active == 0; }));
}

void TestHttpClient::tlsVerification()
{
    Pki pki;
    makePki(pki);
    if (QTest::currentTestFailed())
        return;
    RunningServer server({}, net::TlsFiles{pki.certFile, pki.keyFile});

    // System CAs only: our private CA is unknown.
    {
        net::HttpClient client(m_context.get_executor());
        const auto error = expectFailure([&] {
            runAwaitable(m_context, client.send(server.url("/echo", "localhost", true),
                                                net::makeRequest(net::http::verb::get)));
        });
        QVERIFY(error);
        QCOMPARE(error->kind(), net::ClientErrorKind::Tls);
        QVERIFY(!error->responseStarted());
    }

    net::ClientOptions options;
    options.caFile = pki.caFile;
    net::HttpClient client(m_context.get_executor(), options);
    // With the CA, for the name on the certificate: verified, and pooled like plain HTTP.
    for (int i = 0; i < 2; ++i) {
        auto request = net::makeRequest(net::http::verb::post, "over tls", "text/plain");
        const auto response = runAwaitable(
            m_context, client.send(server.url("/echo", "localhost", true), request));
        QCOMPARE(response.result_int(), 200u);
        QCOMPARE(QString::fromStdString(response.body()), QStringLiteral("over tls"));
    }
    QCOMPARE(client.stats().connectionsOpened, std::uint64_t(1));

    // Streaming over TLS.
    auto consume = [&]() -> asio::awaitable<std::string> {
        auto stream = co_await client.stream(server.url("/stream?n=3", "localhost", true),
                                             net::makeRequest(net::http::verb::get));
        co_return co_await stream.readAll();
    };
    QCOMPARE(QString::fromStdString(runAwaitable(m_context, consume())).count(QStringLiteral("chunk-")), 3);

    // Same CA, but the address is not the name on the certificate.
    const auto mismatch = expectFailure([&] {
        runAwaitable(m_context, client.send(server.url("/echo", "127.0.0.1", true),
                                            net::makeRequest(net::http::verb::get)));
    });
    QVERIFY(mismatch);
    QCOMPARE(mismatch->kind(), net::ClientErrorKind::Tls);
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
