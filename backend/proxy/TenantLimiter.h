#pragma once

#include "core/TenantLimits.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace bulkhead::proxy {

// Enforces each tenant's limits in this bulkheadd instance: a token bucket for requests per
// second, counters of requests and streams in flight, a sliding minute of tokens (counted from
// the upstream's usage when a request ends) and the document bytes of the current UTC day.
//
// Several instances: each enforces its share, limit / `instances` (rounded up), so a tenant
// spread evenly over N instances behind a load balancer gets its limit, and one instance can
// never give a tenant more than its share. (Shared counters in PostgreSQL would put a database
// round trip on every request's hot path and make the data plane depend on the control plane's
// availability for every call; an even share needs neither.)
class TenantLimiter final
{
public:
    using Clock = std::chrono::steady_clock;

    explicit TenantLimiter(unsigned instances = 1, std::function<Clock::time_point()> now = Clock::now,
                           std::function<std::int64_t()> utcDay = {});

    // Which limit refused, and when to try again.
    struct Refusal
    {
        std::string limit;  // requests_per_second, concurrent_requests, ...
        std::int64_t retryAfterSeconds = 1;
    };

    // Held for as long as a request is in flight; releases its slot when destroyed.
    class Slot;
    struct Admission
    {
        std::shared_ptr<Slot> slot;  // empty when refused
        std::optional<Refusal> refused;
    };

    Admission admit(const std::string &tenant, const core::TenantLimits &limits, bool stream);
    // Tokens a finished request used (prompt + completion).
    void chargeTokens(const std::string &tenant, std::int64_t tokens);
    // An upload of `bytes`: refused when it would exceed the day's allowance.
    std::optional<Refusal> chargeDocumentBytes(const std::string &tenant, const core::TenantLimits &limits,
                                               std::int64_t bytes);

private:
    struct State;
    std::int64_t share(std::int64_t limit) const noexcept;
    std::shared_ptr<State> stateOf(const std::string &tenant);

    unsigned m_instances;
    std::function<Clock::time_point()> m_now;
    std::function<std::int64_t()> m_utcDay;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<State>> m_states;
};

} // namespace bulkhead::proxy
