#include "DataPlane.h"

#include "PolicyStore.h"
#include "core/Error.h"
#include "core/JsonLimits.h"
#include "protocol/ApiError.h"
#include "proxy/PromptAssembler.h"
#include "scan/IngressScanner.h"

#include <nlohmann/json.hpp>

namespace bulkhead::daemon {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

json parseJsonBody(std::string_view body)
{
    if (core::jsonNestingDepth(body) > core::kMaxJsonDepth)
        throw ApiException(ApiErrorCode::InvalidJson, "the JSON body is nested too deeply");
    try {
        return json::parse(body);
    } catch (const json::exception &) {  // also out_of_range (1e999)
        throw ApiException(ApiErrorCode::InvalidJson, "the body is not valid JSON (UTF-8)");
    }
}


std::string_view bearerOf(std::string_view authorization)
{
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() <= kScheme.size())
        return {};
    // The scheme is case-insensitive (RFC 7235).
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
            std::tolower(static_cast<unsigned char>(kScheme[i])))
            return {};
    auto token = authorization.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    return token;
}

} // namespace

DataPlane::DataPlane(PolicyStore &policy, const DaemonConfig &config)
    : m_policy(policy), m_config(config)
{
}

ForwardPlan DataPlane::authenticate(std::string_view authorization, std::string route) const
{
    ForwardPlan plan;
    plan.route = std::move(route);
    if (authorization.empty())
        throw ApiException(ApiErrorCode::MissingApiKey,
                           "send your Bulkhead API key as Authorization: Bearer bh_live_...");
    plan.snapshot = m_policy.current();
    if (!plan.snapshot)
        throw ApiException(ApiErrorCode::PolicyUnavailable,
                           "the tenant policy store is unavailable; nothing was forwarded");
    auto caller = plan.snapshot->authenticateTenant(bearerOf(authorization));
    if (!caller)
        throw ApiException(ApiErrorCode::InvalidApiKey,
                           "the API key is not valid or has been revoked");
    plan.caller = std::move(*caller);
    return plan;
}

UpstreamChoice DataPlane::upstreamFor(const PolicySnapshot &snapshot,
                                     const proxy::TenantRuntime &tenant) const
{
    const store::UpstreamRecord *upstream = nullptr;
    if (!tenant.upstreamId.empty()) {
        upstream = snapshot.upstream(tenant.upstreamId);
        if (!upstream)
            throw ApiException(ApiErrorCode::UpstreamUnavailable,
                               "this tenant's upstream is not configured; nothing was forwarded");
        // A dedicated endpoint serves exactly its tenant, whatever else is misconfigured.
        if (upstream->dedicatedTenantId && *upstream->dedicatedTenantId != tenant.tenant.id)
            throw ApiException(ApiErrorCode::UpstreamUnavailable,
                               "this tenant is routed to another tenant's dedicated upstream; "
                               "refused");
    }
    if (tenant.tier() == core::Tier::Dedicated &&
        (!upstream || upstream->dedicatedTenantId != tenant.tenant.id)) {
        throw ApiException(ApiErrorCode::DedicatedUpstreamRequired,
                           "a Tier 3 tenant is only served by its own dedicated upstream, and "
                           "none is configured; nothing was forwarded");
    }
    if (upstream)
        return {upstream->id, upstream->baseUrl, upstream->caFile};
    if (m_config.upstreamUrl.empty())
        throw ApiException(ApiErrorCode::UpstreamUnavailable, "no upstream is configured");
    return {"default", m_config.upstreamUrl, m_config.upstreamCaFile};
}

void DataPlane::chooseUpstream(ForwardPlan &plan) const
{
    auto choice = upstreamFor(*plan.snapshot, *plan.caller.tenant);
    plan.upstreamBaseUrl = std::move(choice.baseUrl);
    plan.upstreamCaFile = std::move(choice.caFile);
    plan.upstreamId = std::move(choice.id);
}

ForwardPlan DataPlane::planChat(std::string_view authorization, std::string_view body) const
{
    ForwardPlan plan = authenticate(authorization, "chat");
    const auto &tenant = *plan.caller.tenant;
    if (!tenant.cacheSaltKey || tenant.canary.empty())
        throw ApiException(ApiErrorCode::PolicyUnavailable,
                           "this tenant's isolation settings are incomplete; nothing was "
                           "forwarded");
    proxy::AssembleOptions options;
    options.applyCacheSalt = m_config.cacheSalt;
    const json request = parseJsonBody(body);
    auto assembled = proxy::assembleChat(request, tenant, options);
    const auto injection = scan::IngressScanner::builtin()->scanPrompt(proxy::lastUserText(request));
    plan.injectionScore = injection.score;
    plan.injectionVerdict = std::string(scan::toString(injection.verdict));
    for (const auto &reason : injection.reasons)
        plan.injectionReasons.push_back(reason.id);
    const std::string &action =
        tenant.ingressPrompt.empty() ? m_config.ingressAction : tenant.ingressPrompt;
    if (injection.verdict == scan::IngressVerdict::Block && action == "block")
        throw ApiException(ApiErrorCode::ContentBlocked,
                           "the prompt was refused: it scores as a prompt-injection attempt");
    chooseUpstream(plan);
    plan.upstreamPath = "/chat/completions";
    plan.stream = assembled.stream;
    plan.model = assembled.model;
    plan.body = assembled.upstreamBody.dump(-1, ' ', false, json::error_handler_t::strict);
    return plan;
}

ForwardPlan DataPlane::planEmbeddings(std::string_view authorization, std::string_view body) const
{
    ForwardPlan plan = authenticate(authorization, "embeddings");
    json doc = parseJsonBody(body);
    if (!doc.is_object())
        throw ApiException(ApiErrorCode::InvalidRequest, "body: must be a JSON object", "body");
    if (!doc.contains("model") || !doc["model"].is_string())
        throw ApiException(ApiErrorCode::InvalidRequest, "model: is required", "model");
    if (!proxy::isPlausibleModelName(doc["model"].get_ref<const std::string &>()))
        throw ApiException(ApiErrorCode::InvalidRequest,
                           "model: at most 256 bytes, without control characters", "model");
    const auto &input = doc.value("input", json());
    if (!(input.is_string() || (input.is_array() && !input.empty())))
        throw ApiException(ApiErrorCode::InvalidRequest,
                           "input: must be a string or a non-empty array", "input");
    doc.erase("cache_salt");
    plan.model = doc["model"].get<std::string>();
    chooseUpstream(plan);
    plan.upstreamPath = "/embeddings";
    plan.body = doc.dump();
    return plan;
}

ForwardPlan DataPlane::planModels(std::string_view authorization) const
{
    ForwardPlan plan = authenticate(authorization, "models");
    chooseUpstream(plan);
    plan.method = "GET";
    plan.upstreamPath = "/models";
    return plan;
}

} // namespace bulkhead::daemon
