#pragma once

#include "ServerAccount.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::store {

// One program run to completion: fork + exec of an absolute path with an explicit argument
// vector and environment (no shell, so no quoting bugs), optionally as another account.
struct ChildProcessSpec
{
    std::filesystem::path program;        // absolute path, executed directly
    std::vector<std::string> arguments;   // argv[1..]
    std::vector<std::string> environment; // complete environment, "NAME=value"
    std::filesystem::path workingDirectory;
    // stdout and stderr are appended here, opened by the child after it switched accounts so
    // the file belongs to the account that writes it. Empty: captured into the result instead
    // (only for short programs that do not leave daemons behind holding the pipe).
    std::filesystem::path logFile;
    std::optional<ServerAccount> runAs; // switch to this account before exec (needs root)
    std::chrono::milliseconds timeout{60000};
};

struct ChildProcessResult
{
    int exitCode = -1; // -1 when killed by a signal or timed out
    bool timedOut = false;
    std::string output; // captured stdout+stderr when no logFile was given

    bool succeeded() const noexcept { return exitCode == 0 && !timedOut; }
};

// Runs the program and reaps it (also on timeout: TERM, then KILL, to its process group), so no
// zombie is left behind. Throws core::Error(Unavailable) when the program cannot be started at
// all (fork fails, the account switch fails, exec fails), naming the step and errno.
ChildProcessResult runChildProcess(const ChildProcessSpec &spec);

} // namespace bulkhead::store
