#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>

namespace bulkhead::net {

namespace http = boost::beast::http;

// The message types of both the server and the client are Beast's own: every user of this
// layer already speaks them, and wrapping them would only add copies.
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using ResponseHeader = http::response_header<>;

// A request ready for HttpClient: HTTP/1.1, the body and its Content-Type set. The client fills
// in the target and Host from the URL it is sent to.
Request makeRequest(http::verb method, std::string body = {},
                    std::string_view contentType = "application/json");

// A complete response with a body and its Content-Type; the server sets Content-Length.
Response makeResponse(http::status status, std::string body,
                      std::string_view contentType = "application/json");

} // namespace bulkhead::net
