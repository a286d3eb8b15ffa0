#include "Stages.h"

#include "core/JsonLimits.h"
#include "core/JsonParse.h"

namespace bulkhead::proxy {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

} // namespace

boost::asio::awaitable<Next> TenantPolicyStage::run(RequestContext &context)
{
    const auto &tenant = *context.tenant;
    if (context.route == DataRoute::Chat && (!tenant.cacheSaltKey || tenant.canary.empty()))
        throw ApiException(ApiErrorCode::PolicyUnavailable,
                           "this tenant's isolation settings are incomplete; nothing was forwarded");
    // The body, parsed once for every later stage: depth first, so hostile nesting is refused in
    // linear time before anything recursive sees it.
    // (Documents and retrieval queries are parsed by the retrieval service, once, too.)
    const bool hasBody = context.route == DataRoute::Chat || context.route == DataRoute::Embeddings;
    if (hasBody) {
        const std::string &body = context.request.body();
        if (core::jsonNestingDepth(body) > core::kMaxJsonDepth)
            throw ApiException(ApiErrorCode::InvalidJson, "the JSON body is nested too deeply");
        auto parsed = core::parseJson(body);
        if (!parsed)  // also a number out of range (1e999)
            throw ApiException(ApiErrorCode::InvalidJson, "the body is not valid JSON (UTF-8)");
        context.body = std::move(*parsed);
        if (!context.body.is_object())
            throw ApiException(ApiErrorCode::InvalidRequest, "body: must be a JSON object", "body");
        if (context.route == DataRoute::Chat)  // a Responses or completions body becomes a chat one
            context.body = context.dialect->chatRequest(std::move(context.body), tenant.tenant.id);
    }
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
