#include "Stages.h"

#include "PromptAssembler.h"

namespace bulkhead::proxy {

boost::asio::awaitable<Next> AssemblePromptStage::run(RequestContext &context)
{
    if (context.route != DataRoute::Chat)
        co_return Next::Continue;
    AssembleOptions options;
    options.applyCacheSalt = false;  // the route stage sets the partition
    auto assembled = assembleChat(context.body, *context.tenant, options);
    context.stream = assembled.stream;
    context.model = std::move(assembled.model);
    context.upstreamBody = std::move(assembled.upstreamBody);
    co_return Next::Continue;
}

} // namespace bulkhead::proxy
