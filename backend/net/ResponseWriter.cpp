#include "ResponseWriter.h"

namespace bulkhead::net {

boost::asio::awaitable<boost::system::error_code> ResponseWriter::sendJson(http::status status,
                                                                           std::string body)
{
    co_return co_await send(makeResponse(status, std::move(body)));
}

boost::asio::awaitable<boost::system::error_code>
ResponseWriter::sendError(http::status status, std::string_view type, std::string_view code,
                          std::string_view message)
{
    co_return co_await send(makeResponse(status, errorBody(type, code, message)));
}

boost::asio::awaitable<boost::system::error_code>
ResponseWriter::sendError(TransportError error, std::string_view message)
{
    co_return co_await send(makeErrorResponse(error, message));
}

} // namespace bulkhead::net
