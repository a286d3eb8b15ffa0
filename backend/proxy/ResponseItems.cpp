#include "ResponseItems.h"
#include "core/JsonText.h"

#include <algorithm>
#include <iterator>

namespace bulkhead::proxy {

ResponseItems::ResponseItems() : ResponseItems(Limits{}, &Clock::now) {}

ResponseItems::ResponseItems(Limits limits, std::function<Clock::time_point()> clock)
    : m_limits(limits), m_clock(std::move(clock))
{
}

void ResponseItems::expire(TenantItems &items, Clock::time_point now)
{
    while (!items.entries.empty() &&
           (items.entries.front().expires <= now || items.entries.size() > m_limits.maxItemsPerTenant ||
            items.bytes > m_limits.maxBytesPerTenant)) {
        items.bytes -= items.entries.front().bytes;
        items.entries.pop_front();
    }
}

void ResponseItems::sweep(Clock::time_point now)
{
    if (now < m_nextSweep)
        return;
    m_nextSweep = now + std::chrono::minutes(1);
    for (auto it = m_tenants.begin(); it != m_tenants.end();) {
        expire(it->second, now);
        it = it->second.entries.empty() ? m_tenants.erase(it) : std::next(it);
    }
}

std::size_t ResponseItems::bytesHeld()
{
    std::lock_guard lock(m_mutex);
    std::size_t total = 0;
    for (const auto &[tenant, items] : m_tenants)
        total += items.bytes;
    return total;
}

void ResponseItems::remember(const std::string &tenant, const nlohmann::json &item)
{
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string())
        return;
    const std::size_t bytes = core::jsonText(item).size();
    if (bytes > m_limits.maxBytesPerTenant)
        return;  // larger than a tenant's whole allowance: not kept
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    auto &items = m_tenants[tenant];
    items.entries.push_back({item["id"].get<std::string>(), item, bytes, now + m_limits.ttl});
    items.bytes += bytes;
    expire(items, now);
    sweep(now);
}

std::optional<nlohmann::json> ResponseItems::recall(const std::string &tenant, const std::string &id)
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    sweep(now);
    const auto found = m_tenants.find(tenant);
    if (found == m_tenants.end())
        return std::nullopt;
    expire(found->second, now);
    const auto &entries = found->second.entries;
    // Newest first: an id is unique, but the latest copy is the one the client last saw.
    const auto it = std::find_if(entries.rbegin(), entries.rend(), [&](const Entry &e) { return e.id == id; });
    if (it == entries.rend())
        return std::nullopt;
    return it->item;
}

} // namespace bulkhead::proxy
