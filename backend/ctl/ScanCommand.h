#pragma once

#include "CliContext.h"

namespace bulkhead::ctl {

// `bulkheadctl scan prompt|document|response [--tenant ID] [FILE|-] [--json]`: runs the same
// scanners as the proxy on an admin's own text, offline (no daemon). For `response`,
// `--system-prompt FILE`, `--canary STRING` and `--document-canary STRING` (repeatable) name
// the material that must not leak. Exit 0 whatever the verdict (it is in the output), 2 for
// bad input.
int runScanCommand(CliContext &ctx);

} // namespace bulkhead::ctl
