#include "TenantLimiter.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace bulkhead::proxy {
namespace {

std::int64_t currentUtcDay()
{
    using namespace std::chrono;
    return duration_cast<days>(system_clock::now().time_since_epoch()).count();
}

std::int64_t secondsToUtcMidnight()
{
    using namespace std::chrono;
    const auto now = system_clock::now().time_since_epoch();
    const auto next = duration_cast<days>(now) + days(1);
    return std::max<std::int64_t>(1, duration_cast<seconds>(next - now).count());
}

} // namespace

struct TenantLimiter::State
{
    std::mutex mutex;
    double bucket = -1;  // tokens available; -1: full on first use
    Clock::time_point refilled{};
    std::int64_t inFlight = 0;
    std::int64_t streams = 0;
    // The last minute of tokens, a bucket per second.
    std::array<std::int64_t, 60> tokens{};
    std::int64_t tokensSecond = 0;  // the second tokens[tokensSecond % 60] belongs to
    std::int64_t documentDay = -1;
    std::int64_t documentBytes = 0;

    void rollTokens(std::int64_t second)
    {
        if (second - tokensSecond >= 60)
            tokens.fill(0);
        else
            for (std::int64_t s = tokensSecond + 1; s <= second; ++s)
                tokens[static_cast<std::size_t>(s % 60)] = 0;
        tokensSecond = std::max(tokensSecond, second);
    }
    std::int64_t tokensInWindow() const
    {
        std::int64_t sum = 0;
        for (const auto t : tokens)
            sum += t;
        return sum;
    }
};

class TenantLimiter::Slot
{
public:
    Slot(std::shared_ptr<State> state, bool stream) : m_state(std::move(state)), m_stream(stream) {}
    ~Slot()
    {
        std::lock_guard lock(m_state->mutex);
        --m_state->inFlight;
        if (m_stream)
            --m_state->streams;
    }
    Slot(const Slot &) = delete;
    Slot &operator=(const Slot &) = delete;

private:
    std::shared_ptr<State> m_state;
    bool m_stream;
};

TenantLimiter::TenantLimiter(unsigned instances, std::function<Clock::time_point()> now,
                             std::function<std::int64_t()> utcDay)
    : m_instances(std::max(1u, instances)), m_now(std::move(now)),
      m_utcDay(utcDay ? std::move(utcDay) : currentUtcDay)
{
}

std::int64_t TenantLimiter::share(std::int64_t limit) const noexcept
{
    return std::max<std::int64_t>(1, (limit + m_instances - 1) / m_instances);
}

std::shared_ptr<TenantLimiter::State> TenantLimiter::stateOf(const std::string &tenant)
{
    std::lock_guard lock(m_mutex);
    auto &slot = m_states[tenant];
    if (!slot)
        slot = std::make_shared<State>();
    return slot;
}

TenantLimiter::Admission TenantLimiter::admit(const std::string &tenant, const core::TenantLimits &limits,
                                              bool stream)
{
    const auto shared = stateOf(tenant);  // the slot keeps it alive
    State &state = *shared;
    std::lock_guard lock(state.mutex);
    const auto now = m_now();
    if (limits.concurrentRequests && state.inFlight >= share(*limits.concurrentRequests))
        return {{}, Refusal{"concurrent_requests", 1}};
    if (stream && limits.concurrentStreams && state.streams >= share(*limits.concurrentStreams))
        return {{}, Refusal{"concurrent_streams", 1}};
    if (limits.tokensPerMinute) {
        const auto second = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        state.rollTokens(second);
        if (state.tokensInWindow() >= share(*limits.tokensPerMinute)) {
            // Free again once the oldest second holding tokens leaves the window.
            std::int64_t wait = 60;
            for (std::int64_t s = second - 59; s <= second; ++s)
                if (state.tokens[static_cast<std::size_t>(((s % 60) + 60) % 60)] > 0) {
                    wait = s + 60 - second;
                    break;
                }
            return {{}, Refusal{"tokens_per_minute", std::max<std::int64_t>(1, wait)}};
        }
    }
    if (limits.requestsPerSecond) {
        const double rate = *limits.requestsPerSecond / m_instances;
        const double capacity = limits.burst ? static_cast<double>(share(*limits.burst)) : std::max(1.0, 2 * rate);
        if (state.bucket < 0) {
            state.bucket = capacity;
        } else {
            const double elapsed = std::chrono::duration<double>(now - state.refilled).count();
            state.bucket = std::min(capacity, state.bucket + elapsed * rate);
        }
        state.refilled = now;
        if (state.bucket < 1.0)
            return {{}, Refusal{"requests_per_second",
                                std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1.0 - state.bucket) / rate)))}};
        state.bucket -= 1.0;
    }
    ++state.inFlight;
    if (stream)
        ++state.streams;
    return {std::make_shared<Slot>(shared, stream), std::nullopt};
}

void TenantLimiter::chargeTokens(const std::string &tenant, std::int64_t tokens)
{
    if (tokens <= 0)
        return;
    const auto shared = stateOf(tenant);
    State &state = *shared;
    std::lock_guard lock(state.mutex);
    const auto second =
        std::chrono::duration_cast<std::chrono::seconds>(m_now().time_since_epoch()).count();
    state.rollTokens(second);
    state.tokens[static_cast<std::size_t>(((second % 60) + 60) % 60)] += tokens;
}

std::optional<TenantLimiter::Refusal> TenantLimiter::chargeDocumentBytes(const std::string &tenant,
                                                                         const core::TenantLimits &limits,
                                                                         std::int64_t bytes)
{
    if (!limits.documentBytesPerDay)
        return std::nullopt;
    const auto shared = stateOf(tenant);
    State &state = *shared;
    std::lock_guard lock(state.mutex);
    const auto day = m_utcDay();
    if (day != state.documentDay) {
        state.documentDay = day;
        state.documentBytes = 0;
    }
    if (state.documentBytes + bytes > share(*limits.documentBytesPerDay))
        return Refusal{"document_bytes_per_day", secondsToUtcMidnight()};
    state.documentBytes += bytes;
    return std::nullopt;
}

} // namespace bulkhead::proxy
