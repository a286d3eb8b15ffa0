#pragma once

#include "CliContext.h"

#include <map>
#include <optional>
#include <string>

namespace bulkhead::ctl {

// bulkheadctl evidence export --out PACK.zip [--tenant ID | --all] [--since TIME] [--no-verify]
//   asks the daemon for a signed evidence pack (progress on stderr) and writes it.
// bulkheadctl evidence verify PACK.zip [--fingerprint SHA256:HEX] [--json]
//   checks a pack offline: exit 0 when it verifies, 1 naming the file when it does not.
int runEvidenceCommand(CliContext &ctx);

// The signing key an auditor pinned: --fingerprint, else BULKHEAD_SIGNING_FINGERPRINT; nullopt
// when neither is set (then only self-consistency can be checked). Shared by `evidence verify`
// and `logs verify-proof`, which are signed by the same key.
std::optional<std::string> pinnedFingerprint(const std::map<std::string, std::string> &options);

} // namespace bulkhead::ctl
