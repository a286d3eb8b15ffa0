#pragma once

#include "AdminClient.h"
#include "CliContext.h"

#include <functional>
#include <optional>

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

// For every command that talks to the daemon: the client from --url/--token (nullopt: return
// `exitCode`, a usage error was printed), and a reply printed: JSON as is with --json, else
// `render` for success or the error message; returns the exit code.
std::optional<AdminClient> adminClient(CliContext &ctx, int &exitCode);
int finishAdminCall(CliContext &ctx, const AdminClient::Reply &reply,
                    const std::function<void(const nlohmann::json &)> &render);

// Tests replace the network with their own transport.
void setAdminTransportForTesting(HttpTransport transport);

} // namespace bulkhead::ctl
