#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace bulkhead::daemon {

// LISTENs on the control plane's change channel (the triggers of migration 2 NOTIFY
// `bulkhead_control_plane` on every change) on its own connection and thread, and calls
// `onChange` for each notification, so a key revoked through one daemon is enforced by every
// other daemon at once instead of at the next poll. The periodic refresh stays as the safety
// net: a lost connection only delays invalidation, it never extends trust (the snapshot still
// goes stale and fails closed).
class ChangeListener final
{
public:
    ChangeListener(std::string dsn, std::function<void()> onChange,
                   std::function<void(const std::string &)> onError);
    ~ChangeListener();

    ChangeListener(const ChangeListener &) = delete;
    ChangeListener &operator=(const ChangeListener &) = delete;

    void start();
    void stop();

private:
    void run();

    const std::string m_dsn;
    const std::function<void()> m_onChange;
    const std::function<void(const std::string &)> m_onError;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace bulkhead::daemon
