#include "RequestBody.h"

#include "core/JsonLimits.h"
#include "core/JsonParse.h"
#include "protocol/ApiError.h"

namespace bulkhead::proxy {

nlohmann::json parseRequestBody(std::string_view body)
{
    using protocol::ApiErrorCode;
    using protocol::ApiException;
    bool tooDeep = false;
    auto parsed = core::parseJson(body, core::kMaxJsonDepth, &tooDeep);
    if (tooDeep)
        throw ApiException(ApiErrorCode::InvalidJson, "the JSON body is nested too deeply");
    if (!parsed)  // also a number out of range (1e999)
        throw ApiException(ApiErrorCode::InvalidJson, "the body is not valid JSON (UTF-8)");
    return std::move(*parsed);
}

} // namespace bulkhead::proxy
