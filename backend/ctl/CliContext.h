#pragma once

#include "core/Error.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace bulkhead::ctl {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the operation ran and failed (server error, I/O)
inline constexpr int kExitUsage = 2;     // bad arguments or bad input

// What a subcommand gets: its own arguments (after the subcommand words), the global options,
// and the streams to write to. Nothing reads std::cout directly, so commands are testable.
struct CliContext
{
    std::vector<std::string> args;
    bool json = false;
    std::string url;    // admin API base URL (--url or BULKHEAD_URL)
    std::string token;  // admin token (--token or BULKHEAD_TOKEN), never printed
    std::ostream &out;
    std::ostream &err;
};

// Reports a failed command: the message on stderr, {"error":{...}} on stdout with --json; returns
// 2 for invalid input and 1 otherwise.
int reportError(CliContext &ctx, const core::Error &error);

} // namespace bulkhead::ctl
