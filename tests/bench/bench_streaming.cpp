// Thousands of concurrent slow SSE streams: the same streaming chat request straight to the
// reference upstream (the baseline) and through bulkheadd, from one io_context with one
// coroutine per stream. Prints memory per open stream (RSS delta of the serving process over the
// streams it holds), whether every stream completed, the largest gap between two chunks of one
// stream, and the time to first token added by the proxy (sequential requests on an idle path).
//   bench_streaming --direct URL --proxy URL --key KEY [--streams N] [--direct-pid PID]
//                   [--proxy-pid PID] [--token-delay-ms MS] [--samples N]
// URLs are http://host:port/v1/chat/completions; the upstream should pace its tokens
// (bulkhead-refmodel --token-delay-ms) so the streams stay open together.
#include "BenchReport.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace bench = bulkhead::bench;
using Clock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

namespace {

struct Target
{
    std::string host, port, path;
};

Target parseUrl(const std::string &url)
{
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0)
        throw std::runtime_error("only http:// URLs: " + url);
    const auto rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    const auto hostPort = rest.substr(0, slash);
    const auto colon = hostPort.rfind(':');
    return {hostPort.substr(0, colon), colon == std::string::npos ? "80" : hostPort.substr(colon + 1),
            slash == std::string::npos ? "/" : rest.substr(slash)};
}

struct StreamResult
{
    bool completed = false;
    std::string error;
    double firstTokenMs = -1;  // from sending the request to the first content delta
    double maxGapMs = 0;       // largest pause between two reads after the first token
    double totalMs = 0;
    int reads = 0;
};

struct Options
{
    std::string directUrl, proxyUrl, key;
    int streams = 2000;
    int samples = 20;
    int tokenDelayMs = 0;
    long directPid = 0, proxyPid = 0;
};

std::string requestBody()
{
    return R"({"model":"bulkhead-refmodel","stream":true,"max_tokens":40,)"
           R"("messages":[{"role":"user","content":"Summarise the renewal terms of a property )"
           R"(catastrophe treaty for the board, in plain words."}]})";
}

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// A non-empty "content" delta (the role event carries an empty one).
bool hasContentDelta(std::string_view events)
{
    static constexpr std::string_view marker = "\"content\":\"";
    for (auto at = events.find(marker); at != std::string_view::npos; at = events.find(marker, at + 1))
        if (at + marker.size() < events.size() && events[at + marker.size()] != '"')
            return true;
    return false;
}

// One streaming request read to its end ("data: [DONE]" and the terminating chunk).
awaitable<StreamResult> oneStream(const Target &target, const std::string &key)
{
    StreamResult result;
    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream stream(executor);
    try {
        asio::ip::tcp::resolver resolver(executor);
        const auto endpoints = co_await resolver.async_resolve(target.host, target.port, use_awaitable);
        stream.expires_after(std::chrono::seconds(30));
        co_await stream.async_connect(endpoints, use_awaitable);
        http::request<http::string_body> request{http::verb::post, target.path, 11};
        request.set(http::field::host, target.host + ":" + target.port);
        request.set(http::field::content_type, "application/json");
        if (!key.empty())
            request.set(http::field::authorization, "Bearer " + key);
        request.body() = requestBody();
        request.prepare_payload();
        const auto start = Clock::now();
        co_await http::async_write(stream, request, use_awaitable);

        beast::flat_buffer buffer;
        http::response_parser<http::buffer_body> parser;
        parser.body_limit(boost::none);
        stream.expires_after(std::chrono::seconds(60));
        co_await http::async_read_header(stream, buffer, parser, use_awaitable);
        if (parser.get().result() != http::status::ok) {
            result.error = "HTTP " + std::to_string(parser.get().result_int());
            co_return result;
        }
        std::optional<Clock::time_point> lastRead;
        bool done = false;
        char chunk[8192];
        while (!parser.is_done()) {
            parser.get().body().data = chunk;
            parser.get().body().size = sizeof chunk;
            auto [ec, n] = co_await http::async_read_some(stream, buffer, parser,
                                                          asio::as_tuple(use_awaitable));
            if (ec == http::error::need_buffer)
                ec = {};
            if (ec)
                throw beast::system_error(ec);
            const std::string_view got(chunk, sizeof chunk - parser.get().body().size);
            if (got.empty())
                continue;
            const auto now = Clock::now();
            // Gaps count from the first token on: the wait before it is the time to first token.
            if (lastRead)
                result.maxGapMs = std::max(result.maxGapMs,
                                           std::chrono::duration<double, std::milli>(now - *lastRead).count());
            ++result.reads;
            if (result.firstTokenMs < 0 && hasContentDelta(got))
                result.firstTokenMs = msSince(start);
            if (result.firstTokenMs >= 0)
                lastRead = now;
            done = done || got.find("data: [DONE]") != std::string_view::npos;
        }
        result.totalMs = msSince(start);
        result.completed = done;
        if (!done)
            result.error = "ended without [DONE]";
    } catch (const std::exception &e) {
        result.error = e.what();
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    co_return result;
}

long rssKiB(long pid)
{
    if (pid <= 0)
        return 0;
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return 0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * double(values.size())))];
}

struct LoadFigures
{
    int completed = 0;
    double maxGapMs = 0, p99GapMs = 0, ttftP50 = 0, ttftP99 = 0, seconds = 0;
    double kibPerStream = 0;
    std::map<std::string, int> errors;
};

// `streams` concurrent streams; samples the serving process's RSS every 50 ms and keeps the
// peak over its RSS before the first connection.
LoadFigures concurrentStreams(const Target &target, const std::string &key, int streams, long pid)
{
    asio::io_context io;
    std::vector<StreamResult> results(static_cast<std::size_t>(streams));
    int finished = 0;
    const long before = rssKiB(pid);
    long peak = before;
    const auto start = Clock::now();
    for (int i = 0; i < streams; ++i)
        asio::co_spawn(io, [&, i]() -> awaitable<void> {
            // Connections spread over the first second, as clients arrive, not one SYN burst.
            asio::steady_timer pause(co_await asio::this_coro::executor,
                                     std::chrono::microseconds(i * 1'000'000LL / streams));
            co_await pause.async_wait(use_awaitable);
            results[static_cast<std::size_t>(i)] = co_await oneStream(target, key);
            ++finished;
        }, asio::detached);
    asio::co_spawn(io, [&]() -> awaitable<void> {
        asio::steady_timer tick(co_await asio::this_coro::executor);
        while (finished < streams) {
            peak = std::max(peak, rssKiB(pid));
            tick.expires_after(std::chrono::milliseconds(50));
            co_await tick.async_wait(use_awaitable);
        }
    }, asio::detached);
    io.run();

    LoadFigures f;
    f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> gaps, ttft;
    for (const auto &r : results) {
        if (r.completed) {
            ++f.completed;
            gaps.push_back(r.maxGapMs);
            ttft.push_back(r.firstTokenMs);
        } else {
            ++f.errors[r.error.substr(0, 80)];
        }
    }
    f.maxGapMs = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    f.p99GapMs = percentile(gaps, 0.99);
    f.ttftP50 = percentile(ttft, 0.5);
    f.ttftP99 = percentile(ttft, 0.99);
    f.kibPerStream = pid > 0 ? double(peak - before) / streams : 0;
    return f;
}

// Median time to first token over `samples` sequential streams on an otherwise idle path.
double idleFirstTokenMs(const Target &target, const std::string &key, int samples)
{
    asio::io_context io;
    std::vector<double> ttft;
    asio::co_spawn(io, [&]() -> awaitable<void> {
        for (int i = 0; i < samples; ++i) {
            const auto r = co_await oneStream(target, key);
            if (r.completed && r.firstTokenMs >= 0)
                ttft.push_back(r.firstTokenMs);
        }
    }, asio::detached);
    io.run();
    return percentile(ttft, 0.5);
}

void raiseFileLimit(int streams)
{
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t wanted = static_cast<rlim_t>(streams) + 256;
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = std::min(wanted, limit.rlim_max);
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur < wanted)
        std::printf("warning: RLIMIT_NOFILE is %llu, below the %llu this run needs\n",
                    static_cast<unsigned long long>(limit.rlim_cur),
                    static_cast<unsigned long long>(wanted));
}

Options parseArgs(int argc, char **argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--direct") o.directUrl = value;
        else if (flag == "--proxy") o.proxyUrl = value;
        else if (flag == "--key") o.key = value;
        else if (flag == "--streams") o.streams = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--samples") o.samples = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--token-delay-ms") o.tokenDelayMs = std::atoi(value.c_str());
        else if (flag == "--direct-pid") o.directPid = std::atol(value.c_str());
        else if (flag == "--proxy-pid") o.proxyPid = std::atol(value.c_str());
        else throw std::runtime_error("unknown flag " + flag);
    }
    if (o.directUrl.empty() || o.proxyUrl.empty())
        throw std::runtime_error("usage: bench_streaming --direct URL --proxy URL --key KEY "
                                 "[--streams N] [--direct-pid PID] [--proxy-pid PID] "
                                 "[--token-delay-ms MS] [--samples N]");
    return o;
}

void printLoad(const char *label, const LoadFigures &f, int streams)
{
    std::printf("  %-10s %5d/%d completed in %5.1f s  max gap %7.1f ms (p99 %6.1f)  "
                "first token p50 %7.1f ms p99 %7.1f ms  RSS %6.1f KiB/stream\n",
                label, f.completed, streams, f.seconds, f.maxGapMs, f.p99GapMs, f.ttftP50,
                f.ttftP99, f.kibPerStream);
    for (const auto &[error, count] : f.errors)
        std::printf("             %d x %s\n", count, error.c_str());
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    try {
        o = parseArgs(argc, argv);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_streaming: %s\n", e.what());
        return 2;
    }
    bench::printMachine("bench_streaming");
    raiseFileLimit(o.streams);
    const auto direct = parseUrl(o.directUrl), proxy = parseUrl(o.proxyUrl);

    std::printf("Time to first token, %d sequential streams each (median)\n", o.samples);
    const double ttftDirect = idleFirstTokenMs(direct, o.key, o.samples);
    const double ttftProxy = idleFirstTokenMs(proxy, o.key, o.samples);
    std::printf("  direct %.2f ms, through bulkheadd %.2f ms, added %.2f ms\n", ttftDirect,
                ttftProxy, ttftProxy - ttftDirect);

    std::printf("\n%d concurrent streams (upstream token delay %d ms)\n", o.streams, o.tokenDelayMs);
    const auto base = concurrentStreams(direct, o.key, o.streams, o.directPid);
    printLoad("direct", base, o.streams);
    const auto load = concurrentStreams(proxy, o.key, o.streams, o.proxyPid);
    printLoad("bulkheadd", load, o.streams);

    // A stall: a stream that stops for several token periods (at least a second).
    const double stallMs = std::max(1000.0, 5.0 * o.tokenDelayMs);
    const bool noStalls = load.completed == o.streams && load.maxGapMs < stallMs;
    const std::string n = std::to_string(o.streams);
    bench::printFigure("streams completed through bulkheadd (" + n + " concurrent)",
                       std::to_string(load.completed) + "/" + n,
                       std::to_string(base.completed) + "/" + n + " direct",
                       bench::format("%.3f", base.completed ? double(load.completed) / base.completed : 0),
                       "all", bench::yesNo(load.completed == o.streams));
    bench::printFigure("max inter-chunk gap, " + n + " streams (ms)", bench::format("%.0f", load.maxGapMs),
                       bench::format("%.0f direct", base.maxGapMs),
                       bench::format("%.2f", base.maxGapMs > 0 ? load.maxGapMs / base.maxGapMs : 0),
                       bench::format("< %.0f ms (no stalls)", stallMs), bench::yesNo(noStalls));
    if (o.proxyPid > 0)
        bench::printFigure("bulkheadd memory per open stream (KiB)", bench::format("%.1f", load.kibPerStream),
                           o.directPid > 0 ? bench::format("%.1f refmodel", base.kibPerStream) : "-",
                           base.kibPerStream > 0 ? bench::format("%.2f", load.kibPerStream / base.kibPerStream) : "-");
    bench::printFigure("time to first token added, idle (ms)", bench::format("%.2f", ttftProxy - ttftDirect),
                       bench::format("%.2f direct", ttftDirect),
                       bench::format("%.2f", ttftDirect > 0 ? ttftProxy / ttftDirect : 0));
    bench::printFigure("time to first token added, p50 under " + n + " streams (ms)",
                       bench::format("%.1f", load.ttftP50 - base.ttftP50),
                       bench::format("%.1f direct", base.ttftP50),
                       bench::format("%.2f", base.ttftP50 > 0 ? load.ttftP50 / base.ttftP50 : 0));
    return load.completed == o.streams ? 0 : 1;
}
