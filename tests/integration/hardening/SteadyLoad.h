#pragma once
// Steady chat traffic through a fault: client threads send requests in a loop, each to its own
// daemon and tenant, and every answer is kept with its time, so a test can check what was
// acknowledged and measure how long service was gone.

#include "HardeningHarness.h"
#include "support/WaitUntil.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::hardening {

// The value of one response header (case-insensitive name), empty when absent.
inline std::string headerValue(const std::string &raw, const std::string &name)
{
    const auto end = raw.find("\r\n\r\n");
    const std::string head = raw.substr(0, end);
    const auto lowered = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
        return text;
    };
    const std::string lower = lowered(head);
    const std::string key = lowered("\r\n" + name + ":");
    const auto at = lower.find(key);
    if (at == std::string::npos)
        return {};
    auto value = head.substr(at + key.size(), head.find("\r\n", at + 2) - at - key.size());
    while (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
    return value;
}

struct LoadTarget
{
    std::uint16_t port = 0;
    std::string apiKey;
    std::string tenant;
};

struct Answer
{
    int client = 0;
    std::string tenant;
    int status = 0;
    std::string code;       // error code, empty for 200
    std::string requestId;  // X-Bulkhead-Request-Id, for 200
    std::chrono::steady_clock::time_point sent;
    std::chrono::steady_clock::time_point answered;
};

// The longest time any client waited between two successful answers, counting answers from
// `from` on: the time without service as a client saw it.
inline double longestGapSeconds(const std::vector<Answer> &answers, std::chrono::steady_clock::time_point from)
{
    std::map<int, std::chrono::steady_clock::time_point> lastSuccess;
    double longest = 0;
    for (const auto &a : answers) {
        if (a.status != 200 || a.answered < from)
            continue;
        const auto previous = lastSuccess.find(a.client);
        if (previous != lastSuccess.end())
            longest = std::max(longest, std::chrono::duration<double>(a.answered - previous->second).count());
        lastSuccess[a.client] = a.answered;
    }
    return longest;
}

// One client thread per target, a request every 20 ms after the previous answer.
class SteadyLoad
{
public:
    explicit SteadyLoad(std::vector<LoadTarget> targets) : m_targets(std::move(targets))
    {
        for (std::size_t i = 0; i < m_targets.size(); ++i)
            m_threads.emplace_back([this, i] { run(static_cast<int>(i)); });
    }
    ~SteadyLoad() { stop(); }

    void stop()
    {
        m_stop = true;
        for (auto &t : m_threads)
            if (t.joinable())
                t.join();
    }
    std::vector<Answer> answers()
    {
        std::lock_guard lock(m_mutex);
        return m_answers;
    }
    std::size_t clients() const { return m_targets.size(); }

private:
    void run(int client)
    {
        const LoadTarget &target = m_targets[static_cast<std::size_t>(client)];
        for (int n = 0; !m_stop; ++n) {
            Answer a;
            a.client = client;
            a.tenant = target.tenant;
            a.sent = std::chrono::steady_clock::now();
            const auto raw = rawExchange(
                target.port,
                httpRequest("POST", "/v1/chat/completions",
                            chatBody("client " + std::to_string(client) + " request " + std::to_string(n)),
                            target.apiKey),
                std::chrono::seconds(30));
            a.answered = std::chrono::steady_clock::now();
            a.status = statusOf(raw);
            if (a.status == 200)
                a.requestId = headerValue(raw, "X-Bulkhead-Request-Id");
            else
                a.code = errorCodeOf(raw);
            {
                std::lock_guard lock(m_mutex);
                m_answers.push_back(std::move(a));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    const std::vector<LoadTarget> m_targets;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::vector<Answer> m_answers;
    std::vector<std::thread> m_threads;
};

struct FaultOutcome
{
    bool recovered = false;              // every client was answered 200 again
    double secondsWithoutService = 0;    // the longest a client went without a 200
    int refused = 0;                     // answers other than 200 meanwhile
};

// Runs `fault` under `load` and waits (up to `limit`) until every client has been served again.
inline FaultOutcome throughFault(SteadyLoad &load, const std::function<void()> &fault,
                                 std::chrono::seconds limit = std::chrono::seconds(120))
{
    const auto before = load.answers().size();
    const auto start = std::chrono::steady_clock::now();
    fault();
    FaultOutcome outcome;
    outcome.recovered = testsupport::waitUntil(
        [&] {
            std::set<int> served;
            const auto all = load.answers();
            for (std::size_t i = before; i < all.size(); ++i)
                if (all[i].status == 200 && all[i].sent > start + std::chrono::milliseconds(200))
                    served.insert(all[i].client);
            return served.size() == load.clients();
        },
        limit);
    const auto answers = load.answers();
    for (std::size_t i = before; i < answers.size(); ++i)
        outcome.refused += answers[i].status != 200;
    outcome.secondsWithoutService = longestGapSeconds(answers, start - std::chrono::seconds(1));
    return outcome;
}

// The request ids of a tenant's audit records, read page by page through the admin API.
inline std::set<std::string> loggedRequestIds(const ctl::AdminClient &admin, const std::string &tenant)
{
    std::set<std::string> ids;
    std::uint64_t after = 0;
    for (;;) {
        const auto page =
            admin.call("GET", "/admin/v1/logs?tenant=" + tenant + "&limit=1000&after=" + std::to_string(after));
        if (!page.ok())
            throw std::runtime_error("logs of " + tenant + ": " + page.body.dump());
        for (const auto &r : page.body["records"])
            ids.insert(r["request_id"].get<std::string>());
        if (page.body["next_after"].is_null())
            return ids;
        after = page.body["next_after"].get<std::uint64_t>();
    }
}

}  // namespace bulkhead::hardening
