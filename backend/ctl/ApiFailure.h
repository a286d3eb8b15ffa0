#pragma once

#include "AdminClient.h"
#include "CliContext.h"

namespace bulkhead::ctl {

// Prints a failed admin-API call, for every command alike: the daemon's JSON as it is with
// --json, else "bulkheadctl: MESSAGE (CODE)" on stderr. The exit code follows the code's row in
// the protocol's one error table (protocol::apiErrorTable, the codes resources/openapi.json
// publishes): 2 (usage) when the request itself was wrong (a 4xx other than authentication and
// permission), 1 otherwise. A code outside the table (a newer daemon, or bulkheadctl's own
// connection_failed and bad_response) is printed as it is and judged by the HTTP status.
int reportApiFailure(CliContext &ctx, const AdminClient::Reply &reply);

} // namespace bulkhead::ctl
