#include "Stages.h"

#include "CacheIsolation.h"
#include "PolicyStore.h"
#include "PromptAssembler.h"

#include <array>

namespace bulkhead::proxy {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

// What a chat request may carry upstream: the OpenAI chat parameters that shape this tenant's
// own answer. `store`/`metadata` (the provider keeps the exchange under the platform's account)
// and engine extras are not among them.
constexpr std::array<std::string_view, 27> kChatFields{
    "model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens",
    "temperature", "top_p", "n", "stop", "presence_penalty", "frequency_penalty", "logit_bias",
    "logprobs", "top_logprobs", "user", "seed", "tools", "tool_choice", "parallel_tool_calls",
    "response_format", "functions", "function_call", "reasoning_effort", "service_tier",
    "cache_salt", "prompt_cache_key"};
constexpr std::array<std::string_view, 5> kEmbeddingFields{"model", "input", "encoding_format", "dimensions",
                                                           "user"};
// Fields that make an engine echo the prompt back or reach state beyond this request (another
// tenant's cached blocks, a template of the caller's choosing): refused, not silently dropped,
// so the client learns why its request does not behave as asked.
constexpr std::array<std::string_view, 7> kRefusedFields{"echo", "prompt_logprobs", "kv_transfer_params",
                                                         "chat_template", "chat_template_kwargs",
                                                         "lora_request", "return_tokens_as_token_ids"};

template<std::size_t N>
bool listed(const std::array<std::string_view, N> &list, std::string_view key)
{
    return std::find(list.begin(), list.end(), key) != list.end();
}

} // namespace

void applyFieldAllowlist(DataRoute route, json &body)
{
    if (!body.is_object())
        return;
    for (auto it = body.begin(); it != body.end();) {
        const std::string &key = it.key();
        if (listed(kRefusedFields, key))
            throw ApiException(ApiErrorCode::InvalidRequest,
                               key + ": not accepted by this gateway (it could echo the prompt or reach "
                                     "state outside this request)",
                               key);
        const bool allowed = route == DataRoute::Chat ? listed(kChatFields, key)
                             : route == DataRoute::Embeddings ? listed(kEmbeddingFields, key)
                                                              : false;
        it = allowed ? std::next(it) : body.erase(it);
    }
}

UpstreamChoice upstreamFor(const PipelineServices &services, const PolicySnapshot &snapshot,
                           const TenantRuntime &tenant)
{
    // Tier 3: only its own dedicated upstream; nobody else's dedicated one, ever.
    const store::UpstreamRecord *upstream = nullptr;
    if (!tenant.upstreamId.empty()) {
        upstream = snapshot.upstream(tenant.upstreamId);
        if (!upstream)
            throw ApiException(ApiErrorCode::UpstreamUnavailable,
                               "this tenant's upstream is not configured; nothing was forwarded");
        if (upstream->dedicatedTenantId && *upstream->dedicatedTenantId != tenant.tenant.id)
            throw ApiException(ApiErrorCode::UpstreamUnavailable,
                               "this tenant is routed to another tenant's dedicated upstream; refused");
    }
    if (tenant.tier() == core::Tier::Dedicated && (!upstream || upstream->dedicatedTenantId != tenant.tenant.id))
        throw ApiException(ApiErrorCode::DedicatedUpstreamRequired,
                           "a Tier 3 tenant is only served by its own dedicated upstream, and none is "
                           "configured; nothing was forwarded");
    if (upstream)
        return {upstream->id, upstream->baseUrl, upstream->caFile};
    if (services.defaultUpstreamUrl.empty())
        throw ApiException(ApiErrorCode::UpstreamUnavailable, "no upstream is configured");
    return {"default", services.defaultUpstreamUrl, services.defaultUpstreamCaFile};
}

boost::asio::awaitable<Next> RouteStage::run(RequestContext &context)
{
    context.upstream = upstreamFor(m_services, *context.snapshot, *context.tenant);

    switch (context.route) {
    case DataRoute::Chat:
        context.upstreamPath = "/chat/completions";
        applyFieldAllowlist(context.route, context.upstreamBody);
        // The client never chooses the cache partition, nor smuggles another tenant's salt.
        context.upstreamBody.erase("cache_salt");
        context.upstreamBody.erase("prompt_cache_key");
        if (m_services.cacheSalt) {
            const auto &keys = cacheKeysOf(*context.tenant);
            context.upstreamBody["cache_salt"] = keys.cacheSalt;
            context.upstreamBody["prompt_cache_key"] = keys.promptCacheKey;
        }
        break;
    case DataRoute::Embeddings: {
        auto &body = context.body;
        if (!body.contains("model") || !body["model"].is_string())
            throw ApiException(ApiErrorCode::InvalidRequest, "model: is required", "model");
        if (!isPlausibleModelName(body["model"].get_ref<const std::string &>()))
            throw ApiException(ApiErrorCode::InvalidRequest,
                               "model: at most 256 bytes, without control characters", "model");
        const auto &input = body.value("input", json());
        if (!(input.is_string() || (input.is_array() && !input.empty())))
            throw ApiException(ApiErrorCode::InvalidRequest, "input: must be a string or a non-empty array",
                               "input");
        context.model = body["model"].get<std::string>();
        context.upstreamBody = std::move(body);
        applyFieldAllowlist(context.route, context.upstreamBody);
        context.upstreamPath = "/embeddings";
        break;
    }
    case DataRoute::Models:
        context.upstreamGet = true;
        context.upstreamPath = "/models";
        break;
    default:
        break;
    }
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
