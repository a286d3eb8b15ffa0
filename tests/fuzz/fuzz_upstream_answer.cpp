// Fuzzes what an upstream answers, as the daemon's egress stage takes it: the first byte picks
// whole or streamed, the egress action and the client's request shape (chat, Responses API,
// legacy completions); the rest is the answer (a JSON body, or SSE bytes fed in pieces). An
// answer Bulkhead cannot vouch for must end as proxy::UpstreamShapeError (a JSON 502 or an error
// event); any other exception or crash is a defect. Whatever is released, translated into the
// client's shape, must be JSON objects again, and nothing may come out after a block.
#include "proxy/ClientDialect.h"
#include "proxy/ResponseWalker.h"
#include "proxy/SseResponseFilter.h"
#include "scan/EgressScannerHolder.h"
#include "scan/ProtectedMaterial.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace bulkhead;

std::shared_ptr<const scan::EgressScanner> scanner()
{
    static const auto built = [] {
        scan::ProtectedMaterial material;
        material.version = 1;
        material.tenants.push_back({"alpha", {"bh-canary-0123456789abcdef0123456789abcdef"},
                                    "You are Alpha's helper for claims.", {}, {}});
        material.tenants.push_back({"bravo", {"bh-canary-fedcba9876543210fedcba9876543210"},
                                    "You are Bravo's helper for invoices.", {}, {}});
        return scan::EgressScanner::build(material);
    }();
    return built;
}

void checkReleased(const std::string &sse)
{
    std::size_t at = 0;
    while ((at = sse.find("data: ", at)) != std::string::npos) {
        const auto end = sse.find("\n\n", at);
        if (end == std::string::npos)
            __builtin_trap();
        const std::string event = sse.substr(at + 6, end - at - 6);
        if (event != "[DONE]" && nlohmann::json::parse(event, nullptr, false).is_discarded())
            __builtin_trap();
        at = end;
    }
}

std::unique_ptr<proxy::ClientDialect> dialect(unsigned pick)
{
    auto made = pick % 3 == 0 ? proxy::makeChatDialect()
                : pick % 3 == 1 ? proxy::makeResponsesDialect()
                                : proxy::makeCompletionsDialect();
    const bool responses = pick % 3 == 1;
    made->chatRequest(responses ? nlohmann::json{{"model", "m"}, {"input", "hi"}, {"stream", true}}
                                : nlohmann::json{{"model", "m"}, {"prompt", "hi"}, {"messages", nlohmann::json::array()}},
                       "bravo");
    return made;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::uint8_t mode = data[0];
    const std::string_view input(reinterpret_cast<const char *>(data + 1), size - 1);
    scan::EgressPolicy policy;
    policy.crossTenant = static_cast<scan::EgressAction>((mode >> 1) % 3);
    if (mode & 1) {
        proxy::ResponseWalker walker(scanner(), "bravo", policy, proxy::ResponseWalker::Mode::Whole);
        const auto client = dialect(mode >> 3);
        try {
            auto out = walker.walk(proxy::parseUpstreamObject(input));
            if (out.blocked && !out.objects.empty())
                __builtin_trap();
            for (auto &object : out.objects)
                (void)client->answer(std::move(object), "fuzz").dump(-1, ' ', false,
                                                                      nlohmann::json::error_handler_t::replace);
        } catch (const proxy::UpstreamShapeError &) {
        }
        return 0;
    }
    proxy::ResponseWalker walker(scanner(), "bravo", policy, proxy::ResponseWalker::Mode::Stream);
    const auto client = dialect(mode >> 6);
    const auto framing = client->stream("fuzz");
    proxy::SseResponseFilter filter(walker, 64 * 1024, *framing);
    const std::size_t chunk = 1 + (mode >> 3) % 32;
    bool ended = false;
    for (std::size_t at = 0; at < input.size(); at += chunk) {
        auto out = filter.feed(input.substr(at, chunk));
        if (ended && !out.bytes.empty())
            __builtin_trap();
        checkReleased(out.bytes);
        ended = ended || out.blocked || out.invalid || out.done;
    }
    auto tail = filter.finish();
    if (ended && !tail.bytes.empty())
        __builtin_trap();
    checkReleased(tail.bytes);
    checkReleased(framing->end());
    checkReleased(framing->failure({protocol::ApiErrorCode::ContentBlocked, "withheld", {}}));
    return 0;
}
