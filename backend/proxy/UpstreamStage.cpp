#include "Stages.h"

#include "ResponseWalker.h"

#include "net/HttpClient.h"
#include "net/Url.h"
#include "core/JsonText.h"

namespace bulkhead::proxy {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using protocol::ApiError;
using protocol::ApiErrorCode;
using protocol::ApiException;

ApiError transportFailure(const net::ClientError &error)
{
    switch (error.kind()) {
    case net::ClientErrorKind::Connect:
    case net::ClientErrorKind::Tls:
        return {ApiErrorCode::UpstreamUnavailable, "the upstream cannot be reached", {}};
    case net::ClientErrorKind::Timeout:
        return {ApiErrorCode::UpstreamTimeout, "the upstream did not answer in time", {}};
    default:
        return {ApiErrorCode::UpstreamError, "the upstream failed mid-exchange", {}};
    }
}

// An upstream's own error answer, summarised: its message may quote the request, so only a
// truncated message is kept, and its status class stays so SDKs still see 4xx as theirs.
net::Response upstreamRejection(unsigned status, const std::string &body)
{
    std::string message = "the upstream answered HTTP " + std::to_string(status);
    try {
        const auto parsed = parseUpstreamObject(body);
        if (const auto error = parsed.find("error"); error != parsed.end() && error->is_object())
            if (const auto text = error->find("message"); text != error->end() && text->is_string())
                message += ": " + text->get<std::string>().substr(0, 300);
    } catch (const UpstreamShapeError &) {
        // The status alone, then.
    }
    const bool clientSide = status >= 400 && status < 500;
    const json error{{"error",
                      {{"type", "upstream_error"},
                       {"code", clientSide ? "upstream_rejected" : "upstream_error"},
                       {"message", message},
                       {"param", nullptr}}}};
    return net::makeResponse(clientSide ? static_cast<http::status>(status) : http::status::bad_gateway,
                             error.dump(-1, ' ', false, json::error_handler_t::replace));
}

} // namespace

void authorizeForUpstream(net::Request &request, const UpstreamChoice &upstream, const PipelineServices &services)
{
    if (upstream.id == "default" && !services.defaultUpstreamApiKey.empty())
        request.set(http::field::authorization, "Bearer " + services.defaultUpstreamApiKey);
}

boost::asio::awaitable<Next> UpstreamStage::run(RequestContext &context)
{
    if (m_services.auditIntent) {
        // Strict mode: what is about to be sent is on record before the upstream sees it.
        auto intent = context.audit;
        intent.model = context.model.substr(0, 200);
        intent.upstream = context.upstream.id;
        intent.reasons.push_back("intent");
        if (!co_await m_services.commitAudit(std::move(intent)))
            throw ApiException(ApiErrorCode::PolicyUnavailable,
                               "the intent record could not be stored; the request was not forwarded");
    }
    const auto url = net::Url::parse(context.upstream.baseUrl).join(context.upstreamPath);
    auto request = context.upstreamGet
                       ? net::makeRequest(http::verb::get)
                       : net::makeRequest(http::verb::post,
                                          core::jsonText(context.upstreamBody, {.invalidUtf8 = json::error_handler_t::strict}));
    authorizeForUpstream(request, context.upstream, m_services);
    auto &client = m_services.client(context.upstream.caFile);
    // The exchange, then its outcome: no co_return or co_await inside the handler (GCC 12).
    std::optional<ApiError> failed;
    bool cancelled = false;
    std::optional<net::ResponseStream> stream;
    std::optional<net::Response> response;
    try {
        if (context.stream)
            stream.emplace(co_await client.stream(url, std::move(request)));
        else
            response.emplace(co_await client.send(url, std::move(request)));
    } catch (const net::ClientError &e) {
        if (e.kind() == net::ClientErrorKind::Cancelled) {
            cancelled = true;  // the client left while the upstream was asked
        } else {
            m_services.countUpstreamError(e.kind() == net::ClientErrorKind::Timeout ? "timeout" : "connect");
            failed = transportFailure(e);
        }
    }
    if (cancelled) {
        context.exit = Exit::ClientGone;
        co_return Next::Done;
    }
    if (failed) {
        context.exit = Exit::UpstreamFailed;  // the prompt may have reached it: audited too
        throw ApiException(*failed);
    }
    const unsigned status = stream ? stream->status() : response->result_int();
    if (status >= 400) {
        std::string body;
        if (stream)
            body = co_await stream->readAll();
        else
            body = std::move(response->body());
        context.reply = upstreamRejection(status, body);
        context.exit = Exit::UpstreamFailed;
        context.audit.reasons.push_back("upstream_" + std::to_string(status));
        co_return Next::Done;
    }
    if (stream)
        context.upstreamStream = std::move(stream);
    else
        context.upstreamAnswer = std::move(response);
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
