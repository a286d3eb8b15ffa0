#pragma once

#include "AdminClient.h"
#include "CliContext.h"

namespace bulkhead::ctl {

// Subcommands that talk to the daemon's admin API (--url/--token or BULKHEAD_URL/TOKEN).
int runTenantsCommand(CliContext &ctx);
int runKeysCommand(CliContext &ctx);
int runUpstreamsCommand(CliContext &ctx);
int runTokensCommand(CliContext &ctx);
int runPromptCommand(CliContext &ctx);
int runProbesCommand(CliContext &ctx);
int runLogsCommand(CliContext &ctx);
// Tenant documents through the data plane (a tenant API key) and the admin side of their keys.
int runDocsCommand(CliContext &ctx);
int runEncryptionCommand(CliContext &ctx);

// `policy show` and `policy reload` (the daemon's view); `policy evaluate` stays offline.
int runDaemonPolicyCommand(CliContext &ctx);

// Tests replace the network with their own transport.
void setAdminTransportForTesting(HttpTransport transport);

} // namespace bulkhead::ctl
