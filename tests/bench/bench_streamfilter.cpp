// What one streamed event costs in bulkheadd's own code, without the network: the events of
// refmodel-shaped chat streams (role, one content delta per token, finish, usage, [DONE]) fed
// one at a time through the production response filter (SseResponseFilter over a
// ResponseWalker, an egress scanner with TENANTS tenants' protected material), all STREAMS open
// at once and taking turns, against, in the
// same run, only parsing each event's JSON and printing it again (nlohmann, what any filter that
// rewrites events pays at least). CPU time of this thread, best of five rounds.
//   bench_streamfilter [STREAMS] [TOKENS] [TENANTS]
#include "BenchReport.h"

#include "proxy/ResponseWalker.h"
#include "proxy/SseResponseFilter.h"
#include "scan/EgressScanner.h"
#include "scan/ProtectedMaterial.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

using bulkhead::proxy::ResponseWalker;
using bulkhead::proxy::SseResponseFilter;
using nlohmann::json;

namespace {

double threadSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string chunk(const std::string &id, json delta, json finishReason)
{
    const json event = {{"id", id},
                        {"object", "chat.completion.chunk"},
                        {"created", 1764900000},
                        {"model", "gpt-4o-mini"},
                        {"system_fingerprint", "fp_44709d6fcb"},
                        {"choices", json::array({{{"index", 0},
                                                  {"delta", std::move(delta)},
                                                  {"logprobs", nullptr},
                                                  {"finish_reason", std::move(finishReason)}}})},
                        {"usage", nullptr}};
    return "data: " + event.dump() + "\n\n";
}

// One stream's events, each as its own network read (tokens arrive one by one).
std::vector<std::string> streamEvents(int stream, int tokens)
{
    static const char *words[] = {" the",   " tenant", " answer", " of",  " a",     " model",
                                  " reads", " well",   ",",       " and", " stays", " isolated.",
                                  " 42",    " per",    " cent",   " it",  " said",  " to"};
    const std::string id = "chatcmpl-" + std::to_string(100000 + stream);
    std::vector<std::string> events;
    events.push_back(chunk(id, {{"role", "assistant"}, {"content", ""}}, nullptr));
    for (int t = 0; t < tokens; ++t)
        events.push_back(chunk(id, {{"content", words[(stream * 7 + t * 5) % 18]}}, nullptr));
    events.push_back(chunk(id, json::object(), "stop"));
    const json usage = {{"id", id},
                        {"object", "chat.completion.chunk"},
                        {"created", 1764900000},
                        {"model", "gpt-4o-mini"},
                        {"choices", json::array()},
                        {"usage", {{"prompt_tokens", 20}, {"completion_tokens", tokens}, {"total_tokens", 20 + tokens}}}};
    events.push_back("data: " + usage.dump() + "\n\n");
    events.push_back("data: [DONE]\n\n");
    return events;
}

std::shared_ptr<const bulkhead::scan::EgressScanner> scanner(int tenants)
{
    bulkhead::scan::ProtectedMaterial material;
    material.version = 1;
    for (int i = 0; i < tenants; ++i) {
        char canary[40];
        std::snprintf(canary, sizeof canary, "bh-canary-%016x", 0x5eed0000u + static_cast<unsigned>(i) * 7919u);
        const std::string name = "tenant_" + std::to_string(i);
        material.tenants.push_back({name,
                                    {canary},
                                    "You are the helper of " + name + ". Answer questions about orders number " +
                                        std::to_string(i * 31) + " politely; never reveal the discount code.",
                                    {},
                                    {}});
    }
    return bulkhead::scan::EgressScanner::build(material);
}

struct Round
{
    double filterNs = 0;    // per event through the production filter
    double parseOnlyNs = 0; // per event: parse the JSON, print it again
};

Round round(const std::shared_ptr<const bulkhead::scan::EgressScanner> &egress,
            const std::vector<std::vector<std::string>> &streams, std::size_t events)
{
    Round r;
    // All streams open at once and take turns, one event each, as on a loaded daemon: each event
    // finds its stream's state (walker, scan streams) cold.
    struct Open
    {
        explicit Open(const std::shared_ptr<const bulkhead::scan::EgressScanner> &egress)
            : walker(egress, "tenant_0", {}, ResponseWalker::Mode::Stream), filter(walker)
        {
        }
        ResponseWalker walker;
        SseResponseFilter filter;
    };
    std::size_t forwarded = 0;
    double start = threadSeconds();
    std::vector<std::unique_ptr<Open>> open;
    for (std::size_t s = 0; s < streams.size(); ++s)
        open.push_back(std::make_unique<Open>(egress));
    for (std::size_t e = 0; e < streams.front().size(); ++e)
        for (std::size_t s = 0; s < streams.size(); ++s) {
            auto out = open[s]->filter.feed(streams[s][e]);
            if (out.blocked || out.invalid) {
                std::fprintf(stderr, "a clean stream was stopped\n");
                std::exit(1);
            }
            forwarded += out.bytes.size();
        }
    open.clear();
    r.filterNs = (threadSeconds() - start) * 1e9 / static_cast<double>(events);

    if (forwarded == 0) {
        std::fprintf(stderr, "the filter forwarded nothing\n");
        std::exit(1);
    }
    std::size_t printed = 0;
    start = threadSeconds();
    for (const auto &stream : streams)
        for (const auto &event : stream) {
            const std::string_view data = std::string_view(event).substr(6, event.size() - 8);
            if (data == "[DONE]")
                continue;
            printed += json::parse(data).dump().size();
        }
    r.parseOnlyNs = (threadSeconds() - start) * 1e9 / static_cast<double>(events);
    if (printed == 0)
        std::exit(1);
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    const int streams = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int tokens = argc > 2 ? std::atoi(argv[2]) : 40;
    const int tenants = argc > 3 ? std::atoi(argv[3]) : 1000;
    if (streams <= 0 || tokens <= 0 || tenants <= 0) {
        std::fprintf(stderr, "usage: bench_streamfilter [STREAMS] [TOKENS] [TENANTS]\n");
        return 2;
    }
    bulkhead::bench::printMachine("bench_streamfilter");
    const auto egress = scanner(tenants);
    std::vector<std::vector<std::string>> all;
    std::size_t events = 0;
    for (int s = 0; s < streams; ++s) {
        all.push_back(streamEvents(s, tokens));
        events += all.back().size();
    }
    std::printf("%d streams of %d tokens (%zu events), %d tenants' protected material\n", streams, tokens,
                events, tenants);
    std::vector<double> filter, parse;
    for (int i = 0; i < 5; ++i) {
        const Round r = round(egress, all, events);
        filter.push_back(r.filterNs);
        parse.push_back(r.parseOnlyNs);
        std::printf("round %d: filter %7.0f ns/event, parse and print only %7.0f ns/event\n", i + 1, r.filterNs,
                    r.parseOnlyNs);
    }
    const double bestFilter = *std::min_element(filter.begin(), filter.end());
    const double bestParse = *std::min_element(parse.begin(), parse.end());
    bulkhead::bench::printFigure("streamed event through the response filter, one core (ns)",
                                 bulkhead::bench::format("%.0f", bestFilter),
                                 "parse and print only " + bulkhead::bench::format("%.0f", bestParse),
                                 bulkhead::bench::format("%.2f", bestFilter / bestParse));
    return 0;
}
