#pragma once

#include "Pipeline.h"

namespace bulkhead::proxy {

// The data plane's stages, in the order a chat request meets them. One file each; every stage
// continues or ends the request (a protocol::ApiException becomes the local JSON error reply).

// Tenant API key -> the tenant and the policy snapshot the request runs under.
class AuthenticateStage final : public Stage
{
public:
    explicit AuthenticateStage(PipelineServices &services) : m_services(services) {}
    std::string_view name() const noexcept override { return "authenticate"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    PipelineServices &m_services;
};

// The tenant's own settings are complete, and the body is parsed once (depth-checked) into the
// context for every later stage.
class TenantPolicyStage final : public Stage
{
public:
    std::string_view name() const noexcept override { return "tenant_policy"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;
};

// The tenant's limits: caps on `n` and `max_tokens` (invalid_request naming the field), then
// admission (requests per second, requests and streams in flight, tokens per minute): over a
// limit the request ends with 429 rate_limit_exceeded and Retry-After, audited and counted.
class LimitsStage final : public Stage
{
public:
    explicit LimitsStage(PipelineServices &services) : m_services(services) {}
    std::string_view name() const noexcept override { return "limits"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    PipelineServices &m_services;
};

// Retrieval-augmented chat: {"bulkhead": {"retrieval": {"top_k": K}}} adds the tenant's own
// best chunks before its last user message (the only path to the store takes the tenant scope).
class RetrieveStage final : public Stage
{
public:
    explicit RetrieveStage(PipelineServices &services) : m_services(services) {}
    std::string_view name() const noexcept override { return "retrieve"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    PipelineServices &m_services;
};

// The upstream request from the client's: the tenant's system prompt (with its canary) first,
// client system messages appended or refused per tenant, the OpenAI shape validated.
class AssemblePromptStage final : public Stage
{
public:
    std::string_view name() const noexcept override { return "assemble_prompt"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;
};

// The user prompt and any retrieved text, scored for prompt injection; flagged or refused per
// the tenant's (or the platform's) action.
class IngressScanStage final : public Stage
{
public:
    explicit IngressScanStage(PipelineServices &services) : m_services(services) {}
    std::string_view name() const noexcept override { return "ingress_scan"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    PipelineServices &m_services;
};

// Where the request may go (Tier 3: only its dedicated upstream), with the tenant's cache
// partition and only allow-listed request fields.
class RouteStage final : public Stage
{
public:
    explicit RouteStage(PipelineServices &services) : m_services(services) {}
    std::string_view name() const noexcept override { return "route"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    PipelineServices &m_services;
};

// The upstream exchange: the tenant's upstream answers (whole, or the head of a stream), or the
// failure is recorded (an upstream error answer is summarised, never passed through).
class UpstreamStage final : public Stage
{
public:
    explicit UpstreamStage(PipelineServices &services) : m_services(services) {}
    std::string_view name() const noexcept override { return "upstream"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    PipelineServices &m_services;
};

// Everything the upstream answers, whole or streamed, goes through the one ResponseWalker for
// the requesting tenant before the client sees it; cross-tenant findings are recorded in the
// owner's chain.
class EgressScanStage final : public Stage
{
public:
    EgressScanStage(PipelineServices &services, Pipeline &pipeline) : m_services(services), m_pipeline(pipeline) {}
    std::string_view name() const noexcept override { return "egress_scan"; }
    boost::asio::awaitable<Next> run(RequestContext &context) override;

private:
    boost::asio::awaitable<Next> whole(RequestContext &context);
    boost::asio::awaitable<Next> streamed(RequestContext &context);

    PipelineServices &m_services;
    Pipeline &m_pipeline;
};

// Where this tenant's traffic may go (Tier 3: only its dedicated upstream). Throws
// protocol::ApiException when no permitted upstream exists.
UpstreamChoice upstreamFor(const PipelineServices &services, const PolicySnapshot &snapshot,
                           const TenantRuntime &tenant);

// Sets the platform's credential on a request to the shared default upstream (a tenant's own
// upstream never sees it). Every upstream call of the data plane and the probes goes through it.
void authorizeForUpstream(net::Request &request, const UpstreamChoice &upstream, const PipelineServices &services);

// Which fields of a client's request may travel upstream, per route (documented in the README).
// Anything else is dropped; fields that would echo the prompt or reach another tenant's state
// are refused with invalid_request naming the field.
void applyFieldAllowlist(DataRoute route, nlohmann::json &body);

} // namespace bulkhead::proxy
