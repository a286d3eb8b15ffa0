#include "core/Error.h"
#include "daemon/Daemon.h"
#include "daemon/DaemonConfig.h"
#include "daemon/OpenApi.h"

#include <nlohmann/json.hpp>

#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <iostream>

namespace {

// Key material lives in this process's memory: no core dumps, no ptrace by other users.
void hardenProcess()
{
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void logStartupError(const std::string &code, const std::string &message)
{
    std::cerr << nlohmann::json{{"level", "error"}, {"event", code}, {"detail", message}}.dump(
                     -1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
}

} // namespace

int main(int argc, char **argv)
{
    hardenProcess();
    using namespace bulkhead;
    daemon::ConfigParseResult parsed;
    try {
        parsed = daemon::parseDaemonConfig(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const core::Error &e) {
        logStartupError("invalid_configuration", e.what());
        return 2;
    }
    if (parsed.showHelp) {
        std::cout << daemon::daemonUsage();
        return 0;
    }
    if (parsed.showOpenApi) {
        std::cout << daemon::openApiText();
        return 0;
    }
    if (parsed.showVersion) {
        std::cout << "bulkheadd " << BULKHEAD_VERSION << "\n";
        return 0;
    }

    // Signals are taken by this thread only (sigwait below), never by I/O threads.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    daemon::Daemon bulkheadd(parsed.config);
    try {
        bulkheadd.start();
    } catch (const core::Error &e) {
        logStartupError("startup_failed", e.what());
        return e.code() == core::ErrorCode::InvalidArgument ? 2 : 1;
    } catch (const std::exception &e) {
        logStartupError("startup_failed", e.what());
        return 1;
    }
    for (;;) {
        int received = 0;
        if (sigwait(&signals, &received) != 0)
            continue;
        if (received == SIGHUP) {
            bulkheadd.reload();
            continue;
        }
        bulkheadd.shutdown();
        break;
    }
    bulkheadd.wait();
    return 0;
}
