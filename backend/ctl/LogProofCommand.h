#pragma once

#include "CliContext.h"

namespace bulkhead::ctl {

// `logs prove` (asks the daemon for an inclusion or consistency proof and writes it to a file)
// and `logs verify-proof` (checks one offline, against a pinned key fingerprint). `ctx.args`
// starts with the subcommand word.
int runLogsProveCommand(CliContext &ctx);
int runLogsVerifyProofCommand(CliContext &ctx);

} // namespace bulkhead::ctl
