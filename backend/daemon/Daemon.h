#pragma once

#include "DaemonConfig.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace bulkhead::daemon {

// bulkheadd as an object: the control-plane pool and refresher, the data plane, the admin API
// and the HTTP listener, started and stopped together. Tests run it in-process; the executable
// is a thin main() around it.
class Daemon final
{
public:
    // Logs operational events as one JSON object per line; never tenant content or secrets.
    using Log = std::function<void(std::string_view level, std::string_view event,
                                   std::string_view detail)>;

    explicit Daemon(DaemonConfig config, Log log = {});
    ~Daemon();

    Daemon(const Daemon &) = delete;
    Daemon &operator=(const Daemon &) = delete;

    // Applies the control-plane migrations, bootstraps the first admin token when asked,
    // loads the policy and starts listening. Throws core::Error when any of that fails.
    void start();
    std::uint16_t port() const noexcept;
    // Staged shutdown (safe from a signal watcher or any thread); wait() blocks until done.
    void shutdown();
    void wait();
    // Reloads the control plane now (SIGHUP); returns false if it is unreachable.
    bool reload();

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// The default Log: JSON lines on stderr.
Daemon::Log jsonLinesLog();

} // namespace bulkhead::daemon
