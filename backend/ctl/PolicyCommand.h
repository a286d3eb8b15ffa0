#pragma once

#include "CliContext.h"

namespace bulkhead::ctl {

// `bulkheadctl policy evaluate FILE [--rules RULES.json]` and `bulkheadctl policy rules`.
// Offline: needs no daemon and no database.
int runPolicyCommand(CliContext &ctx);

} // namespace bulkhead::ctl
