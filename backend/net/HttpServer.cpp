#include "HttpServer.h"

#include "ErrorResponse.h"
#include "TlsContext.h"

#include "core/Error.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_set>
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
constexpr std::size_t kReadChunk = 16 * 1024;
// Connections over the limit are answered by small coroutines of their own; a flood beyond
// this many at once is simply closed.
constexpr std::uint64_t kMaxRejecting = 64;
// How long a closing connection may drain unread input so our last response is not lost to a
// TCP reset, and how long a TLS close_notify exchange may take.
constexpr std::chrono::milliseconds kLingerTime{1'000};
constexpr std::size_t kLingerBytes = 1024 * 1024;
// After the grace period and a forced close, the io_context is stopped at the latest after this.
constexpr std::chrono::milliseconds kBackstop{2'000};

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

error_code notPermitted()
{
    return boost::system::errc::make_error_code(boost::system::errc::operation_not_permitted);
}

bool isHttpParseError(const error_code &ec)
{
    return ec.category() == http::make_error_code(http::error::bad_method).category();
}

// What the server still owes a connection when it shuts down. Implemented by Session<Stream>;
// both calls only post to the session's executor.
class SessionBase : public std::enable_shared_from_this<SessionBase>
{
public:
    virtual ~SessionBase() = default;
    virtual void requestStop() = 0;  // close if idle; answer the current request with close
    virtual void forceClose() = 0;   // close the socket now
};

} // namespace

class HttpServer::Impl final
{
public:
    Impl(ServerOptions options, Handler handler)
        : m_options(withThreads(std::move(options))), m_handler(std::move(handler)),
          m_ioc(static_cast<int>(m_options.threads)),
          m_acceptStrand(asio::make_strand(m_ioc)), m_acceptor(m_acceptStrand),
          m_graceTimer(m_acceptStrand)
    {
    }

    ~Impl()
    {
        shutdown();
        wait();
    }

    void start();
    void shutdown();
    void wait();

    const ServerLimits &limits() const noexcept { return m_options.limits; }
    const std::string &serverHeader() const noexcept { return m_options.serverHeader; }
    Handler &handler() noexcept { return m_handler; }
    bool stopping() const noexcept { return m_stopping.load(std::memory_order_acquire); }
    void countRequest() noexcept { m_requests.fetch_add(1, std::memory_order_relaxed); }

    void logError(std::string_view what) noexcept
    {
        if (m_options.errorLog) {
            try {
                m_options.errorLog(what);
            } catch (...) {
                // A logger that throws must not take a connection down with it.
            }
        }
    }

    // Returns whether the server is already stopping (the session then closes when idle).
    bool registerSession(SessionBase *session, bool rejecting);
    void unregisterSession(SessionBase *session, bool rejecting);

    ServerStats stats() const noexcept
    {
        return {m_accepted.load(), m_rejected.load(), m_requests.load(), m_active.load()};
    }

    asio::io_context &ioContext() noexcept { return m_ioc; }
    std::uint16_t port() const noexcept { return m_port.load(); }

private:
    static ServerOptions withThreads(ServerOptions options)
    {
        options.threads = std::max(1u, options.threads);
        return options;
    }

    // Where a connection's handlers run. With one I/O thread they can never run at once, so the
    // io_context's own executor serialises them as a strand would, without a strand's lock,
    // queue and extra hand-off on every completion (a streamed event has several).
    asio::any_io_executor sessionExecutor()
    {
        if (m_options.threads == 1)
            return m_ioc.get_executor();
        return asio::make_strand(m_ioc);
    }

    asio::awaitable<void> acceptLoop();
    void spawnSession(tcp::socket socket, bool rejecting);
    void maybeFinishLocked();
    void armGraceTimer();

    ServerOptions m_options;
    Handler m_handler;
    // Declared first so it is destroyed last: coroutine frames it still holds are destroyed
    // with it, and they may hold sockets of the members below.
    asio::io_context m_ioc;
    std::optional<ssl::context> m_tls;
    asio::strand<asio::io_context::executor_type> m_acceptStrand;
    tcp::acceptor m_acceptor;
    asio::steady_timer m_graceTimer;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work;
    std::vector<std::thread> m_threads;

    mutable std::mutex m_mutex;
    std::unordered_set<SessionBase *> m_sessions;  // registered while their coroutine runs
    bool m_started = false;
    bool m_acceptDone = false;
    std::atomic<bool> m_stopping{false};

    std::atomic<std::uint16_t> m_port{0};
    std::atomic<std::uint64_t> m_accepted{0};
    std::atomic<std::uint64_t> m_rejected{0};
    std::atomic<std::uint64_t> m_requests{0};
    std::atomic<std::uint64_t> m_active{0};
    std::atomic<std::uint64_t> m_rejecting{0};
};

namespace {

// One connection: reads requests, runs the handler, writes its response. It is also the
// handler's ResponseWriter, reset for every request, so a request costs no extra objects.
template <class Stream>
class Session final : public SessionBase, public ResponseWriter
{
public:
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

    Session(HttpServer::Impl &server, Stream stream, tcp::endpoint remote, bool rejecting)
        : m_server(server), m_stream(std::move(stream)), m_deadline(m_stream.get_executor()),
          m_remote(std::move(remote)), m_rejecting(rejecting)
    {
    }

    asio::any_io_executor executor() { return m_stream.get_executor(); }

    void markStopping() noexcept { m_stopRequested = true; }

    // `self` keeps the session alive for as long as its coroutine runs.
    asio::awaitable<void> run(std::shared_ptr<Session> self);

    void requestStop() override
    {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] {
            auto *me = static_cast<Session *>(self.get());
            me->m_stopRequested = true;
            if (me->m_phase == Phase::Idle) {
                error_code ignored;
                me->socket().cancel(ignored);
            }
        });
    }

    void forceClose() override
    {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] {
            static_cast<Session *>(self.get())->lowest().close();
        });
    }

    // --- ResponseWriter ---------------------------------------------------------------------
    asio::awaitable<error_code> send(Response response) override;
    asio::awaitable<error_code> beginStream(ResponseHeader header) override;
    asio::awaitable<error_code> writeChunk(std::string_view data) override;
    asio::awaitable<error_code> endStream() override;
    State state() const noexcept override { return m_state; }
    bool clientGone() const noexcept override { return m_clientGone; }
    const tcp::endpoint &remoteEndpoint() const noexcept override { return m_remote; }
    bool secure() const noexcept override { return kTls; }

private:
    enum class Phase { Idle, Reading, Handling };

    beast::tcp_stream &lowest() { return beast::get_lowest_layer(m_stream); }
    tcp::socket &socket() { return lowest().socket(); }

    // Reads are bounded by our own deadline, which cancels the read but keeps the socket open
    // so a 408 can still be sent; Beast's own timeout would close it first. Writes use Beast's
    // timeout: a client that stops reading gets no answer anyway.
    void prepareRead() { lowest().expires_never(); }
    void prepareWrite() { lowest().expires_after(m_server.limits().writeTimeout); }
    void armDeadline(std::chrono::milliseconds timeout);
    void disarmDeadline();

    asio::awaitable<bool> serveOne(bool first);
    asio::awaitable<void> runHandler(Request &request);
    asio::awaitable<void> invokeHandler(Request &request);
    asio::awaitable<void> watchDisconnect();
    asio::awaitable<void> sendErrorAndClose(TransportError error, std::string_view message);
    template <class Buffers>
    asio::awaitable<error_code> writeBody(const Buffers &buffers);
    asio::awaitable<void> lingeringClose();
    asio::awaitable<void> closeGracefully();
    std::optional<TransportError> classifyReadError(const error_code &ec) const;
    bool keepAliveAllowed() const noexcept
    {
        return m_requestKeepAlive && !m_stopRequested && !m_server.stopping();
    }
    void finishResponse(bool keepAlive) noexcept
    {
        m_state = State::Done;
        m_responseKeepAlive = keepAlive;
    }

    HttpServer::Impl &m_server;
    Stream m_stream;
    asio::steady_timer m_deadline;
    std::uint64_t m_deadlineGeneration = 0;
    bool m_readTimedOut = false;
    tcp::endpoint m_remote;
    bool m_rejecting;
    bool m_stopRequested = false;
    Phase m_phase = Phase::Idle;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;

    // Per-request response state.
    State m_state = State::Idle;
    unsigned m_requestVersion = 11;
    bool m_requestKeepAlive = true;
    bool m_head = false;
    bool m_chunked = false;
    bool m_responseKeepAlive = false;
    bool m_clientGone = false;
    bool m_broken = false;  // a write failed: the connection is unusable
};

template <class Stream>
void Session<Stream>::armDeadline(std::chrono::milliseconds timeout)
{
    const auto generation = ++m_deadlineGeneration;
    m_readTimedOut = false;
    m_deadline.expires_after(timeout);
    m_deadline.async_wait([weak = weak_from_this(), generation](const error_code &ec) {
        if (ec)
            return;
        const auto self = weak.lock();
        if (!self)
            return;
        auto *me = static_cast<Session *>(self.get());
        // A deadline that fired just as its read completed must not cancel a later one.
        if (generation != me->m_deadlineGeneration)
            return;
        me->m_readTimedOut = true;
        error_code ignored;
        me->socket().cancel(ignored);
    });
}

template <class Stream>
void Session<Stream>::disarmDeadline()
{
    ++m_deadlineGeneration;
    m_deadline.cancel();
}

template <class Stream>
asio::awaitable<void> Session<Stream>::run(std::shared_ptr<Session> self)
{
    try {
        if (m_rejecting) {
            co_await sendErrorAndClose(TransportError::TooManyConnections,
                                       "the server has too many open connections");
        } else {
            bool open = true;
            if constexpr (!kTls) {
                // Our own writes (writeBody) must not block the I/O thread; asynchronous
                // operations are unaffected.
                error_code ec;
                socket().non_blocking(true, ec);
                open = !ec;
            }
            if constexpr (kTls) {
                lowest().expires_after(m_server.limits().headerTimeout);
                const auto [ec] = co_await m_stream.async_handshake(ssl::stream_base::server, kTuple);
                open = !ec && !m_stopRequested;
            }
            for (bool first = true; open; first = false)
                open = co_await serveOne(first);
            if (!m_broken && !m_clientGone)
                co_await closeGracefully();
        }
    } catch (const std::exception &e) {
        m_server.logError(std::string("connection failed: ") + e.what());
    }
    disarmDeadline();
    lowest().close();
    m_server.unregisterSession(this, m_rejecting);
    (void)self;
}

template <class Stream>
std::optional<TransportError> Session<Stream>::classifyReadError(const error_code &ec) const
{
    if (m_readTimedOut)
        return TransportError::RequestTimeout;
    if (ec == http::error::header_limit)
        return TransportError::HeaderTooLarge;
    if (ec == http::error::body_limit)
        return TransportError::BodyTooLarge;
    if (ec == http::error::end_of_stream || ec == http::error::partial_message)
        return std::nullopt;  // the client went away mid-request: nobody to answer
    if (isHttpParseError(ec))
        return TransportError::BadRequest;
    return std::nullopt;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::serveOne(bool first)
{
    const auto &limits = m_server.limits();

    // Wait for the first byte of the next request: the idle phase, the only one a shutdown
    // interrupts.
    m_phase = Phase::Idle;
    if (m_stopRequested || m_server.stopping())
        co_return false;
    if (m_buffer.size() == 0) {
        prepareRead();
        armDeadline(first ? limits.headerTimeout : limits.idleTimeout);
        const auto [ec, n] = co_await m_stream.async_read_some(m_buffer.prepare(kReadChunk), kTuple);
        disarmDeadline();
        m_buffer.commit(n);
        if (ec || n == 0)
            co_return false;
    }

    // Header, then body, each under its own deadline.
    m_phase = Phase::Reading;
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.maxHeaderBytes, std::numeric_limits<std::uint32_t>::max())));
    m_parser->body_limit(static_cast<std::uint64_t>(limits.maxBodyBytes));
    prepareRead();
    armDeadline(limits.headerTimeout);
    auto [ec, n] = co_await http::async_read_header(m_stream, m_buffer, *m_parser, kTuple);
    disarmDeadline();
    if (!ec && !m_parser->is_done()) {
        if (beast::iequals(m_parser->get()[http::field::expect], "100-continue")) {
            http::response<http::empty_body> proceed{http::status::continue_, 11};
            prepareWrite();
            const auto [wec, wn] = co_await http::async_write(m_stream, proceed, kTuple);
            if (wec)
                co_return false;
            prepareRead();
        }
        armDeadline(limits.bodyTimeout);
        std::tie(ec, n) = co_await http::async_read(m_stream, m_buffer, *m_parser, kTuple);
        disarmDeadline();
    }
    if (ec) {
        if (const auto error = classifyReadError(ec)) {
            std::string message;
            switch (*error) {
            case TransportError::RequestTimeout:
                message = "the request was not received in time";
                break;
            case TransportError::HeaderTooLarge:
                message = "request header larger than " + std::to_string(limits.maxHeaderBytes) +
                          " bytes";
                break;
            case TransportError::BodyTooLarge:
                message = "request body larger than " + std::to_string(limits.maxBodyBytes) +
                          " bytes";
                break;
            default:
                message = "malformed HTTP request: " + ec.message();
                break;
            }
            co_await sendErrorAndClose(*error, message);
        }
        co_return false;
    }

    Request request = m_parser->release();
    m_parser.reset();
    m_state = State::Idle;
    m_requestVersion = request.version();
    m_requestKeepAlive = request.keep_alive();
    m_head = request.method() == http::verb::head;
    m_chunked = false;
    m_responseKeepAlive = false;

    m_phase = Phase::Handling;
    m_server.countRequest();
    co_await runHandler(request);
    co_return m_state == State::Done && m_responseKeepAlive && !m_broken && !m_clientGone &&
        !m_stopRequested && !m_server.stopping();
}

template <class Stream>
asio::awaitable<void> Session<Stream>::invokeHandler(Request &request)
{
    co_await m_server.handler()(request, *this);
}

template <class Stream>
asio::awaitable<void> Session<Stream>::watchDisconnect()
{
    // HTTP/1.1 clients send nothing while they wait for the answer, so a completed read means
    // they closed (or reset) the connection, unless they pipelined their next request.
    if (m_buffer.size() == 0) {
        const auto [ec, n] = co_await m_stream.async_read_some(m_buffer.prepare(kReadChunk), kTuple);
        m_buffer.commit(n);
        if (ec) {
            const auto cs = co_await asio::this_coro::cancellation_state;
            if (cs.cancelled() == asio::cancellation_type::none)
                m_clientGone = true;
            co_return;
        }
    }
    // Pipelined bytes wait in the buffer for the next request; the client is still there.
    asio::steady_timer never(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
    co_await never.async_wait(kTuple);
}

template <class Stream>
asio::awaitable<void> Session<Stream>::runHandler(Request &request)
{
    const auto executor = co_await asio::this_coro::executor;
    // Whichever finishes first cancels the other: a disconnect cancels the handler (and any
    // upstream call it awaits); a finished handler cancels the watch.
    auto [order, handlerError, watchError] =
        co_await asio::experimental::make_parallel_group(
            asio::co_spawn(executor, invokeHandler(request), asio::deferred),
            asio::co_spawn(executor, watchDisconnect(), asio::deferred))
            .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
    (void)order;
    (void)watchError;
    if (m_clientGone || m_broken)
        co_return;
    if (handlerError) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(handlerError);
        } catch (const std::exception &e) {
            what = e.what();
        } catch (...) {
        }
        m_server.logError("request handler failed: " + what);
        if (m_state == State::Idle) {
            auto response = makeErrorResponse(TransportError::Internal,
                                              "the server failed to answer the request");
            response.keep_alive(false);
            (void)co_await send(std::move(response));
        } else {
            // Mid-stream: closing without the last chunk tells the client the body is cut.
            m_broken = true;
        }
        co_return;
    }
    if (m_state == State::Idle) {
        m_server.logError("request handler returned without a response");
        (void)co_await send(makeErrorResponse(TransportError::Internal,
                                              "the server produced no response"));
    } else if (m_state == State::Streaming) {
        (void)co_await endStream();
    }
}

template <class Stream>
asio::awaitable<error_code> Session<Stream>::send(Response response)
{
    if (m_state != State::Idle)
        co_return notPermitted();
    const bool keepAlive = response.keep_alive() && keepAliveAllowed();
    finishResponse(keepAlive);
    if (m_broken)
        co_return asio::error::make_error_code(asio::error::broken_pipe);
    response.version(m_requestVersion);
    response.keep_alive(keepAlive);
    if (response.find(http::field::server) == response.end())
        response.set(http::field::server, m_server.serverHeader());
    response.prepare_payload();
    prepareWrite();
    error_code ec;
    if (m_head) {
        http::response_serializer<http::string_body> serializer{response};
        std::tie(ec, std::ignore) = co_await http::async_write_header(m_stream, serializer, kTuple);
    } else {
        std::tie(ec, std::ignore) = co_await http::async_write(m_stream, response, kTuple);
    }
    if (ec)
        m_broken = true;
    co_return ec;
}

template <class Stream>
asio::awaitable<error_code> Session<Stream>::beginStream(ResponseHeader header)
{
    if (m_state != State::Idle)
        co_return notPermitted();
    if (m_broken)
        co_return asio::error::make_error_code(asio::error::broken_pipe);
    http::response<http::empty_body> response{std::move(header)};
    const bool keepAlive = response.keep_alive() && keepAliveAllowed();
    response.version(m_requestVersion);
    response.erase(http::field::content_length);
    if (m_requestVersion >= 11) {
        response.chunked(true);
        m_chunked = true;
        response.keep_alive(keepAlive);
    } else {
        // HTTP/1.0 has no chunked encoding: the body ends when the connection does.
        response.keep_alive(false);
    }
    if (response.find(http::field::server) == response.end())
        response.set(http::field::server, m_server.serverHeader());
    m_state = State::Streaming;
    m_responseKeepAlive = m_chunked && keepAlive;
    prepareWrite();
    http::response_serializer<http::empty_body> serializer{response};
    const auto [ec, n] = co_await http::async_write_header(m_stream, serializer, kTuple);
    if (ec)
        m_broken = true;
    co_return ec;
}

template <class Stream>
asio::awaitable<error_code> Session<Stream>::writeChunk(std::string_view data)
{
    if (m_state != State::Streaming)
        co_return notPermitted();
    if (m_broken)
        co_return asio::error::make_error_code(asio::error::broken_pipe);
    if (data.empty() || m_head)
        co_return error_code{};
    const asio::const_buffer bytes(data.data(), data.size());
    const error_code ec = m_chunked ? co_await writeBody(http::make_chunk(bytes))
                                    : co_await writeBody(bytes);
    if (ec)
        m_broken = true;
    co_return ec;
}

template <class Stream>
template <class Buffers>
asio::awaitable<error_code> Session<Stream>::writeBody(const Buffers &buffers)
{
    std::size_t written = 0;
    if constexpr (!kTls) {
        // A streamed piece is small and the socket's send buffer usually has room: write it now,
        // without an asynchronous operation, its completion hand-off and a resumption of the
        // coroutine for every event. The socket is non-blocking for us (see run()), so this
        // never waits; what does not fit goes out below, under the write deadline.
        error_code ec;
        written = socket().write_some(buffers, ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
            written = 0;
        } else if (ec) {
            co_return ec;
        }
        if (written == beast::buffer_bytes(buffers))
            co_return error_code{};
    }
    beast::buffers_suffix<Buffers> rest(buffers);
    rest.consume(written);
    prepareWrite();
    const auto [ec, n] = co_await asio::async_write(m_stream, rest, kTuple);
    co_return ec;
}

template <class Stream>
asio::awaitable<error_code> Session<Stream>::endStream()
{
    if (m_state != State::Streaming)
        co_return notPermitted();
    m_state = State::Done;
    if (m_broken)
        co_return asio::error::make_error_code(asio::error::broken_pipe);
    if (!m_chunked || m_head)
        co_return error_code{};
    const error_code ec = co_await writeBody(http::make_chunk_last());
    if (ec)
        m_broken = true;
    co_return ec;
}

template <class Stream>
asio::awaitable<void> Session<Stream>::sendErrorAndClose(TransportError error,
                                                         std::string_view message)
{
    auto response = makeErrorResponse(error, message);
    response.keep_alive(false);
    response.set(http::field::server, m_server.serverHeader());
    response.prepare_payload();
    prepareWrite();
    const auto [ec, n] = co_await http::async_write(m_stream, response, kTuple);
    if (!ec)
        co_await lingeringClose();
}

// After an error answer the client may still be sending (a too-large body). Closing with
// unread input makes the kernel send a reset, which can destroy the answer before the client
// reads it; so stop sending, then drain for a moment.
template <class Stream>
asio::awaitable<void> Session<Stream>::lingeringClose()
{
    if constexpr (!kTls) {
        error_code ignored;
        socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    lowest().expires_after(kLingerTime);
    std::size_t drained = 0;
    std::array<char, 4096> sink;
    while (drained < kLingerBytes) {
        const auto [ec, n] = co_await m_stream.async_read_some(asio::buffer(sink), kTuple);
        if (ec)
            break;
        drained += n;
    }
}

template <class Stream>
asio::awaitable<void> Session<Stream>::closeGracefully()
{
    if constexpr (kTls) {
        // Bounded: many clients never answer close_notify.
        lowest().expires_after(kLingerTime);
        (void)co_await m_stream.async_shutdown(kTuple);
    } else {
        error_code ignored;
        socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
}

} // namespace

// --- HttpServer::Impl ---------------------------------------------------------------------------

void HttpServer::Impl::start()
{
    std::lock_guard lock(m_mutex);
    if (m_started)
        throw core::Error(core::ErrorCode::Internal, "the HTTP server was already started");
    if (m_options.tls)
        m_tls.emplace(makeServerTlsContext(m_options.tls->certificateChainFile,
                                           m_options.tls->privateKeyFile));

    error_code ec;
    auto address = asio::ip::make_address(m_options.address, ec);
    if (ec) {
        tcp::resolver resolver(m_ioc);
        const auto results = resolver.resolve(m_options.address, "",
                                              tcp::resolver::passive, ec);
        if (ec || results.empty())
            throw core::Error(core::ErrorCode::InvalidArgument,
                              "cannot resolve listen address \"" + m_options.address + "\"",
                              "listen");
        address = results.begin()->endpoint().address();
    }
    const tcp::endpoint endpoint(address, m_options.port);
    const auto fail = [&](const char *step) {
        throw core::Error(core::ErrorCode::Unavailable,
                          std::string("cannot listen on ") + endpoint.address().to_string() +
                              ":" + std::to_string(endpoint.port()) + " (" + step +
                              "): " + ec.message(),
                          "listen");
    };
    m_acceptor.open(endpoint.protocol(), ec);
    if (ec)
        fail("open");
    m_acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    m_acceptor.bind(endpoint, ec);
    if (ec)
        fail("bind");
    m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        fail("listen");
    m_port = m_acceptor.local_endpoint().port();

    m_started = true;
    m_work.emplace(m_ioc.get_executor());
    asio::co_spawn(m_acceptStrand, acceptLoop(), asio::detached);
    for (unsigned i = 0; i < m_options.threads; ++i) {
        m_threads.emplace_back([this] {
            for (;;) {
                try {
                    m_ioc.run();
                    return;
                } catch (const std::exception &e) {
                    logError(std::string("I/O thread: ") + e.what());
                }
            }
        });
    }
}

asio::awaitable<void> HttpServer::Impl::acceptLoop()
{
    while (!stopping()) {
        auto [ec, socket] = co_await m_acceptor.async_accept(sessionExecutor(), kTuple);
        if (ec) {
            if (ec == asio::error::operation_aborted || !m_acceptor.is_open())
                break;
            // Out of descriptors or memory: back off instead of spinning on the error.
            logError("accept failed: " + ec.message());
            asio::steady_timer pause(m_acceptStrand, std::chrono::milliseconds(50));
            co_await pause.async_wait(kTuple);
            continue;
        }
        if (stopping())
            break;
        socket.set_option(tcp::no_delay(true), ec);
        if (m_active.load() >= m_options.limits.maxConnections) {
            m_rejected.fetch_add(1);
            // A TLS client cannot read an answer without a handshake we will not pay for.
            if (m_tls || m_rejecting.load() >= kMaxRejecting)
                continue;  // the socket closes as it goes out of scope
            spawnSession(std::move(socket), true);
            continue;
        }
        m_accepted.fetch_add(1);
        spawnSession(std::move(socket), false);
    }
    std::lock_guard lock(m_mutex);
    m_acceptDone = true;
    maybeFinishLocked();
}

void HttpServer::Impl::spawnSession(tcp::socket socket, bool rejecting)
{
    error_code ec;
    auto remote = socket.remote_endpoint(ec);
    if (ec)
        return;  // already gone
    const auto launch = [&](auto session) {
        if (registerSession(session.get(), rejecting))
            session->markStopping();
        auto executor = session->executor();
        asio::co_spawn(executor, session->run(session), asio::detached);
    };
    if (m_tls) {
        launch(std::make_shared<Session<TlsStream>>(
            *this, TlsStream(PlainStream(std::move(socket)), *m_tls), std::move(remote),
            rejecting));
    } else {
        launch(std::make_shared<Session<PlainStream>>(*this, PlainStream(std::move(socket)),
                                                      std::move(remote), rejecting));
    }
}

bool HttpServer::Impl::registerSession(SessionBase *session, bool rejecting)
{
    std::lock_guard lock(m_mutex);
    m_sessions.insert(session);
    if (rejecting)
        m_rejecting.fetch_add(1);
    else
        m_active.fetch_add(1);
    return stopping();
}

void HttpServer::Impl::unregisterSession(SessionBase *session, bool rejecting)
{
    std::lock_guard lock(m_mutex);
    m_sessions.erase(session);
    if (rejecting)
        m_rejecting.fetch_sub(1);
    else
        m_active.fetch_sub(1);
    maybeFinishLocked();
}

void HttpServer::Impl::maybeFinishLocked()
{
    if (stopping() && m_acceptDone && m_sessions.empty()) {
        m_work.reset();
        m_ioc.stop();
    }
}

void HttpServer::Impl::shutdown()
{
    std::vector<std::shared_ptr<SessionBase>> sessions;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping.exchange(true))
            return;
        if (!m_started)
            return;
        sessions.reserve(m_sessions.size());
        for (auto *session : m_sessions)
            if (auto alive = session->weak_from_this().lock())
                sessions.push_back(std::move(alive));
    }
    asio::post(m_acceptStrand, [this] {
        error_code ignored;
        m_acceptor.close(ignored);
        armGraceTimer();
    });
    for (const auto &session : sessions)
        session->requestStop();
}

void HttpServer::Impl::armGraceTimer()
{
    m_graceTimer.expires_after(m_options.limits.shutdownGrace);
    m_graceTimer.async_wait([this](const error_code &ec) {
        if (ec)
            return;
        {
            std::lock_guard lock(m_mutex);
            for (auto *session : m_sessions)
                if (auto alive = session->weak_from_this().lock())
                    alive->forceClose();
        }
        // A handler that ignores cancellation must not keep the process alive for ever.
        m_graceTimer.expires_after(kBackstop);
        m_graceTimer.async_wait([this](const error_code &backstopEc) {
            if (backstopEc)
                return;
            logError("shutdown: connections still open after the grace period; stopping");
            std::lock_guard lock(m_mutex);
            m_work.reset();
            m_ioc.stop();
        });
    });
}

void HttpServer::Impl::wait()
{
    for (auto &thread : m_threads) {
        if (thread.get_id() == std::this_thread::get_id())
            throw core::Error(core::ErrorCode::Internal,
                              "HttpServer::wait() called from one of its own threads");
        if (thread.joinable())
            thread.join();
    }
}

// --- HttpServer ---------------------------------------------------------------------------------

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(handler)))
{
}

HttpServer::~HttpServer() = default;

void HttpServer::start()
{
    m_impl->start();
}

std::uint16_t HttpServer::port() const noexcept
{
    return m_impl->port();
}

void HttpServer::shutdown()
{
    m_impl->shutdown();
}

void HttpServer::wait()
{
    m_impl->wait();
}

ServerStats HttpServer::stats() const noexcept
{
    return m_impl->stats();
}

boost::asio::io_context &HttpServer::ioContext() noexcept
{
    return m_impl->ioContext();
}

} // namespace bulkhead::net
