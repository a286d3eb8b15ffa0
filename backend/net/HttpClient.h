#pragma once

#include "HttpMessage.h"
#include "Url.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bulkhead::net {

struct ClientOptions
{
    std::chrono::milliseconds connectTimeout{5'000};  // resolve + TCP connect + TLS handshake
    // Complete calls: the whole response. Streams: the header, then each gap between pieces.
    std::chrono::milliseconds readTimeout{120'000};
    std::chrono::milliseconds writeTimeout{30'000};  // sending the request
    std::string caFile;          // extra PEM CA bundle for HTTPS
    bool trustSystemCas = true;  // also trust the system's CAs
    std::size_t maxIdlePerOrigin = 256;              // kept-alive connections per origin
    std::chrono::milliseconds idleTimeout{30'000};   // pooled connections older are not reused
    std::size_t maxHeaderBytes = 64 * 1024;
    std::size_t maxBodyBytes = 64 * 1024 * 1024;     // complete calls only; streams are unbounded
    std::string userAgent = "bulkhead";
};

// Why a call failed. The proxy maps Connect to "upstream unavailable", Timeout to "upstream
// timeout" and the rest to "upstream error".
enum class ClientErrorKind {
    Connect,    // name resolution or TCP connect failed
    Tls,        // handshake, certificate or hostname verification failed
    Timeout,    // connect, write or read took too long
    Closed,     // the server closed or reset the connection mid-exchange
    Protocol,   // the response is not valid HTTP/1.1
    TooLarge,   // response header or (complete) body above the limits
    Cancelled,  // the calling coroutine was cancelled
};

class ClientError final : public std::runtime_error
{
public:
    ClientError(ClientErrorKind kind, bool responseStarted, boost::system::error_code ec,
                const std::string &message)
        : std::runtime_error(message), m_kind(kind), m_responseStarted(responseStarted), m_ec(ec)
    {
    }

    ClientErrorKind kind() const noexcept { return m_kind; }
    // Whether any byte of the response had arrived. Before the first byte a retry cannot
    // duplicate what the client already saw; after it, it can.
    bool responseStarted() const noexcept { return m_responseStarted; }
    boost::system::error_code errorCode() const noexcept { return m_ec; }

private:
    ClientErrorKind m_kind;
    bool m_responseStarted;
    boost::system::error_code m_ec;
};

struct ClientStats
{
    std::uint64_t connectionsOpened = 0;  // new TCP connections made
    std::uint64_t connectionsReused = 0;  // requests sent on a pooled connection
    std::size_t idleConnections = 0;      // in the pool now
};

class ResponseStream;

// An HTTP/1.1 client for upstream calls, used from coroutines. Keeps a pool of kept-alive
// connections per origin (scheme, host, port); a pooled connection the server has closed
// meanwhile is detected, or the request is retried once on a fresh connection when it failed
// before any response byte. HTTPS verifies the certificate chain (system CAs and/or caFile),
// sends SNI and checks the hostname (or IP address) against the certificate.
//
// Cancellation follows the caller: cancelling the awaiting coroutine (terminal) aborts the
// call with ClientErrorKind::Cancelled and closes its connection. Safe to use from many
// coroutines and threads at once. Connections are made on the executor given here; destroy the
// client before that executor's io_context.
class HttpClient final
{
public:
    explicit HttpClient(boost::asio::any_io_executor executor, ClientOptions options = {});
    ~HttpClient();

    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    // Sends `request` to `url` (target and Host come from the URL, Content-Length from the
    // body) and reads the complete response. Throws ClientError. (Arguments are taken by value:
    // a coroutine must not hold references to its caller's temporaries.)
    boost::asio::awaitable<Response> send(Url url, Request request);

    // Sends `request` and returns once the response header has arrived; the body is then
    // pulled piece by piece from the stream as the server sends it. Throws ClientError.
    boost::asio::awaitable<ResponseStream> stream(Url url, Request request);

    ClientStats stats() const;
    // Closes every pooled connection.
    void clearPool();

    struct Shared;

private:
    std::shared_ptr<Shared> m_shared;
};

// A response whose body is still arriving. Move-only. The consumer pulls, so a slow consumer
// slows the server down (TCP back-pressure) instead of filling memory. Destroying the stream
// before the end closes the connection, which is how an upstream call is abandoned.
class ResponseStream final
{
public:
    ResponseStream(ResponseStream &&) noexcept;
    ResponseStream &operator=(ResponseStream &&) noexcept;
    ~ResponseStream();

    const ResponseHeader &header() const noexcept;
    unsigned status() const noexcept;

    // The next piece of body as it arrived (any size, not aligned to chunks or events); valid
    // until the next call. std::nullopt at the end of the body, after which the connection
    // went back to the pool. Throws ClientError (responseStarted() is then true).
    boost::asio::awaitable<std::optional<std::string_view>> next();

    // Reads the rest of the body into one string (bounded by ClientOptions::maxBodyBytes).
    boost::asio::awaitable<std::string> readAll();

    bool done() const noexcept;

    struct State;
    explicit ResponseStream(std::unique_ptr<State> state);

private:
    std::unique_ptr<State> m_state;
};

} // namespace bulkhead::net
