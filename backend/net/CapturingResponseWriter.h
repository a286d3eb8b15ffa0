#pragma once

#include "ResponseWriter.h"

#include <string>

namespace bulkhead::net {

// A ResponseWriter that keeps what a handler answers instead of sending it: the status, the
// header and the body (a streamed body as the concatenation of its chunks). The daemon's own
// probes serve their requests through the real handler with it, in process, so they exercise
// exactly the path a client's request takes after the socket.
class CapturingResponseWriter final : public ResponseWriter
{
public:
    boost::asio::awaitable<boost::system::error_code> send(Response response) override;
    boost::asio::awaitable<boost::system::error_code> beginStream(ResponseHeader header) override;
    boost::asio::awaitable<boost::system::error_code> writeChunk(std::string_view data) override;
    boost::asio::awaitable<boost::system::error_code> endStream() override;

    State state() const noexcept override { return m_state; }
    bool clientGone() const noexcept override { return false; }
    const boost::asio::ip::tcp::endpoint &remoteEndpoint() const noexcept override;
    bool secure() const noexcept override { return false; }

    unsigned status() const noexcept { return m_header.result_int(); }
    const ResponseHeader &header() const noexcept { return m_header; }
    const std::string &body() const noexcept { return m_body; }
    bool streamed() const noexcept { return m_streamed; }

private:
    State m_state = State::Idle;
    ResponseHeader m_header;
    std::string m_body;
    bool m_streamed = false;
};

} // namespace bulkhead::net
