#pragma once

// A handler with one route per behaviour the server and client tests need.

#include "net/HttpServer.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <charconv>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bulkhead::testing {

struct RouteState
{
    std::atomic<bool> gate{false};             // /gated sends its second part once set
    std::atomic<bool> handlerStarted{false};   // /hang and /stall have begun
    std::atomic<bool> handlerCancelled{false}; // /hang saw its wait cancelled
    std::atomic<bool> sawClientGone{false};    // ... and writer.clientGone() was true
    std::atomic<int> completedStreams{0};      // /stream handlers that returned normally
    std::atomic<int> failedStreams{0};         // /stream handlers whose write failed
};

inline int queryInt(std::string_view target, std::string_view name, int fallback)
{
    const auto query = target.find('?');
    if (query == std::string_view::npos)
        return fallback;
    std::string_view rest = target.substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            int value = fallback;
            std::from_chars(pair.data() + eq + 1, pair.data() + pair.size(), value);
            return value;
        }
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    return fallback;
}

// Waits `ms` unless cancelled; returns false when cancelled.
inline boost::asio::awaitable<bool> pause(int ms)
{
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                    std::chrono::milliseconds(ms));
    const auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return !ec;
}

inline boost::asio::awaitable<void> serveTestRoute(std::shared_ptr<RouteState> state,
                                                   net::Request &request,
                                                   net::ResponseWriter &writer)
{
    namespace http = net::http;
    const std::string target(request.target());
    const std::string_view path = std::string_view(target).substr(0, target.find('?'));

    if (path == "/echo") {
        auto response = net::makeResponse(http::status::ok, request.body(), "text/plain");
        response.set("X-Echo-Method", std::string(request.method_string()));
        (void)co_await writer.send(std::move(response));
    } else if (path == "/stream") {
        const int count = queryInt(target, "n", 5);
        const int gap = queryInt(target, "gapms", 0);
        const int size = queryInt(target, "size", 0);  // each event padded to about this size
        net::ResponseHeader header;
        header.set(http::field::content_type, "text/event-stream");
        if (co_await writer.beginStream(std::move(header)))
            co_return;
        for (int i = 0; i < count; ++i) {
            if (gap > 0)
                co_await pause(gap);
            std::string event = "data: chunk-" + std::to_string(i);
            if (static_cast<int>(event.size()) < size)
                event.append(static_cast<std::size_t>(size) - event.size(), char('a' + i % 26));
            event += "\n\n";
            if (co_await writer.writeChunk(event)) {
                ++state->failedStreams;
                co_return;
            }
        }
        (void)co_await writer.endStream();
        ++state->completedStreams;
    } else if (path == "/gated") {
        net::ResponseHeader header;
        header.set(http::field::content_type, "text/event-stream");
        (void)co_await writer.beginStream(std::move(header));
        (void)co_await writer.writeChunk("data: first\n\n");
        // The second part waits until the client has seen the first: proof of streaming.
        bool opened = false;
        for (int i = 0; i < 500 && !opened; ++i) {
            opened = state->gate.load();
            if (!opened)
                co_await pause(10);
        }
        (void)co_await writer.writeChunk(opened ? "data: second\n\n" : "data: late\n\n");
        (void)co_await writer.endStream();
    } else if (path == "/hang") {
        state->handlerStarted = true;
        const bool finished = co_await pause(30'000);
        if (!finished) {
            state->handlerCancelled = true;
            state->sawClientGone = writer.clientGone();
        }
    } else if (path == "/stall") {
        net::ResponseHeader header;
        (void)co_await writer.beginStream(std::move(header));
        (void)co_await writer.writeChunk("partial");
        state->handlerStarted = true;
        co_await pause(queryInt(target, "ms", 30'000));
    } else if (path == "/sleep") {
        co_await pause(queryInt(target, "ms", 1000));
        (void)co_await writer.send(net::makeResponse(http::status::ok, "slept", "text/plain"));
    } else if (path == "/nothing") {
        co_return;
    } else if (path == "/throw") {
        throw std::runtime_error("handler failure on purpose");
    } else {
        (void)co_await writer.sendError(http::status::not_found, "not_found_error",
                                        "route_not_found", "no such test route");
    }
}

inline net::Handler testRoutes(std::shared_ptr<RouteState> state)
{
    return [state](net::Request &request, net::ResponseWriter &writer) {
        return serveTestRoute(state, request, writer);
    };
}

} // namespace bulkhead::testing
