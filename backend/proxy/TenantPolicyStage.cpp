#include "Stages.h"

#include "RequestBody.h"

namespace bulkhead::proxy {
namespace {

using protocol::ApiErrorCode;
using protocol::ApiException;

} // namespace

boost::asio::awaitable<Next> TenantPolicyStage::run(RequestContext &context)
{
    const auto &tenant = *context.tenant;
    if (context.route == DataRoute::Chat && (!tenant.cacheSaltKey || tenant.canary.empty()))
        throw ApiException(ApiErrorCode::PolicyUnavailable,
                           "this tenant's isolation settings are incomplete; nothing was forwarded");
    // The body, parsed once for every later stage.
    // (Documents and retrieval queries are parsed by the retrieval service, once, too.)
    const bool hasBody = context.route == DataRoute::Chat || context.route == DataRoute::Embeddings;
    if (hasBody) {
        context.body = parseRequestBody(context.request.body());
        if (!context.body.is_object())
            throw ApiException(ApiErrorCode::InvalidRequest, "body: must be a JSON object", "body");
        if (context.route == DataRoute::Chat)  // a Responses or completions body becomes a chat one
            context.body = context.dialect->chatRequest(std::move(context.body), tenant.tenant.id);
    }
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
