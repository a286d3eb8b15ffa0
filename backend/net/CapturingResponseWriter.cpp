#include "CapturingResponseWriter.h"

namespace bulkhead::net {

boost::asio::awaitable<boost::system::error_code> CapturingResponseWriter::send(Response response)
{
    m_header = response.base();
    m_body = std::move(response.body());
    m_state = State::Done;
    co_return boost::system::error_code{};
}

boost::asio::awaitable<boost::system::error_code> CapturingResponseWriter::beginStream(ResponseHeader header)
{
    m_header = std::move(header);
    m_streamed = true;
    m_state = State::Streaming;
    co_return boost::system::error_code{};
}

boost::asio::awaitable<boost::system::error_code> CapturingResponseWriter::writeChunk(std::string_view data)
{
    m_body.append(data);
    co_return boost::system::error_code{};
}

boost::asio::awaitable<boost::system::error_code> CapturingResponseWriter::endStream()
{
    m_state = State::Done;
    co_return boost::system::error_code{};
}

const boost::asio::ip::tcp::endpoint &CapturingResponseWriter::remoteEndpoint() const noexcept
{
    static const boost::asio::ip::tcp::endpoint loopback(boost::asio::ip::address_v4::loopback(), 0);
    return loopback;
}

} // namespace bulkhead::net
