#pragma once

#include "HttpMessage.h"

#include <string>
#include <string_view>

namespace bulkhead::net {

// Errors the transport answers on its own, before (or instead of) the handler. Their codes and
// statuses are the rows of the same name in protocol's ApiError table, so a client branches on
// one vocabulary whether the daemon or its HTTP layer answered.
enum class TransportError {
    BadRequest,          // malformed request line, header or chunk framing
    BodyTooLarge,        // body above ServerLimits::maxBodyBytes
    HeaderTooLarge,      // header above ServerLimits::maxHeaderBytes
    RequestTimeout,      // header or body not received in time
    TooManyConnections,  // above ServerLimits::maxConnections
    ShuttingDown,        // the server is draining
    Internal,            // the handler failed before it answered
};

struct TransportErrorInfo
{
    std::string_view code;  // stable wire code
    http::status status;
    std::string_view type;  // OpenAI-style error type
};

const TransportErrorInfo &transportErrorInfo(TransportError error) noexcept;

// {"error":{"type":...,"code":...,"message":...,"param":null}}: the OpenAI shape, so SDKs
// surface the message. Invalid UTF-8 in `message` is replaced rather than thrown on.
std::string errorBody(std::string_view type, std::string_view code, std::string_view message);

Response makeErrorResponse(TransportError error, std::string_view message);

} // namespace bulkhead::net
