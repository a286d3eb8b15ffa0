#include "HttpClient.h"

#include "TlsContext.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace bulkhead::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kPieceBytes = 16 * 1024;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection to one origin, either plain or TLS.
struct Connection
{
    std::string origin;
    std::optional<PlainStream> plain;
    std::optional<TlsStream> tls;
    beast::flat_buffer buffer;
    Clock::time_point idleSince;
    bool reused = false;

    beast::tcp_stream &lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    // A pooled connection the server closed (or wrote to: nothing is expected between
    // responses) is readable; a live idle one would block.
    bool looksAlive()
    {
        auto &socket = lowest().socket();
        if (!socket.is_open())
            return false;
        char byte = 0;
        const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
};

bool isHttpParseError(const error_code &ec)
{
    return ec.category() == http::make_error_code(http::error::bad_method).category();
}

// The errors of a connection the server had already closed when we reused it.
bool looksStale(const error_code &ec)
{
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::connection_aborted || ec == ssl::error::stream_truncated;
}

ClientErrorKind kindOf(const error_code &ec, bool handshake)
{
    if (ec == beast::error::timeout)
        return ClientErrorKind::Timeout;
    if (ec == asio::error::operation_aborted)
        return ClientErrorKind::Cancelled;
    if (ec == http::error::header_limit || ec == http::error::body_limit ||
        ec == http::error::buffer_overflow)
        return ClientErrorKind::TooLarge;
    if (ec == http::error::end_of_stream || ec == http::error::partial_message)
        return ClientErrorKind::Closed;
    if (isHttpParseError(ec))
        return ClientErrorKind::Protocol;
    if (handshake || ec.category() == asio::error::get_ssl_category())
        return ClientErrorKind::Tls;
    return ClientErrorKind::Closed;
}

[[noreturn]] void fail(ClientErrorKind kind, bool responseStarted, const error_code &ec,
                       const std::string &where, std::string_view what)
{
    throw ClientError(kind, responseStarted, ec,
                      where + ": " + std::string(what) + ": " + ec.message());
}

void prepareRequest(Request &request, const Url &url, const ClientOptions &options)
{
    request.version(11);
    request.target(url.target);
    request.set(http::field::host, url.hostHeader());
    if (request.find(http::field::user_agent) == request.end())
        request.set(http::field::user_agent, options.userAgent);
    request.keep_alive(true);
    request.prepare_payload();
}

template <class Stream>
asio::awaitable<error_code> writeRequest(Stream &stream, Connection &connection,
                                         const Request &request, const ClientOptions &options)
{
    connection.lowest().expires_after(options.writeTimeout);
    const auto [ec, n] = co_await http::async_write(stream, request, kTuple);
    co_return ec;
}

template <class Stream, class Parser>
asio::awaitable<error_code> readHeader(Stream &stream, Connection &connection, Parser &parser,
                                       const ClientOptions &options)
{
    connection.lowest().expires_after(options.readTimeout);
    const auto [ec, n] = co_await http::async_read_header(stream, connection.buffer, parser, kTuple);
    co_return ec;
}

template <class Stream, class Parser>
asio::awaitable<error_code> readRest(Stream &stream, Connection &connection, Parser &parser)
{
    // The deadline set for the header covers the whole response.
    const auto [ec, n] = co_await http::async_read(stream, connection.buffer, parser, kTuple);
    co_return ec;
}

template <class Stream, class Parser>
asio::awaitable<error_code> readSome(Stream &stream, Connection &connection, Parser &parser,
                                     const ClientOptions &options)
{
    connection.lowest().expires_after(options.readTimeout);
    const auto [ec, n] = co_await http::async_read_some(stream, connection.buffer, parser, kTuple);
    co_return ec;
}

} // namespace

// --- the pool -----------------------------------------------------------------------------------

struct HttpClient::Shared
{
    Shared(asio::any_io_executor ex, ClientOptions opts)
        : executor(std::move(ex)), options(std::move(opts)),
          tlsContext(makeClientTlsContext(options.caFile, options.trustSystemCas))
    {
    }

    std::unique_ptr<Connection> checkout(const std::string &origin)
    {
        std::lock_guard lock(mutex);
        const auto it = idle.find(origin);
        if (it == idle.end())
            return nullptr;
        auto &connections = it->second;
        const auto now = Clock::now();
        while (!connections.empty()) {
            auto connection = std::move(connections.back());
            connections.pop_back();
            if (now - connection->idleSince <= options.idleTimeout && connection->looksAlive()) {
                connection->reused = true;
                reusedCount.fetch_add(1, std::memory_order_relaxed);
                return connection;
            }
        }
        return nullptr;
    }

    void checkin(std::unique_ptr<Connection> connection)
    {
        if (options.maxIdlePerOrigin == 0)
            return;
        connection->lowest().expires_never();
        connection->idleSince = Clock::now();
        std::lock_guard lock(mutex);
        auto &connections = idle[connection->origin];
        if (connections.size() >= options.maxIdlePerOrigin)
            connections.erase(connections.begin());  // the least recently used
        connections.push_back(std::move(connection));
    }

    asio::awaitable<std::unique_ptr<Connection>> connect(const Url &url);

    asio::any_io_executor executor;
    ClientOptions options;
    ssl::context tlsContext;
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
    std::atomic<std::uint64_t> openedCount{0};
    std::atomic<std::uint64_t> reusedCount{0};
};

asio::awaitable<std::unique_ptr<Connection>> HttpClient::Shared::connect(const Url &url)
{
    const std::string where = url.origin();
    std::vector<tcp::endpoint> endpoints;
    error_code ec;
    const auto address = asio::ip::make_address(url.host, ec);
    if (!ec) {
        endpoints.emplace_back(address, url.port);
    } else {
        tcp::resolver resolver(executor);
        asio::steady_timer timer(executor, options.connectTimeout);
        auto [order, resolveEc, results, timerEc] =
            co_await asio::experimental::make_parallel_group(
                resolver.async_resolve(url.host, std::to_string(url.port), asio::deferred),
                timer.async_wait(asio::deferred))
                .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
        (void)timerEc;
        if (order[0] == 1)
            fail(ClientErrorKind::Timeout, false, beast::error::timeout, where, "resolve");
        if (resolveEc)
            fail(resolveEc == asio::error::operation_aborted ? ClientErrorKind::Cancelled
                                                              : ClientErrorKind::Connect,
                 false, resolveEc, where, "resolve " + url.host);
        for (const auto &entry : results)
            endpoints.push_back(entry.endpoint());
    }

    PlainStream stream(executor);
    stream.expires_after(options.connectTimeout);
    const auto [connectEc, endpoint] = co_await stream.async_connect(endpoints, kTuple);
    if (connectEc) {
        const auto kind = connectEc == beast::error::timeout ? ClientErrorKind::Timeout
                          : connectEc == asio::error::operation_aborted
                              ? ClientErrorKind::Cancelled
                              : ClientErrorKind::Connect;
        fail(kind, false, connectEc, where, "connect");
    }
    (void)endpoint;
    // Small writes (a request, then nothing) must not wait for Nagle.
    stream.socket().set_option(tcp::no_delay(true), ec);
    openedCount.fetch_add(1, std::memory_order_relaxed);

    auto connection = std::make_unique<Connection>();
    connection->origin = url.origin();
    if (!url.secure) {
        connection->plain.emplace(std::move(stream));
        co_return connection;
    }

    connection->tls.emplace(std::move(stream), tlsContext);
    auto &tls = *connection->tls;
    asio::ip::make_address(url.host, ec);
    if (ec) {
        // SNI is for names only. (SSL_set_tlsext_host_name is a macro with a C cast.)
        if (!SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                      TLSEXT_NAMETYPE_host_name, const_cast<char *>(url.host.c_str())))
            fail(ClientErrorKind::Tls, false,
                 error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()),
                 where, "set SNI");
    }
    // Checks DNS names and IP addresses against the certificate's subjectAltName.
    tls.set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(tls).expires_after(options.connectTimeout);
    const auto [handshakeEc] = co_await tls.async_handshake(ssl::stream_base::client, kTuple);
    if (handshakeEc)
        fail(kindOf(handshakeEc, true), false, handshakeEc, where, "TLS handshake");
    co_return connection;
}

// --- HttpClient ---------------------------------------------------------------------------------

HttpClient::HttpClient(asio::any_io_executor executor, ClientOptions options)
    : m_shared(std::make_shared<Shared>(std::move(executor), std::move(options)))
{
}

HttpClient::~HttpClient() = default;

ClientStats HttpClient::stats() const
{
    ClientStats stats;
    stats.connectionsOpened = m_shared->openedCount.load();
    stats.connectionsReused = m_shared->reusedCount.load();
    std::lock_guard lock(m_shared->mutex);
    for (const auto &[origin, connections] : m_shared->idle)
        stats.idleConnections += connections.size();
    return stats;
}

void HttpClient::clearPool()
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->idle.clear();
}

asio::awaitable<Response> HttpClient::send(Url url, Request request)
{
    auto shared = m_shared;  // the pool outlives this call even if the client does not
    const auto &options = shared->options;
    prepareRequest(request, url, options);
    const bool head = request.method() == http::verb::head;
    const std::string where = url.origin() + url.target;
    const std::string origin = url.origin();

    for (int attempt = 0;; ++attempt) {
        auto connection = attempt == 0 ? shared->checkout(origin) : nullptr;
        if (!connection)
            connection = co_await shared->connect(url);

        http::response_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.maxHeaderBytes));
        parser.body_limit(static_cast<std::uint64_t>(options.maxBodyBytes));
        parser.skip(head);

        bool wrote = false;
        error_code ec;
        if (connection->tls) {
            ec = co_await writeRequest(*connection->tls, *connection, request, options);
            if (!ec) {
                wrote = true;
                ec = co_await readHeader(*connection->tls, *connection, parser, options);
                if (!ec && !parser.is_done())
                    ec = co_await readRest(*connection->tls, *connection, parser);
            }
        } else {
            ec = co_await writeRequest(*connection->plain, *connection, request, options);
            if (!ec) {
                wrote = true;
                ec = co_await readHeader(*connection->plain, *connection, parser, options);
                if (!ec && !parser.is_done())
                    ec = co_await readRest(*connection->plain, *connection, parser);
            }
        }
        const bool started = parser.got_some() || connection->buffer.size() > 0;
        if (ec) {
            if (connection->reused && !started && attempt == 0 && looksStale(ec))
                continue;  // the server closed the idle connection first: try a fresh one
            fail(kindOf(ec, false), started, ec, where, wrote ? "read response" : "send request");
        }
        Response response = parser.release();
        if (response.keep_alive() && connection->buffer.size() == 0)
            shared->checkin(std::move(connection));
        co_return response;
    }
}

// --- ResponseStream -----------------------------------------------------------------------------

struct ResponseStream::State
{
    std::shared_ptr<HttpClient::Shared> shared;
    std::unique_ptr<Connection> connection;
    http::response_parser<http::buffer_body> parser;
    std::string where;
    // An allocation of its own, not zeroed: make_unique<State>() zeroes every member, and the
    // parser writes a piece before anything reads it.
    std::unique_ptr<char[]> piece = std::make_unique_for_overwrite<char[]>(kPieceBytes);
    bool finished = false;

    void finish()
    {
        finished = true;
        if (connection && parser.keep_alive() && connection->buffer.size() == 0)
            shared->checkin(std::move(connection));
        connection.reset();
    }
};

asio::awaitable<ResponseStream> HttpClient::stream(Url url, Request request)
{
    auto shared = m_shared;
    const auto &options = shared->options;
    prepareRequest(request, url, options);
    const std::string origin = url.origin();

    for (int attempt = 0;; ++attempt) {
        auto state = std::make_unique<ResponseStream::State>();
        state->shared = shared;
        state->where = url.origin() + url.target;
        state->connection = attempt == 0 ? shared->checkout(origin) : nullptr;
        if (!state->connection)
            state->connection = co_await shared->connect(url);
        auto &connection = *state->connection;
        auto &parser = state->parser;
        parser.header_limit(static_cast<std::uint32_t>(options.maxHeaderBytes));
        parser.body_limit(boost::none);  // a stream may run for as long as the server likes
        parser.skip(request.method() == http::verb::head);

        bool wrote = false;
        error_code ec;
        if (connection.tls) {
            ec = co_await writeRequest(*connection.tls, connection, request, options);
            if (!ec) {
                wrote = true;
                ec = co_await readHeader(*connection.tls, connection, parser, options);
            }
        } else {
            ec = co_await writeRequest(*connection.plain, connection, request, options);
            if (!ec) {
                wrote = true;
                ec = co_await readHeader(*connection.plain, connection, parser, options);
            }
        }
        const bool started = parser.got_some() || connection.buffer.size() > 0;
        if (ec) {
            if (connection.reused && !started && attempt == 0 && looksStale(ec))
                continue;
            fail(kindOf(ec, false), started, ec, state->where,
                 wrote ? "read response header" : "send request");
        }
        co_return ResponseStream(std::move(state));
    }
}

ResponseStream::ResponseStream(std::unique_ptr<State> state) : m_state(std::move(state)) {}
ResponseStream::ResponseStream(ResponseStream &&) noexcept = default;
ResponseStream &ResponseStream::operator=(ResponseStream &&) noexcept = default;
ResponseStream::~ResponseStream() = default;

const ResponseHeader &ResponseStream::header() const noexcept
{
    return m_state->parser.get().base();
}

unsigned ResponseStream::status() const noexcept
{
    return m_state->parser.get().result_int();
}

bool ResponseStream::done() const noexcept
{
    return !m_state || m_state->finished;
}

asio::awaitable<std::optional<std::string_view>> ResponseStream::next()
{
    if (!m_state || m_state->finished)
        co_return std::nullopt;
    auto &state = *m_state;
    auto &parser = state.parser;
    const auto &options = state.shared->options;
    for (;;) {
        if (parser.is_done()) {
            state.finish();
            co_return std::nullopt;
        }
        auto &body = parser.get().body();
        body.data = state.piece.get();
        body.size = kPieceBytes;
        auto &connection = *state.connection;
        error_code ec = connection.tls ? co_await readSome(*connection.tls, connection, parser, options)
                                       : co_await readSome(*connection.plain, connection, parser, options);
        if (ec == http::error::need_buffer)
            ec = {};  // our piece is full: hand it over
        if (ec) {
            state.finished = true;
            state.connection.reset();
            fail(kindOf(ec, false), true, ec, state.where, "read response body");
        }
        const std::size_t got = kPieceBytes - body.size;
        if (got > 0)
            co_return std::string_view(state.piece.get(), got);
    }
}

asio::awaitable<std::string> ResponseStream::readAll()
{
    std::string out;
    const auto limit = m_state ? m_state->shared->options.maxBodyBytes : 0;
    while (const auto piece = co_await next()) {
        if (out.size() + piece->size() > limit) {
            m_state->finished = true;
            m_state->connection.reset();
            fail(ClientErrorKind::TooLarge, true, http::error::body_limit, m_state->where,
                 "read response body");
        }
        out.append(*piece);
    }
    co_return out;
}

} // namespace bulkhead::net
