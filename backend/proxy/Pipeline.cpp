#include "Pipeline.h"

#include "TenantLimiter.h"
#include "core/Error.h"
#include "core/TenantValidation.h"
#include "crypto/RequestId.h"
#include "crypto/SecureBytes.h"
#include "net/ResponseWriter.h"
#include "scan/EgressFinding.h"
#include "core/JsonText.h"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include <set>

namespace bulkhead::proxy {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;
using protocol::ApiError;
using protocol::ApiErrorCode;
using protocol::ApiException;

std::int64_t nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool crossTenant(const scan::EgressFinding &f, const std::string &requester)
{
    return !f.ownerTenantId.empty() && f.ownerTenantId != requester &&
           f.kind != scan::LeakKind::SelfSystemPrompt;
}

constexpr std::size_t kMaxKeptContent = 256 * 1024;

} // namespace

std::string_view metricsLabel(DataRoute route) noexcept
{
    switch (route) {
    case DataRoute::Chat: return "chat";
    case DataRoute::Embeddings: return "embeddings";
    case DataRoute::Models: return "models";
    case DataRoute::Documents: return "documents";
    case DataRoute::DocumentRemove: return "documents";
    case DataRoute::Retrieve: return "retrieve";
    }
    return "other";
}

std::string_view auditRoute(DataRoute route) noexcept
{
    switch (route) {
    case DataRoute::Chat: return "/v1/chat/completions";
    case DataRoute::Embeddings: return "/v1/embeddings";
    case DataRoute::Models: return "/v1/models";
    case DataRoute::Documents: return "/v1/documents";
    case DataRoute::DocumentRemove: return "/v1/documents/{id}";
    case DataRoute::Retrieve: return "/v1/retrieve";
    }
    return "other";
}

scan::EgressPolicy egressPolicyFor(const scan::EgressPolicy &defaults, const TenantRuntime &tenant)
{
    scan::EgressPolicy policy = defaults;
    if (const auto action = scan::parseEgressAction(tenant.egressCrossTenant))
        policy.crossTenant = *action;
    if (tenant.egressSelfLeak == "off")
        policy.detectSelfLeak = false;
    else if (const auto self = scan::parseEgressAction(tenant.egressSelfLeak))
        policy.selfLeak = *self;
    return policy;
}

const std::string &ingressActionFor(const PipelineServices &services, const TenantRuntime &tenant)
{
    return tenant.ingressPrompt.empty() ? services.ingressAction : tenant.ingressPrompt;
}

void openAuditRecord(RequestContext &context)
{
    auto &record = context.audit;
    record.tenantId = context.tenant->tenant.id;
    record.recordedAtUs = nowUs();
    record.requestId = crypto::newRequestId();
    record.principal = context.keyId;
    record.route = context.route == DataRoute::Chat ? std::string(context.dialect->route())
                                                    : std::string(auditRoute(context.route));
    if (!context.request.body().empty())
        record.promptSha256 = crypto::toHex(crypto::sha256(context.request.body()));
}

void noteFindings(RequestContext &context, const std::vector<scan::EgressFinding> &findings)
{
    const std::string &requester = context.tenant->tenant.id;
    for (const auto &f : findings) {
        // Whose material it was is for the owner's chain and the platform's, never the
        // requester's: its auditor must not learn another tenant's name or confirm a guess.
        const std::string owner = f.kind == scan::LeakKind::SecretFormat ? "platform"
                                  : crossTenant(f, requester)           ? "another_tenant"
                                                                        : "self";
        audit::AuditFinding entry{owner, std::string(scan::toString(f.kind))};
        if (std::find(context.audit.findings.begin(), context.audit.findings.end(), entry) ==
            context.audit.findings.end())
            context.audit.findings.push_back(std::move(entry));
    }
}

asio::awaitable<void> Pipeline::notifyOwners(const RequestContext &context,
                                             const std::vector<scan::EgressFinding> &findings)
{
    const std::string &requester = context.tenant->tenant.id;
    std::set<std::pair<std::string, std::string>> owners;  // (owner, kind)
    for (const auto &f : findings)
        if (crossTenant(f, requester))
            owners.emplace(f.ownerTenantId, std::string(scan::toString(f.kind)));
    for (const auto &[owner, kind] : owners) {
        for (const bool platform : {false, true}) {
            audit::AuditRecord record;
            record.tenantId = platform ? std::string(core::kPlatformAuditScope) : owner;
            record.recordedAtUs = nowUs();
            record.requestId = context.audit.requestId;
            record.principal = requester;  // who received (or was refused) the owner's material
            record.route = "egress/" + std::string(metricsLabel(context.route));
            record.decision = audit::Decision::Blocked;
            record.reasons = {"cross_tenant_material"};
            record.findings.push_back({platform ? owner : std::string("self"), kind});
            if (!co_await m_services.commitAudit(std::move(record)))
                m_services.log("error", "audit_append_failed", "owner notification not stored");
        }
    }
}

asio::awaitable<void> Pipeline::run(RequestContext &context, std::span<Stage *const> stages)
{
    try {
        for (Stage *stage : stages) {
            const auto began = RequestContext::Clock::now();
            const Next next = co_await stage->run(context);
            timeStep(stage->name(), began);
            if (next == Next::Done)
                break;
        }
    } catch (const ApiException &e) {
        context.failure = e.error();
        if (context.exit == Exit::Answered)
            context.exit = Exit::Refused;
    } catch (const core::Error &e) {
        context.failure = ApiError::fromDomain(e);
        if (e.code() == core::ErrorCode::Internal) {
            context.exit = Exit::Crashed;
            m_services.log("error", "internal", e.what());
        } else if (context.exit == Exit::Answered) {
            context.exit = Exit::Refused;
        }
    } catch (const boost::system::system_error &e) {
        // A disconnect cancels the handler: Asio throws at its next suspension.
        if (e.code() == asio::error::operation_aborted) {
            context.exit = Exit::ClientGone;
        } else {
            context.exit = Exit::Crashed;
            context.failure = ApiError{ApiErrorCode::Internal, "internal error", {}};
            m_services.log("error", "internal", e.what());
        }
    } catch (const std::exception &e) {
        context.exit = Exit::Crashed;
        context.failure = ApiError{ApiErrorCode::Internal, "internal error", {}};
        m_services.log("error", "internal", e.what());
    }
    if (context.writer.clientGone())
        context.exit = Exit::ClientGone;
    // The record is written even when the client's disconnect cancelled this coroutine.
    co_await asio::this_coro::reset_cancellation_state();
    co_await finalise(context);
}

asio::awaitable<void> Pipeline::sendError(RequestContext &context, const ApiError &error)
{
    auto &writer = context.writer;
    context.status = error.httpStatus();
    if (writer.state() == net::ResponseWriter::State::Idle) {
        auto response = net::makeResponse(static_cast<http::status>(error.httpStatus()), error.toBody());
        if (!context.audit.requestId.empty())
            response.set("X-Bulkhead-Request-Id", context.audit.requestId);
        if (error.code == ApiErrorCode::RateLimitExceeded && context.retryAfterSeconds > 0)
            response.set(http::field::retry_after, std::to_string(context.retryAfterSeconds));
        co_await writer.send(std::move(response));
    } else if (writer.state() == net::ResponseWriter::State::Streaming) {
        // The header is out: report in-band, as OpenAI-compatible servers do.
        co_await writer.writeChunk((context.streamOut ? *context.streamOut : chatStream()).failure(error));
        co_await writer.endStream();
    }
}

asio::awaitable<void> Pipeline::finalise(RequestContext &context)
{
    auto &writer = context.writer;
    if (!context.tenant) {
        // Never authenticated: there is no tenant chain to write to (counted in metrics).
        if (context.failure)
            co_await sendError(context, *context.failure);
        co_return;
    }
    auto &record = context.audit;
    if (record.requestId.empty())
        openAuditRecord(context);
    record.model = context.model.substr(0, 200);
    record.upstream = context.upstream.id;
    record.documentIds = context.contextDocuments;
    if (context.injectionVerdict != "allow")
        record.reasons.push_back("ingress_" + context.injectionVerdict);
    switch (context.exit) {
    case Exit::Answered:
        record.decision = audit::Decision::Allowed;
        break;
    case Exit::ClientGone:
        record.decision = audit::Decision::Allowed;  // as far as it got
        record.reasons.push_back("client_disconnected");
        break;
    case Exit::ContentBlocked:
        record.decision = audit::Decision::Blocked;
        record.reasons.push_back("content_blocked");
        break;
    case Exit::Refused:
    case Exit::UpstreamFailed:
    case Exit::Crashed:
        record.decision = audit::Decision::Blocked;
        if (context.failure)
            record.reasons.push_back(std::string(protocol::apiErrorInfo(context.failure->code).code));
        else if (context.exit != Exit::UpstreamFailed)  // (an upstream's own error status is noted)
            record.reasons.push_back("internal_error");
        break;
    }
    record.latencyMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(RequestContext::Clock::now() - context.started).count();
    bool stored = true;
    if (context.tenant->auditContent && (context.exit == Exit::Answered || context.exit == Exit::ContentBlocked)) {
        // The prompt as sent and the response as delivered (capped), sealed with the tenant's
        // audit-content key; failing to seal fails the request closed like a failed write.
        const json content{{"prompt", context.request.body().substr(0, kMaxKeptContent)},
                           {"response", context.delivered.substr(0, kMaxKeptContent)}};
        try {
            const auto began = RequestContext::Clock::now();
            record.sealedContent = co_await m_services.sealContent(
                record.tenantId, core::jsonText(content), record.requestId);
            timeStep("audit_seal", began);
        } catch (const std::exception &e) {
            m_services.log("error", "audit_seal_failed", e.what());
            stored = false;
        }
    }
    const std::string requestId = record.requestId;
    if (m_services.limiter)  // the tenant's tokens-per-minute window counts what was used
        m_services.limiter->chargeTokens(record.tenantId, record.promptTokens + record.completionTokens);
    if (stored) {
        const auto began = RequestContext::Clock::now();
        stored = co_await m_services.commitAudit(std::move(record));
        timeStep("audit_commit", began);
    }
    if (context.exit == Exit::ClientGone) {
        context.status = 499;
        co_return;
    }
    if (!stored) {
        const ApiError unaudited{ApiErrorCode::PolicyUnavailable,
                                 "the audit record could not be stored; the response was withheld", {}};
        co_await sendError(context, unaudited);
        co_return;
    }
    const auto replyBegan = RequestContext::Clock::now();
    if (context.reply) {
        context.status = static_cast<int>(context.reply->result_int());
        context.reply->set("X-Bulkhead-Request-Id", requestId);
        co_await writer.send(std::move(*context.reply));
    } else if (context.failure) {
        co_await sendError(context, *context.failure);
    } else if (context.streaming) {
        if (!context.streamTail.empty())
            co_await writer.writeChunk(context.streamTail);
        co_await writer.endStream();
    }
    timeStep("reply", replyBegan);
}

void Pipeline::timeStep(std::string_view step, RequestContext::Clock::time_point began) const
{
    if (m_services.timeStep)
        m_services.timeStep(step, RequestContext::Clock::now() - began);
}

} // namespace bulkhead::proxy
