#pragma once

#include <ostream>  // (beast's verb header needs it first)

#include <boost/beast/http/verb.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace bulkhead::daemon {

// Who may call a route.
enum class Access {
    Public,         // no credential (health, readiness)
    TenantKey,      // a tenant's data-plane API key
    AdminToken,     // any admin token: the handler scopes a tenant auditor to its tenant
    PlatformAdmin,  // the platform-admin role only
};

// What serves a route.
enum class Handler {
    Chat, Responses, Completions,  // the chat pipeline, in the client's request shape
    Embeddings, Models, Documents, DocumentRemove, Retrieve,  // the data-plane pipeline
    Health, Ready, Metrics,
    ProbeEvents,  // server-sent events of a probe run
    Admin,        // the admin API (transport-independent, on the database threads)
};

// One row of the daemon's route table: the single list of what bulkheadd serves, used by the
// router (404/405) and by the published API description.
struct Route
{
    boost::beast::http::verb method;
    std::string_view pattern;  // segments in braces match one path segment: /v1/documents/{id}
    Access access;
    Handler handler;
    std::string_view summary;
};

std::span<const Route> routeTable() noexcept;

struct RouteMatch
{
    const Route *route = nullptr;      // the route for this method and path
    bool pathKnown = false;            // some route has this path (so: 405, not 404)
    std::vector<std::string_view> allowedMethods;
};

RouteMatch matchRoute(boost::beast::http::verb method, std::string_view path);

// True when `path` fits `pattern` segment by segment ({name} matches any one non-empty segment).
bool pathMatches(std::string_view pattern, std::string_view path) noexcept;

} // namespace bulkhead::daemon
