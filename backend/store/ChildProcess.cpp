#include "ChildProcess.h"

#include "core/Error.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;
using Clock = std::chrono::steady_clock;

// What the child reports through the status pipe when a step before exec() fails.
enum class ChildStep : int
{
    Groups = 1,
    Gid,
    Uid,
    Chdir,
    Stdin,
    Output,
    Exec
};

const char *stepName(int step)
{
    switch (static_cast<ChildStep>(step)) {
    case ChildStep::Groups:
        return "setgroups";
    case ChildStep::Gid:
        return "setgid";
    case ChildStep::Uid:
        return "setuid";
    case ChildStep::Chdir:
        return "chdir to the working directory";
    case ChildStep::Stdin:
        return "open /dev/null";
    case ChildStep::Output:
        return "open the log file";
    case ChildStep::Exec:
        return "exec";
    }
    return "start";
}

class FdPair final
{
public:
    FdPair()
    {
        if (pipe2(m_fds.data(), O_CLOEXEC) != 0)
            throw Error(ErrorCode::Unavailable,
                        std::string("pipe failed: ") + std::strerror(errno));
    }
    ~FdPair()
    {
        closeRead();
        closeWrite();
    }
    FdPair(const FdPair &) = delete;
    FdPair &operator=(const FdPair &) = delete;

    int read() const noexcept { return m_fds[0]; }
    int write() const noexcept { return m_fds[1]; }
    void closeRead() noexcept { closeOne(m_fds[0]); }
    void closeWrite() noexcept { closeOne(m_fds[1]); }

private:
    static void closeOne(int &fd) noexcept
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    std::array<int, 2> m_fds{-1, -1};
};

[[noreturn]] void childFail(int statusFd, ChildStep step) noexcept
{
    const std::array<int, 2> report{static_cast<int>(step), errno};
    [[maybe_unused]] const auto written = ::write(statusFd, report.data(), sizeof(report));
    _exit(127);
}

// Descriptors the parent holds (sockets, database connections, other children's pipes) must not
// leak into a server that may outlive us: mark everything above stderr close-on-exec.
void markInheritedCloseOnExec(int maxFd) noexcept
{
    if (syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    for (int fd = 3; fd < maxFd; ++fd)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
}

bool waitWithDeadline(pid_t pid, int &status, Clock::time_point deadline)
{
    while (true) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return true;
        if (done < 0 && errno != EINTR) {
            status = -1; // reaped elsewhere (SIGCHLD ignored): the outcome is unknown
            return true;
        }
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace

ChildProcessResult runChildProcess(const ChildProcessSpec &spec)
{
    if (!spec.program.is_absolute())
        throw Error(ErrorCode::InvalidArgument,
                    "program path must be absolute: " + spec.program.string(), "program");

    // Everything the child needs is built before fork(): after it, in a multi-threaded parent,
    // only async-signal-safe calls are allowed until exec.
    std::vector<std::string> argvStore;
    argvStore.reserve(spec.arguments.size() + 1);
    argvStore.push_back(spec.program.string());
    argvStore.insert(argvStore.end(), spec.arguments.begin(), spec.arguments.end());
    std::vector<char *> argv;
    for (auto &a : argvStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStore = spec.environment;
    std::vector<char *> envp;
    for (auto &e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string workDir = spec.workingDirectory.string();
    const std::string logPath = spec.logFile.string();
    const bool capture = logPath.empty();
    rlimit limit{};
    const int maxFd = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536
                          ? static_cast<int>(limit.rlim_cur)
                          : 65536;

    FdPair status;
    FdPair output;
    const pid_t pid = fork();
    if (pid < 0)
        throw Error(ErrorCode::Unavailable, std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) {
        // Own process group, so a timeout can take down whatever the program spawned.
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        struct sigaction dfl = {};
        dfl.sa_handler = SIG_DFL;
        for (int sig : {SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT})
            sigaction(sig, &dfl, nullptr);
        if (spec.runAs) {
            const auto &account = *spec.runAs;
            if (setgroups(account.groups.size(), account.groups.data()) != 0)
                childFail(status.write(), ChildStep::Groups);
            if (setgid(account.gid) != 0)
                childFail(status.write(), ChildStep::Gid);
            if (setuid(account.uid) != 0 || getuid() == 0 || geteuid() == 0)
                childFail(status.write(), ChildStep::Uid);
        }
        if (!workDir.empty() && chdir(workDir.c_str()) != 0)
            childFail(status.write(), ChildStep::Chdir);
        const int devNull = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (devNull < 0 || dup2(devNull, STDIN_FILENO) < 0)
            childFail(status.write(), ChildStep::Stdin);
        const int out =
            capture ? output.write()
                    : open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (out < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0)
            childFail(status.write(), ChildStep::Output);
        markInheritedCloseOnExec(maxFd);
        execve(argv[0], argv.data(), envp.data());
        childFail(status.write(), ChildStep::Exec);
    }

    status.closeWrite();
    output.closeWrite();
    const auto deadline = Clock::now() + spec.timeout;
    ChildProcessResult result;

    // The status pipe closes on a successful exec; data on it means a step before exec failed.
    std::array<int, 2> report{0, 0};
    ssize_t got = 0;
    do {
        got = ::read(status.read(), report.data(), sizeof(report));
    } while (got < 0 && errno == EINTR);
    if (got == static_cast<ssize_t>(sizeof(report))) {
        int ignored = 0;
        while (waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
        }
        throw Error(ErrorCode::Unavailable,
                    "cannot run " + spec.program.string() + ": " + stepName(report[0]) +
                        " failed: " + std::strerror(report[1]) +
                        (spec.runAs ? " (as account \"" + spec.runAs->name + "\")" : ""));
    }

    if (capture) {
        constexpr std::size_t kMaxCaptured = 1 << 20;
        std::array<char, 4096> chunk{};
        while (true) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0)
                break;
            pollfd p{output.read(), POLLIN, 0};
            const int ready = poll(&p, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready <= 0)
                break;
            const ssize_t n = ::read(output.read(), chunk.data(), chunk.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            if (result.output.size() < kMaxCaptured)
                result.output.append(chunk.data(), static_cast<std::size_t>(n));
        }
    }

    int waitStatus = 0;
    if (!waitWithDeadline(pid, waitStatus, deadline)) {
        result.timedOut = true;
        kill(-pid, SIGTERM);
        if (!waitWithDeadline(pid, waitStatus, Clock::now() + std::chrono::seconds(5))) {
            kill(-pid, SIGKILL);
            while (waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR) {
            }
        }
        return result;
    }
    if (WIFEXITED(waitStatus))
        result.exitCode = WEXITSTATUS(waitStatus);
    return result;
}

} // namespace bulkhead::store
