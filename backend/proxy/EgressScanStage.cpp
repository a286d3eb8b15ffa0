#include "Stages.h"

#include "ResponseWalker.h"
#include "SseResponseFilter.h"
#include "crypto/SecureBytes.h"
#include "net/HttpClient.h"
#include "net/ResponseWriter.h"
#include "scan/EgressScannerHolder.h"
#include "core/JsonText.h"

#include <boost/asio/error.hpp>

namespace bulkhead::proxy {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using protocol::ApiError;
using protocol::ApiErrorCode;
using protocol::ApiException;

constexpr std::size_t kMaxKeptContent = 256 * 1024;

ApiError contentBlocked()
{
    return {ApiErrorCode::ContentBlocked,
            "the response was withheld: it contained material protected by another tenant's or the platform's "
            "isolation policy",
            {}};
}

ApiError invalidAnswer(const std::string &why)
{
    return {ApiErrorCode::UpstreamInvalidResponse, why, {}};
}

} // namespace

boost::asio::awaitable<Next> EgressScanStage::run(RequestContext &context)
{
    // (No co_await inside ?: — GCC 12 destroys such temporaries twice.)
    if (context.upstreamStream)
        co_return co_await streamed(context);
    co_return co_await whole(context);
}

// Findings go to the requester's record by kind, to the operator's log without names, and to
// the owner's own chain with the requester.
static void report(PipelineServices &services, RequestContext &context,
                   const std::vector<scan::EgressFinding> &findings)
{
    const std::string &tenant = context.tenant->tenant.id;
    for (const auto &f : findings) {
        const std::string kind(scan::toString(f.kind));
        if (f.action != scan::EgressAction::Flag)
            services.countBlock(tenant, "egress_" + kind);
        services.log("warning", "egress_finding",
                     "tenant=" + tenant + " kind=" + kind + " action=" + std::string(scan::toString(f.action)) +
                         " request=" + context.audit.requestId);
    }
    noteFindings(context, findings);
}

boost::asio::awaitable<Next> EgressScanStage::whole(RequestContext &context)
{
    auto &answer = *context.upstreamAnswer;
    json object;
    std::optional<ApiError> invalid;
    try {
        object = parseUpstreamObject(answer.body());
    } catch (const UpstreamShapeError &e) {
        invalid = invalidAnswer(e.what());
    }
    if (invalid) {
        context.exit = Exit::UpstreamFailed;
        throw ApiException(*invalid);
    }
    // Embeddings and model lists go through the same walker: they have no choices, and every
    // string in them is scanned where it stands.
    ResponseWalker walker(m_services.egress.current(), context.tenant->tenant.id,
                          egressPolicyFor(m_services.egressDefaults, *context.tenant), ResponseWalker::Mode::Whole);
    WalkOutput walked;
    try {
        walked = walker.walk(std::move(object));
    } catch (const UpstreamShapeError &e) {
        invalid = invalidAnswer(e.what());
    }
    if (invalid) {
        context.exit = Exit::UpstreamFailed;
        throw ApiException(*invalid);
    }
    report(m_services, context, walked.findings);
    context.audit.promptTokens = walker.usage().promptTokens;
    context.audit.completionTokens = walker.usage().completionTokens;
    co_await m_pipeline.notifyOwners(context, walked.findings);
    if (walked.blocked) {
        context.exit = Exit::ContentBlocked;
        context.reply = net::makeResponse(http::status::forbidden, contentBlocked().toBody());
        co_return Next::Done;
    }
    std::string body = core::jsonText(context.dialect->answer(std::move(walked.objects.front()), context.audit.requestId));
    context.audit.responseSha256 = crypto::toHex(crypto::sha256(body));
    if (context.tenant->auditContent)
        context.delivered = body.substr(0, kMaxKeptContent);
    context.reply = net::makeResponse(http::status::ok, std::move(body));
    co_return Next::Done;
}

boost::asio::awaitable<Next> EgressScanStage::streamed(RequestContext &context)
{
    auto &stream = *context.upstreamStream;
    net::ResponseHeader header;
    header.result(http::status::ok);
    header.set(http::field::content_type, "text/event-stream");
    header.set(http::field::cache_control, "no-cache");
    header.set("X-Accel-Buffering", "no");
    header.set("X-Bulkhead-Request-Id", context.audit.requestId);
    if (co_await context.writer.beginStream(std::move(header))) {
        context.upstreamStream.reset();  // dropping the stream cancels the upstream call
        context.exit = Exit::ClientGone;
        co_return Next::Done;
    }
    context.streaming = true;
    ResponseWalker walker(m_services.egress.current(), context.tenant->tenant.id,
                          egressPolicyFor(m_services.egressDefaults, *context.tenant), ResponseWalker::Mode::Stream);
    context.streamOut = context.dialect->stream(context.audit.requestId);
    SseResponseFilter filter(walker, SseResponseFilter::kMaxEventBytes, *context.streamOut);
    std::vector<scan::EgressFinding> all;
    std::optional<ApiError> failed;
    const bool keep = context.tenant->auditContent;
    SseResponseFilter::Output out;
    bool upstreamEnded = false;
    bool clientGone = false;
    // (Plain loops and no co_await in a handler or a lambda: GCC 12's coroutines are fragile.)
    for (;;) {
        std::optional<std::string_view> piece;
        try {
            piece = co_await stream.next();
        } catch (const net::ClientError &e) {
            if (e.kind() == net::ClientErrorKind::Cancelled)
                clientGone = true;
            else
                failed = ApiError{ApiErrorCode::UpstreamError, "the upstream failed mid-exchange", {}};
        }
        if (clientGone || failed)
            break;
        if (piece) {
            out = filter.feed(*piece);
        } else {
            upstreamEnded = true;
            out = filter.finish();  // ended without [DONE]: flush what is held back
        }
        report(m_services, context, out.findings);
        all.insert(all.end(), out.findings.begin(), out.findings.end());
        if (keep && context.delivered.size() < kMaxKeptContent)
            context.delivered += out.bytes;
        if (!out.bytes.empty() && co_await context.writer.writeChunk(out.bytes)) {
            clientGone = true;  // the client left
            break;
        }
        if (upstreamEnded || out.blocked || out.invalid || out.done)
            break;
    }
    if (clientGone) {
        context.upstreamStream.reset();  // dropping the stream cancels the upstream call
        context.exit = Exit::ClientGone;
        co_return Next::Done;
    }
    if (failed)
        m_services.countUpstreamError("mid_stream");
    context.upstreamStream.reset();  // nothing more is read: a blocked answer is abandoned
    context.audit.promptTokens = walker.usage().promptTokens;
    context.audit.completionTokens = walker.usage().completionTokens;
    co_await m_pipeline.notifyOwners(context, all);
    if (failed) {
        // Text still held back is dropped, never flushed unscanned.
        context.exit = Exit::UpstreamFailed;
        throw ApiException(*failed);
    }
    if (out.invalid) {
        context.exit = Exit::UpstreamFailed;
        throw ApiException(invalidAnswer("the upstream sent a stream event Bulkhead cannot scan"));
    }
    if (out.blocked) {
        context.exit = Exit::ContentBlocked;
        context.streamTail = context.streamOut->failure(contentBlocked());
        co_return Next::Done;
    }
    // [DONE] goes out once the audit record is committed.
    if (out.done)
        context.streamTail = context.streamOut->end();
    co_return Next::Done;
}

} // namespace bulkhead::proxy
