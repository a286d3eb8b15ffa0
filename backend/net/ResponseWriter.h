#pragma once

#include "ErrorResponse.h"
#include "HttpMessage.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <string_view>

namespace bulkhead::net {

// The handler's side of one response. Exactly one of two shapes per request:
//   - complete: `co_await send(response)` (or sendJson/sendError), once;
//   - streaming: `co_await beginStream(header)`, then `co_await writeChunk(bytes)` as often as
//     needed, then `co_await endStream()`.
// Every call completes only when the bytes are handed to the kernel, so a slow client slows the
// handler down (back-pressure) instead of growing a queue. Calls return the write error instead
// of throwing: once a write failed the client is gone and later calls fail at once.
//
// The server owns framing and connection management: it sets the HTTP version, Content-Length
// or chunked encoding, and keep-alive (a handler may only ask for `Connection: close`).
class ResponseWriter
{
public:
    enum class State { Idle, Streaming, Done };

    virtual ~ResponseWriter() = default;

    virtual boost::asio::awaitable<boost::system::error_code> send(Response response) = 0;

    // Sends the header of a streamed response: chunked for HTTP/1.1 clients, close-delimited
    // for HTTP/1.0 ones. Any Content-Length in `header` is dropped.
    virtual boost::asio::awaitable<boost::system::error_code> beginStream(ResponseHeader header) = 0;
    // Sends `data` as one chunk at once (no buffering: SSE events must not wait). Empty data is
    // a no-op, since an empty chunk would end the body.
    virtual boost::asio::awaitable<boost::system::error_code> writeChunk(std::string_view data) = 0;
    virtual boost::asio::awaitable<boost::system::error_code> endStream() = 0;

    virtual State state() const noexcept = 0;
    // True once the server saw the client close its side (or a write failed). The handler
    // coroutine is also cancelled then; see HttpServer.
    virtual bool clientGone() const noexcept = 0;
    virtual const boost::asio::ip::tcp::endpoint &remoteEndpoint() const noexcept = 0;
    virtual bool secure() const noexcept = 0;

    boost::asio::awaitable<boost::system::error_code> sendJson(http::status status,
                                                               std::string body);
    boost::asio::awaitable<boost::system::error_code> sendError(http::status status,
                                                                std::string_view type,
                                                                std::string_view code,
                                                                std::string_view message);
    boost::asio::awaitable<boost::system::error_code> sendError(TransportError error,
                                                                std::string_view message);
};

} // namespace bulkhead::net
