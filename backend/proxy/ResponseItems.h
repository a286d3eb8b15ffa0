#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace bulkhead::proxy {

// The output items of this instance's recent Responses API answers, per tenant, so that a client
// referring to an earlier item by id (`item_reference`, which the Vercel AI SDK sends for every
// earlier turn and tool call unless told `store: false`) gets it back without the gateway keeping
// conversations. Only what the egress scan released is kept; items live in memory only, for a
// bounded time and a bounded number and size per tenant, and a tenant can only recall items that
// were sent to it. Another instance, or an expired item, is a clear refusal, never a guess.
class ResponseItems final
{
public:
    using Clock = std::chrono::steady_clock;

    struct Limits
    {
        std::chrono::seconds ttl{std::chrono::hours(1)};
        std::size_t maxItemsPerTenant = 2000;
        std::size_t maxBytesPerTenant = 8 * 1024 * 1024;
    };

    ResponseItems();
    ResponseItems(Limits limits, std::function<Clock::time_point()> clock);

    // Keeps an item (an object with a string "id") for `tenant`; the oldest go first when the
    // tenant is over its limits.
    void remember(const std::string &tenant, const nlohmann::json &item);
    // The item `id` as sent to `tenant`, if this instance still holds it.
    std::optional<nlohmann::json> recall(const std::string &tenant, const std::string &id);
    // Bytes held for all tenants together (what the limits and expiry bound).
    std::size_t bytesHeld();

private:
    struct Entry
    {
        std::string id;
        nlohmann::json item;
        std::size_t bytes = 0;
        Clock::time_point expires;
    };
    struct TenantItems
    {
        std::deque<Entry> entries;  // oldest first
        std::size_t bytes = 0;
    };
    void expire(TenantItems &items, Clock::time_point now);
    // Expires every tenant's items and drops the tenants left with none, at most once a
    // minute: a tenant that stops calling does not keep its items until it calls again.
    void sweep(Clock::time_point now);

    const Limits m_limits;
    const std::function<Clock::time_point()> m_clock;
    std::mutex m_mutex;
    std::map<std::string, TenantItems, std::less<>> m_tenants;
    Clock::time_point m_nextSweep{};
};

} // namespace bulkhead::proxy
