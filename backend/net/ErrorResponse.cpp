#include "ErrorResponse.h"

#include <nlohmann/json.hpp>

#include <array>

namespace bulkhead::net {
namespace {

struct Row
{
    TransportError error;
    TransportErrorInfo info;
};

// "invalid_request" rather than a new "bad_request": protocol's table already owns that code
// for 400s, and a client should not need two names for "your request was malformed".
constexpr std::array kTable{
    Row{TransportError::BadRequest,
        {"invalid_request", http::status::bad_request, "invalid_request_error"}},
    Row{TransportError::BodyTooLarge,
        {"body_too_large", http::status::payload_too_large, "invalid_request_error"}},
    Row{TransportError::HeaderTooLarge,
        {"header_too_large", http::status::request_header_fields_too_large,
         "invalid_request_error"}},
    Row{TransportError::RequestTimeout,
        {"request_timeout", http::status::request_timeout, "invalid_request_error"}},
    Row{TransportError::TooManyConnections,
        {"too_many_connections", http::status::service_unavailable, "server_error"}},
    Row{TransportError::ShuttingDown,
        {"shutting_down", http::status::service_unavailable, "server_error"}},
    Row{TransportError::Internal,
        {"internal_error", http::status::internal_server_error, "server_error"}},
};

} // namespace

const TransportErrorInfo &transportErrorInfo(TransportError error) noexcept
{
    for (const auto &row : kTable)
        if (row.error == error)
            return row.info;
    return kTable.back().info;
}

std::string errorBody(std::string_view type, std::string_view code, std::string_view message)
{
    const nlohmann::json body = {{"error",
                                  {{"type", type},
                                   {"code", code},
                                   {"message", message},
                                   {"param", nullptr}}}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response makeErrorResponse(TransportError error, std::string_view message)
{
    const auto &info = transportErrorInfo(error);
    return makeResponse(info.status, errorBody(info.type, info.code, message));
}

} // namespace bulkhead::net
