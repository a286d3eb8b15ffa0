#pragma once

#include "CliContext.h"

namespace bulkhead::ctl {

// `bulkheadctl cluster start|stop|status --dir DIR`: a private local PostgreSQL cluster
// (store::LocalCluster). CI starts its test cluster with `cluster start --dir X --json` and
// exports BULKHEAD_TEST_PGHOST/PGPORT from the output. Needs no daemon.
int runClusterCommand(CliContext &ctx);

} // namespace bulkhead::ctl
