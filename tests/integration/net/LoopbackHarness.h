#pragma once

// Helpers for tests that talk real HTTP on 127.0.0.1: run a coroutine to completion on a
// test-owned io_context, and a blocking raw connection for the malformed or slow requests a
// well-behaved client cannot send. Every wait is bounded, so a broken server fails a test
// instead of hanging it.

#include "net/HttpMessage.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace bulkhead::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Runs `work` on `context` (in this thread) until it completes; rethrows its exception.
template <class T>
T runAwaitable(asio::io_context &context, asio::awaitable<T> work,
               std::chrono::seconds limit = std::chrono::seconds(30))
{
    auto future = asio::co_spawn(context, std::move(work), asio::use_future);
    context.restart();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("runAwaitable: the coroutine did not finish in time");
        context.run_one_for(std::chrono::milliseconds(50));
        if (context.stopped())
            context.restart();
    }
    return future.get();
}

// Polls `condition` for up to `limit`; for effects on other threads.
inline bool eventually(const std::function<bool()> &condition,
                       std::chrono::milliseconds limit = std::chrono::milliseconds(5000))
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// A blocking client connection with a receive timeout.
class RawConnection
{
public:
    explicit RawConnection(std::uint16_t port,
                           std::chrono::milliseconds receiveTimeout = std::chrono::milliseconds(5000))
        : m_socket(m_context)
    {
        m_socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(receiveTimeout.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((receiveTimeout.count() % 1000) * 1000);
        ::setsockopt(m_socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }

    void send(std::string_view bytes) { asio::write(m_socket, asio::buffer(bytes)); }

    // The next response, or nothing when the connection closed (or timed out) first.
    std::optional<net::Response> readResponse(bool headRequest = false)
    {
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(headRequest);
        boost::system::error_code ec;
        http::read(m_socket, m_buffer, parser, ec);
        if (ec)
            return std::nullopt;
        return parser.release();
    }

    // Reads until the server closes; false when it did not within the receive timeout.
    bool closedByPeer()
    {
        char sink[4096];
        for (;;) {
            boost::system::error_code ec;
            m_socket.read_some(asio::buffer(sink), ec);
            if (ec == asio::error::eof || ec == asio::error::connection_reset)
                return true;
            if (ec)
                return false;  // the receive timeout
        }
    }

    void close()
    {
        boost::system::error_code ignored;
        m_socket.close(ignored);
    }

    tcp::socket &socket() { return m_socket; }

private:
    asio::io_context m_context;
    tcp::socket m_socket;
    beast::flat_buffer m_buffer;
};

} // namespace bulkhead::testing
