#include "Stages.h"

#include "TenantLimiter.h"

namespace bulkhead::proxy {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

void capAt(json &body, const char *field, std::int64_t cap)
{
    const auto it = body.find(field);
    if (it == body.end() || it->is_null())
        return;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1)
        throw ApiException(ApiErrorCode::InvalidRequest, std::string(field) + ": a whole number from 1", field);
    if (it->get<std::int64_t>() > cap)
        throw ApiException(ApiErrorCode::InvalidRequest,
                           std::string(field) + ": at most " + std::to_string(cap) + " for this tenant", field);
}

} // namespace

boost::asio::awaitable<Next> LimitsStage::run(RequestContext &context)
{
    const auto &limits = context.tenant->limits;
    auto &body = context.body;
    if (context.route == DataRoute::Chat && body.is_object()) {
        if (limits.maxN)
            capAt(body, "n", *limits.maxN);
        if (limits.maxTokens) {
            capAt(body, "max_tokens", *limits.maxTokens);
            capAt(body, "max_completion_tokens", *limits.maxTokens);
            // Unasked, the upstream's own default could exceed the cap.
            if (!body.contains("max_tokens") && !body.contains("max_completion_tokens"))
                body["max_tokens"] = *limits.maxTokens;
        }
    }
    if (!m_services.limiter)
        co_return Next::Continue;
    const bool stream = body.is_object() && body.contains("stream") && body["stream"].is_boolean() &&
                        body["stream"].get<bool>();
    auto admission = m_services.limiter->admit(context.tenant->tenant.id, limits, stream);
    if (admission.refused) {
        context.retryAfterSeconds = admission.refused->retryAfterSeconds;
        m_services.countRateLimited(context.tenant->tenant.id, admission.refused->limit);
        throw ApiException(ApiErrorCode::RateLimitExceeded,
                           "this tenant's " + admission.refused->limit + " limit is reached; retry after " +
                               std::to_string(admission.refused->retryAfterSeconds) + " s");
    }
    context.admission = std::move(admission.slot);
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
