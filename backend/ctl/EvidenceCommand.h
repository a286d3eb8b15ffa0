#pragma once

#include "CliContext.h"

namespace bulkhead::ctl {

// bulkheadctl evidence export --out PACK.zip [--tenant ID | --all] [--since TIME] [--no-verify]
//   asks the daemon for a signed evidence pack (progress on stderr) and writes it.
// bulkheadctl evidence verify PACK.zip [--fingerprint HEX] [--json]
//   checks a pack offline: exit 0 when it verifies, 1 naming the file when it does not.
int runEvidenceCommand(CliContext &ctx);

} // namespace bulkhead::ctl
