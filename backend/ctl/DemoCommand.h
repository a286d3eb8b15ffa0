#pragma once

#include "CliContext.h"

namespace bulkhead::ctl {

// `bulkheadctl demo up --dir DIR` starts a private PostgreSQL cluster, the reference upstream
// (a simulator; one shared plus one per Tier 3 tenant) and bulkheadd on free loopback ports,
// loads the demo tenants with a data-plane key each and writes DIR/demo.json.
// `bulkheadctl demo down --dir DIR` stops all of it and leaves no process behind.
int runDemoCommand(CliContext &ctx);

} // namespace bulkhead::ctl
