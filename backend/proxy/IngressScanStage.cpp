#include "Stages.h"

#include "PromptAssembler.h"
#include "scan/IngressScanner.h"

namespace bulkhead::proxy {

boost::asio::awaitable<Next> IngressScanStage::run(RequestContext &context)
{
    if (context.route != DataRoute::Chat)
        co_return Next::Continue;
    // The last user message with any retrieved text in it: direct and indirect injection alike.
    const auto result = scan::IngressScanner::builtin()->scanPrompt(lastUserText(context.upstreamBody),
                                                                   context.tenant->ingressPolicy);
    context.injectionScore = result.score;
    context.injectionVerdict = std::string(scan::toString(result.verdict));
    for (const auto &reason : result.reasons)
        context.injectionReasons.push_back(reason.id);
    if (result.verdict == scan::IngressVerdict::Allow)
        co_return Next::Continue;
    const std::string &tenant = context.tenant->tenant.id;
    m_services.countBlock(tenant, "ingress_flag");
    std::string reasons;
    for (const auto &r : context.injectionReasons)
        reasons += (reasons.empty() ? "" : ",") + r;
    m_services.log("warning", "ingress_finding",
                   "tenant=" + tenant + " verdict=" + context.injectionVerdict +
                       " score=" + std::to_string(context.injectionScore) + " reasons=" + reasons);
    const std::string &action = ingressActionFor(m_services, *context.tenant);
    if (result.verdict == scan::IngressVerdict::Block && action == "block")
        throw protocol::ApiException(protocol::ApiErrorCode::ContentBlocked,
                                     "the prompt was refused: it scores as a prompt-injection attempt");
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
