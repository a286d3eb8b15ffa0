#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace bulkhead::ctl {

// Entry point of `bulkheadctl`: parses global options, dispatches to a subcommand and returns
// the process exit code (0 ok, 1 operation failed, 2 usage or input error).
int runCli(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

} // namespace bulkhead::ctl
