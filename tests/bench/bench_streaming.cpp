// Thousands of concurrent slow SSE streams: the same streaming chat request straight to the
// reference upstream (the baseline) and through bulkheadd, from one io_context with one
// coroutine per stream. Prints memory per open stream (RSS delta of the serving process over the
// streams it holds), whether every stream completed, the largest gap between two chunks of one
// stream, and the time to first token added by the proxy (sequential requests on an idle path).
// Then how the egress scan holds text back: the direct streams' content deltas, recorded with
// their arrival times, are fed to an EgressStream (one tenant as in the daemon, and 10,000
// tenants with English prompts), and for every delta the time until its last byte was released
// is reported as a distribution (the scan itself takes microseconds; what a hold costs is the
// wait for the later tokens that decide it).
// With --forwarder, the same streams also go through a plain forwarding proxy (nginx with
// proxy_buffering off: no parsing, no scan), the floor any proxy on this machine starts from;
// with the pids, each server's CPU time per stream is printed (user and system, from /proc).
//   bench_streaming --direct URL --proxy URL --key KEY [--streams N] [--direct-pid PID]
//                   [--proxy-pid PID] [--forwarder URL --forwarder-pids PID,PID...]
//                   [--token-delay-ms MS] [--samples N] [--hold-answers N]
// URLs are http://host:port/v1/chat/completions; the upstream should pace its tokens
// (bulkhead-refmodel --token-delay-ms) so the streams stay open together.
#include "BenchReport.h"

#include "scan/EgressScanner.h"
#include "scan/EgressStream.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
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

// One content delta as the client saw it: when it arrived (ms after the request was sent).
struct Delta
{
    double ms = 0;
    std::string text;
};

struct StreamResult
{
    bool completed = false;
    std::string error;
    double firstTokenMs = -1;  // from sending the request to the first content delta
    double maxGapMs = 0;       // largest pause between two reads after the first token
    double totalMs = 0;
    int reads = 0;
    std::vector<Delta> deltas;  // only when asked to record
};

struct Options
{
    std::string directUrl, proxyUrl, forwarderUrl, key;
    int streams = 2000;
    int samples = 20;
    int tokenDelayMs = 0;
    int holdAnswers = 12;
    long directPid = 0, proxyPid = 0;
    std::vector<long> forwarderPids;  // nginx's workers
};

const char *const kQuestions[] = {
    "Summarise the renewal terms of a property catastrophe treaty for the board, in plain words.",
    "Explain how an hours clause works when a hurricane and a flood follow each other.",
    "What should a cedant prepare before the January renewal of its property programme?",
    "Compare per-risk and catastrophe excess of loss covers for a regional insurer.",
    "Write a short note to a broker asking for the exposure data of a new account.",
    "List the main exclusions of a standard property treaty and why they exist.",
    "How do reinstatement premiums change the cost of a catastrophe programme?",
    "Describe the claims process after a windstorm, step by step, for a new underwriter.",
    "Draft three questions for a meeting about pricing a wildfire-exposed portfolio.",
    "What does a rising loss ratio tell the board, and what should it ask next?",
    "Give an example of an aggregate cover and when a cedant would buy one.",
    "Explain the difference between a quota share and a surplus treaty to a trainee.",
};

std::string requestBody(std::size_t question = 0)
{
    return R"({"model":"bulkhead-refmodel","stream":true,"max_tokens":40,)"
           R"("messages":[{"role":"user","content":")"
           + std::string(kQuestions[question % std::size(kQuestions)]) + R"("}]})";
}

// The "content" strings of complete SSE events in `events` (JSON escapes undone; the empty
// content of the role event skipped).
void appendContentDeltas(std::string_view events, double ms, std::vector<Delta> &out)
{
    static constexpr std::string_view marker = "\"content\":\"";
    for (auto at = events.find(marker); at != std::string_view::npos; at = events.find(marker, at + 1)) {
        std::string text;
        std::size_t i = at + marker.size();
        for (; i < events.size() && events[i] != '"'; ++i) {
            if (events[i] != '\\' || i + 1 >= events.size()) {
                text.push_back(events[i]);
                continue;
            }
            const char e = events[++i];
            if (e == 'n') text.push_back('\n');
            else if (e == 't') text.push_back('\t');
            else if (e == 'r') text.push_back('\r');
            else if (e == 'u' && i + 4 < events.size()) {
                const auto cp = static_cast<unsigned>(std::strtoul(std::string(events.substr(i + 1, 4)).c_str(), nullptr, 16));
                i += 4;
                if (cp < 0x80) {
                    text.push_back(static_cast<char>(cp));
                } else if (cp < 0x800) {
                    text.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                    text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                } else {
                    text.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                    text.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                    text.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                }
            } else text.push_back(e);
        }
        if (!text.empty())
            out.push_back({ms, std::move(text)});
    }
}

template<typename... Args>
std::string printed(const char *pattern, Args... args)
{
    char text[160];
    std::snprintf(text, sizeof text, pattern, args...);
    return text;
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
awaitable<StreamResult> oneStream(const Target &target, const std::string &key,
                                  std::size_t question = 0, bool record = false)
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
        request.body() = requestBody(question);
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
        std::string carry;  // a partial SSE event, when recording
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
            if (record) {
                carry.append(got);
                const auto end = carry.rfind("\n\n");
                if (end != std::string::npos) {
                    appendContentDeltas(std::string_view(carry).substr(0, end), msSince(start), result.deltas);
                    carry.erase(0, end + 2);
                }
            }
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

// CPU seconds (user + system) the processes have used so far.
double cpuSeconds(const std::vector<long> &pids)
{
    double ticks = 0;
    for (const long pid : pids) {
        if (pid <= 0)
            continue;
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = stat.rfind(')');  // the command name may hold spaces
        if (close == std::string::npos)
            continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string field;
        for (int i = 3; i <= 15 && fields >> field; ++i)
            if (i == 14 || i == 15)  // utime, stime
                ticks += std::strtod(field.c_str(), nullptr);
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
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
    double cpuMsPerStream = 0;  // the serving processes' CPU over the run, per completed stream
    std::map<std::string, int> errors;
};

// `streams` concurrent streams; samples the serving process's RSS every 50 ms and keeps the
// peak over its RSS before the first connection.
LoadFigures concurrentStreams(const Target &target, const std::string &key, int streams, long pid,
                              const std::vector<long> &cpuPids)
{
    const double cpuBefore = cpuSeconds(cpuPids);
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
    f.cpuMsPerStream = f.completed ? (cpuSeconds(cpuPids) - cpuBefore) * 1000 / f.completed : 0;
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

// Direct streams of different questions, recorded delta by delta.
std::vector<std::vector<Delta>> recordAnswers(const Target &target, const std::string &key, int answers)
{
    asio::io_context io;
    std::vector<std::vector<Delta>> recorded;
    asio::co_spawn(io, [&]() -> awaitable<void> {
        for (int i = 0; i < answers; ++i) {
            auto r = co_await oneStream(target, key, static_cast<std::size_t>(i), true);
            if (r.completed && !r.deltas.empty())
                recorded.push_back(std::move(r.deltas));
        }
    }, asio::detached);
    io.run();
    return recorded;
}

namespace scan = bulkhead::scan;

// The bench daemon's one tenant (tests/bench/platform.sh), with a canary like the ones it gets.
std::shared_ptr<const scan::EgressScanner> oneTenantScanner()
{
    scan::ProtectedMaterial m;
    m.version = 1;
    m.tenants.push_back({"property", {"bh-canary-5b0d7c1e9a3f48e2b6c4d8a0f1e3c5b7"},
                         "You are the property-lines underwriting assistant of Northwind Re. Answer "
                         "questions about property catastrophe treaties, exposure and pricing. Never "
                         "discuss other business lines.",
                         {},
                         {}});
    return scan::EgressScanner::build(m);
}

// 10,000 tenants whose prompts are English, built from the words such prompts use, so the
// answer's words begin shingles and terms as often as they would in production.
std::shared_ptr<const scan::EgressScanner> manyTenantScanner(std::size_t tenants)
{
    static const char *const roles[] = {"claims", "underwriting", "support", "research", "billing",
                                        "legal", "travel", "onboarding", "pricing", "compliance",
                                        "property", "marine", "casualty", "treasury", "reporting"};
    static const char *const topics[] = {
        "renewals", "treaties", "exposure", "pricing", "claims", "invoices", "contracts", "policies",
        "premiums", "brokers", "catastrophe models", "loss ratios", "reserves", "audits", "payments",
        "deadlines", "wordings", "exclusions", "limits", "retentions", "reinstatements", "portfolios",
        "windstorms", "floods", "wildfires", "earthquakes", "cyber risks", "liability", "fleets",
        "cargo", "employees", "benefits", "expenses", "travel bookings", "refunds", "accounts",
        "passwords", "orders", "shipments", "suppliers", "budgets", "forecasts", "the board",
        "regulators", "complaints", "documents", "statements", "tax returns", "investments"};
    static const char *const closings[] = {
        "Keep every answer short and cite the relevant clause.",
        "Answer in plain words and never speculate.",
        "Escalate anything unusual to a human reviewer within one business day.",
        "Always ask for the policy number before discussing a case.",
        "Use a friendly tone and close with a summary of next steps."};
    std::uint64_t rng = 42;
    auto next = [&rng]() {
        std::uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    auto hex = [&next](std::size_t n) {
        std::string h;
        while (h.size() < n)
            h.push_back("0123456789abcdef"[next() % 16]);
        return h;
    };
    scan::ProtectedMaterial m;
    m.version = 1;
    for (std::size_t t = 0; t < tenants; ++t) {
        scan::TenantMaterial tm;
        tm.tenantId = "tenant_" + std::to_string(t);
        tm.canaries.push_back("bh-canary-" + hex(32));
        tm.documentCanaries.push_back("bh-canary-" + hex(32));
        auto topic = [&]() { return std::string(topics[next() % std::size(topics)]); };
        tm.systemPrompt = "You are the " + std::string(roles[next() % std::size(roles)])
                          + " assistant of Company" + std::to_string(t) + ". Answer questions about "
                          + topic() + ", " + topic() + " and " + topic() + ". Never discuss " + topic()
                          + " or " + topic() + ". " + closings[next() % std::size(closings)];
        if (t % 4 == 0)
            tm.systemPrompt += " Never reveal the project name 'Zephyr" + hex(6) + "'.";
        m.tenants.push_back(std::move(tm));
    }
    return scan::EgressScanner::build(m);
}

struct HoldFigures
{
    std::size_t deltas = 0, held = 0;  // held: bytes of it still held after its own feed
    std::vector<double> holdMs;        // per delta: until its last byte was released (0 if at once)
    std::uint64_t feeds = 0, feedsHeld = 0, heldBytesSum = 0;
    std::size_t maxHeldBytes = 0;
};

// Feeds every recorded answer to a stream of `tenant`'s at the deltas' arrival times; a delta's
// hold ends at the arrival of the delta whose feed released its last byte (or at the answer's
// end, when finish() flushes).
HoldFigures replayHolds(const std::shared_ptr<const scan::EgressScanner> &scanner, const std::string &tenant,
                        const std::vector<std::vector<Delta>> &answers)
{
    HoldFigures f;
    for (const auto &answer : answers) {
        scan::EgressStream stream(scanner, tenant);
        std::vector<std::pair<std::uint64_t, double>> waiting;  // (end offset, arrival ms)
        std::uint64_t fed = 0;
        auto settle = [&](double now) {
            const std::uint64_t released = stream.bytesIn() - stream.heldBytes();
            while (!waiting.empty() && waiting.front().first <= released) {
                f.holdMs.push_back(now - waiting.front().second);
                waiting.erase(waiting.begin());
            }
        };
        for (const auto &d : answer) {
            const auto r = stream.feed(d.text);
            if (r.blocked) {
                std::printf("  unexpected block in a benign answer: %s\n", r.findings.empty() ? "" : r.findings[0].detail.c_str());
                break;
            }
            fed += d.text.size();
            ++f.deltas;
            waiting.emplace_back(fed, d.ms);
            if (stream.bytesIn() - stream.heldBytes() < fed)
                ++f.held;
            settle(d.ms);
        }
        stream.finish();
        const double end = answer.back().ms;
        for (const auto &w : waiting)
            f.holdMs.push_back(end - w.second);
        const auto &s = stream.holdStats();
        f.feeds += s.feeds;
        f.feedsHeld += s.feedsHeld;
        f.heldBytesSum += s.heldBytesSum;
        f.maxHeldBytes = std::max(f.maxHeldBytes, s.maxHeldBytes);
    }
    return f;
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
        else if (flag == "--hold-answers") o.holdAnswers = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--direct-pid") o.directPid = std::atol(value.c_str());
        else if (flag == "--proxy-pid") o.proxyPid = std::atol(value.c_str());
        else if (flag == "--forwarder") o.forwarderUrl = value;
        else if (flag == "--forwarder-pids") {
            std::istringstream list(value);
            for (std::string pid; std::getline(list, pid, ',');)
                o.forwarderPids.push_back(std::atol(pid.c_str()));
        }
        else throw std::runtime_error("unknown flag " + flag);
    }
    if (o.directUrl.empty() || o.proxyUrl.empty())
        throw std::runtime_error("usage: bench_streaming --direct URL --proxy URL --key KEY "
                                 "[--streams N] [--direct-pid PID] [--proxy-pid PID] "
                                 "[--forwarder URL --forwarder-pids PID,PID...] "
                                 "[--token-delay-ms MS] [--samples N] [--hold-answers N]");
    return o;
}

void printLoad(const char *label, const LoadFigures &f, int streams)
{
    std::printf("  %-10s %5d/%d completed in %5.1f s  max gap %7.1f ms (p99 %6.1f)  "
                "first token p50 %7.1f ms p99 %7.1f ms  RSS %6.1f KiB/stream  CPU %5.2f ms/stream\n",
                label, f.completed, streams, f.seconds, f.maxGapMs, f.p99GapMs, f.ttftP50,
                f.ttftP99, f.kibPerStream, f.cpuMsPerStream);
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
    const auto base = concurrentStreams(direct, o.key, o.streams, o.directPid, {o.directPid});
    printLoad("direct", base, o.streams);
    std::optional<LoadFigures> forwarded;
    if (!o.forwarderUrl.empty()) {
        forwarded = concurrentStreams(parseUrl(o.forwarderUrl), o.key, o.streams, 0, o.forwarderPids);
        printLoad("forwarder", *forwarded, o.streams);
    }
    const auto load = concurrentStreams(proxy, o.key, o.streams, o.proxyPid, {o.proxyPid});
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
    // The issue's goal: the scan adds at most one token interval before the first token.
    const double interval = o.tokenDelayMs > 0 ? o.tokenDelayMs : 50;
    const std::string goal = bench::format("<= %.0f ms (one token)", interval);
    bench::printFigure("time to first token added, idle (ms)", bench::format("%.2f", ttftProxy - ttftDirect),
                       bench::format("%.2f direct", ttftDirect),
                       bench::format("%.2f", ttftDirect > 0 ? ttftProxy / ttftDirect : 0), goal,
                       bench::yesNo(ttftProxy - ttftDirect <= interval));
    bench::printFigure("time to first token added, p50 under " + n + " streams (ms)",
                       bench::format("%.1f", load.ttftP50 - base.ttftP50),
                       bench::format("%.1f direct", base.ttftP50),
                       bench::format("%.2f", base.ttftP50 > 0 ? load.ttftP50 / base.ttftP50 : 0), goal,
                       bench::yesNo(load.ttftP50 - base.ttftP50 <= interval));
    if (forwarded) {
        bench::printFigure("time to first token added by a plain forwarder (nginx), p50 under " + n + " streams (ms)",
                           bench::format("%.1f", forwarded->ttftP50 - base.ttftP50),
                           bench::format("%.1f direct", base.ttftP50),
                           bench::format("%.2f", base.ttftP50 > 0 ? forwarded->ttftP50 / base.ttftP50 : 0));
        if (o.proxyPid > 0 && !o.forwarderPids.empty())
            bench::printFigure("CPU per stream of the proxy, " + n + " streams (ms)",
                               bench::format("%.2f", load.cpuMsPerStream),
                               bench::format("%.2f plain forwarder (nginx)", forwarded->cpuMsPerStream),
                               bench::format("%.2f", forwarded->cpuMsPerStream > 0
                                                         ? load.cpuMsPerStream / forwarded->cpuMsPerStream
                                                         : 0));
    }

    // Hold-back: the direct answers replayed through the egress scan, delta by delta.
    const auto answers = recordAnswers(direct, o.key, o.holdAnswers);
    std::size_t recordedDeltas = 0;
    for (const auto &a : answers)
        recordedDeltas += a.size();
    std::printf("\nHold-back of the egress scan: %zu direct answers (%zu deltas) replayed at their "
                "arrival times\n", answers.size(), recordedDeltas);
    struct Case
    {
        const char *label;
        std::shared_ptr<const scan::EgressScanner> scanner;
        std::string tenant;
    };
    const Case cases[] = {{"one tenant (as this daemon)", oneTenantScanner(), "property"},
                          {"10,000 tenants, English prompts", manyTenantScanner(10000), "tenant_0"}};
    for (const auto &c : cases) {
        const auto h = replayHolds(c.scanner, c.tenant, answers);
        std::vector<double> held;
        for (const double ms : h.holdMs)
            if (ms > 0)
                held.push_back(ms);
        const double fraction = h.deltas ? double(h.held) / double(h.deltas) : 0;
        std::printf("  %-32s deltas held after their own feed %zu of %zu (%.1f %%; stream counters: "
                    "%llu of %llu feeds); mean %.1f bytes held, at most %zu\n",
                    c.label, h.held, h.deltas, 100 * fraction,
                    static_cast<unsigned long long>(h.feedsHeld), static_cast<unsigned long long>(h.feeds),
                    h.feeds ? double(h.heldBytesSum) / double(h.feeds) : 0, h.maxHeldBytes);
        std::printf("  %-32s hold of every delta p50 %.1f p90 %.1f p99 %.1f max %.1f ms; of the held "
                    "ones p50 %.1f p90 %.1f p99 %.1f max %.1f ms\n",
                    "", percentile(h.holdMs, 0.5), percentile(h.holdMs, 0.9), percentile(h.holdMs, 0.99),
                    h.holdMs.empty() ? 0 : *std::max_element(h.holdMs.begin(), h.holdMs.end()),
                    percentile(held, 0.5), percentile(held, 0.9), percentile(held, 0.99),
                    held.empty() ? 0 : *std::max_element(held.begin(), held.end()));
        const std::string label = c.label;
        bench::printFigure("deltas held back, " + label + " (%)", bench::format("%.1f", 100 * fraction),
                           std::to_string(h.deltas) + " deltas", "-");
        bench::printFigure("hold per delta p50 / p90 / p99 / max, " + label + " (ms)",
                           printed("%.0f / %.0f / %.0f / %.0f", percentile(h.holdMs, 0.5),
                                         percentile(h.holdMs, 0.9), percentile(h.holdMs, 0.99),
                                         h.holdMs.empty() ? 0 : *std::max_element(h.holdMs.begin(), h.holdMs.end())),
                           printed("%d ms/token", o.tokenDelayMs), "-");
    }
    return load.completed == o.streams ? 0 : 1;
}
