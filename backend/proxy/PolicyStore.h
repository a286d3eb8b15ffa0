#pragma once

#include "PolicySnapshot.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace bulkhead::store {
class ConnectionPool;
}

namespace bulkhead::proxy {

// Holds the current PolicySnapshot and keeps it fresh: `refresh()` (called periodically on a
// database thread, and at once after an admin write) compares the control-plane version and
// reloads on change. If the control plane cannot be read, or has not been confirmed within the
// staleness bound, `current()` returns null and the data plane answers policy_unavailable:
// enforcement never runs on policy it cannot vouch for.
class PolicyStore final
{
public:
    using Clock = std::chrono::steady_clock;

    PolicyStore(store::ConnectionPool &pool, std::chrono::milliseconds maxStaleness,
                std::function<Clock::time_point()> now = Clock::now);

    std::shared_ptr<const PolicySnapshot> current() const;
    // Even when stale: for diagnostics and the admin API's read-only views.
    std::shared_ptr<const PolicySnapshot> lastKnown() const;

    // Called with every newly built snapshot before it is published (on the refreshing
    // thread). If it throws, the snapshot is not published and the store fails closed: the
    // egress scanner must know a tenant's canary before that tenant can be served.
    void setSnapshotListener(std::function<void(const PolicySnapshot &)> listener);

    // Blocking; run on a database thread. Returns true if the control plane was reachable.
    bool refresh(bool force = false);
    bool available() const;
    std::string lastError() const;

private:
    store::ConnectionPool &m_pool;
    const std::chrono::milliseconds m_maxStaleness;
    const std::function<Clock::time_point()> m_now;

    mutable std::mutex m_mutex;
    std::shared_ptr<const PolicySnapshot> m_snapshot;
    Clock::time_point m_confirmedAt{};
    bool m_failed = true;
    std::string m_lastError = "not loaded yet";
    std::mutex m_refreshMutex;  // one refresh at a time
    std::function<void(const PolicySnapshot &)> m_listener;
};

} // namespace bulkhead::proxy
