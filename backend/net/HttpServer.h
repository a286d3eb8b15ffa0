#pragma once

#include "HttpMessage.h"
#include "ResponseWriter.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::net {

// Every bound on what one client may cost the server. The defaults suit an LLM proxy: small
// headers, JSON bodies of a few MiB, responses that stream for minutes.
struct ServerLimits
{
    std::size_t maxHeaderBytes = 16 * 1024;       // 431 header_too_large above this
    std::size_t maxBodyBytes = 4 * 1024 * 1024;   // 413 body_too_large above this
    std::size_t maxConnections = 4096;            // further connections get 503 and are closed
    // From the first byte of a request to the end of its header (408 after it).
    std::chrono::milliseconds headerTimeout{10'000};
    // From the end of the header to the end of the body (408 after it).
    std::chrono::milliseconds bodyTimeout{30'000};
    // How long a kept-alive connection may wait for its next request (closed silently after).
    std::chrono::milliseconds idleTimeout{60'000};
    // How long one write may make no progress: a client that stops reading a stream is dropped.
    std::chrono::milliseconds writeTimeout{30'000};
    // Shutdown: how long in-flight requests and streams may take to finish.
    std::chrono::milliseconds shutdownGrace{20'000};
};

struct TlsFiles
{
    std::string certificateChainFile;  // PEM, leaf first
    std::string privateKeyFile;        // PEM
};

struct ServerOptions
{
    std::string address = "127.0.0.1";  // IP literal or a name resolved once at start()
    std::uint16_t port = 0;              // 0: an ephemeral port, see HttpServer::port()
    unsigned threads = 1;                // threads running the io_context
    std::optional<TlsFiles> tls;         // set: HTTPS only on this listener
    ServerLimits limits;
    std::string serverHeader = "bulkhead";
    // Called (from any I/O thread) with what went wrong when a handler throws or accept fails.
    // Must not throw. Unset: such errors are only counted.
    std::function<void(std::string_view)> errorLog;
};

struct ServerStats
{
    std::uint64_t accepted = 0;  // connections served (not counting rejected ones)
    std::uint64_t rejected = 0;  // connections refused above maxConnections
    std::uint64_t requests = 0;  // requests handed to the handler
    std::uint64_t active = 0;    // connections open now
};

// Called once per request, on the connection's strand; many requests run concurrently on
// different connections, so the handler must be safe to call from several threads. The request
// is complete (body read) and lives until the handler's coroutine finishes.
//
// When the client disconnects while the handler runs, the handler coroutine receives terminal
// cancellation: the operation it awaits completes with operation_aborted (or throws it), which
// aborts an upstream call awaited inside it. A handler that needs I/O after that (an audit
// record) resets the cancellation state first (`co_await this_coro::reset_cancellation_state()`).
//
// If the handler returns without answering, the client gets 500 internal_error; if it returns
// mid-stream, the stream is ended; if it throws mid-stream, the connection is closed so the
// client sees a truncated body rather than a complete-looking one.
using Handler = std::function<boost::asio::awaitable<void>(Request &, ResponseWriter &)>;

// An HTTP/1.1 server on Boost.Beast: one coroutine per connection, keep-alive, a timeout on
// every read and write, bounded headers, bodies and connections, optional TLS, and a staged
// shutdown. Owns its io_context and threads.
class HttpServer final
{
public:
    HttpServer(ServerOptions options, Handler handler);
    ~HttpServer();  // shutdown() and wait()

    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Loads the TLS files, binds, listens and starts the threads. Throws core::Error:
    // InvalidArgument for an unusable address or TLS file, Unavailable when binding fails.
    void start();

    // The bound port (the ephemeral one when the options asked for port 0). Valid after start().
    std::uint16_t port() const noexcept;

    // Staged shutdown, returns at once, safe from any thread (also from a handler): stop
    // accepting, close idle connections, let in-flight requests and streams finish (answered
    // with `Connection: close`) for up to limits.shutdownGrace, then close what is left. When
    // the last connection is gone the io_context is stopped.
    void shutdown();

    // Blocks until the threads have finished (after shutdown()). Not from an I/O thread.
    void wait();

    ServerStats stats() const noexcept;

    // The server's io_context, for work that should share its threads (an HttpClient, a
    // signal_set). It is stopped when the server has shut down.
    boost::asio::io_context &ioContext() noexcept;

    class Impl;  // public only so the connection code in HttpServer.cpp can name it

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace bulkhead::net
