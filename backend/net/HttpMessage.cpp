#include "HttpMessage.h"

namespace bulkhead::net {

Request makeRequest(http::verb method, std::string body, std::string_view contentType)
{
    Request request{method, "/", 11};
    if (!body.empty() || method == http::verb::post || method == http::verb::put) {
        request.set(http::field::content_type, contentType);
        request.body() = std::move(body);
    }
    return request;
}

Response makeResponse(http::status status, std::string body, std::string_view contentType)
{
    Response response{status, 11};
    response.set(http::field::content_type, contentType);
    response.body() = std::move(body);
    return response;
}

} // namespace bulkhead::net
