#include "Routes.h"

#include <array>

namespace bulkhead::daemon {
namespace {

using boost::beast::http::verb;

constexpr std::array kRoutes{
    // Data plane: OpenAI-compatible, through the request pipeline.
    Route{verb::post, "/v1/chat/completions", Access::TenantKey, Handler::Chat, "Chat completion (streaming or not)"},
    Route{verb::post, "/v1/responses", Access::TenantKey, Handler::Responses, "Responses API (streaming or not), served through the chat pipeline"},
    Route{verb::post, "/v1/completions", Access::TenantKey, Handler::Completions, "Legacy text completion, served through the chat pipeline"},
    Route{verb::post, "/v1/embeddings", Access::TenantKey, Handler::Embeddings, "Embeddings"},
    Route{verb::get, "/v1/models", Access::TenantKey, Handler::Models, "Models of the tenant's upstream"},
    Route{verb::post, "/v1/documents", Access::TenantKey, Handler::Documents, "Store a document in the tenant's corpus"},
    Route{verb::delete_, "/v1/documents/{id}", Access::TenantKey, Handler::DocumentRemove, "Remove a document"},
    Route{verb::post, "/v1/retrieve", Access::TenantKey, Handler::Retrieve, "Search the tenant's corpus"},
    // Operations.
    Route{verb::get, "/healthz", Access::Public, Handler::Health, "Liveness"},
    Route{verb::get, "/readyz", Access::Public, Handler::Ready, "Readiness"},
    Route{verb::get, "/metrics", Access::Public, Handler::Metrics, "Prometheus metrics"},
    // Admin API.
    // The contract itself: any admin token, because it holds nothing secret and every admin role
    // (auditors' CI included) builds against it, yet it maps the whole admin surface, which the
    // data-plane port need not announce to callers without an admin credential.
    Route{verb::get, "/admin/v1/openapi.json", Access::AdminToken, Handler::Admin, "This API description (OpenAPI 3.1)"},
    Route{verb::get, "/admin/v1/whoami", Access::AdminToken, Handler::Admin, "The caller's token, role and tenant"},
    Route{verb::get, "/admin/v1/tenants", Access::AdminToken, Handler::Admin, "Tenants with their policy decision"},
    Route{verb::post, "/admin/v1/tenants", Access::PlatformAdmin, Handler::Admin, "Create a tenant"},
    Route{verb::get, "/admin/v1/tenants/{id}", Access::AdminToken, Handler::Admin, "One tenant"},
    Route{verb::patch, "/admin/v1/tenants/{id}", Access::PlatformAdmin, Handler::Admin, "Change a tenant"},
    Route{verb::put, "/admin/v1/tenants/{id}", Access::PlatformAdmin, Handler::Admin, "Replace a tenant"},
    Route{verb::delete_, "/admin/v1/tenants/{id}", Access::PlatformAdmin, Handler::Admin, "Remove a tenant"},
    Route{verb::get, "/admin/v1/tenants/{id}/system-prompt", Access::PlatformAdmin, Handler::Admin, "System prompt and canary"},
    Route{verb::put, "/admin/v1/tenants/{id}/system-prompt", Access::PlatformAdmin, Handler::Admin, "Set the system prompt"},
    Route{verb::get, "/admin/v1/tenants/{id}/scan-policy", Access::PlatformAdmin, Handler::Admin, "Scan policy"},
    Route{verb::put, "/admin/v1/tenants/{id}/scan-policy", Access::PlatformAdmin, Handler::Admin, "Set the scan policy"},
    Route{verb::patch, "/admin/v1/tenants/{id}/scan-policy", Access::PlatformAdmin, Handler::Admin, "Change the scan policy"},
    Route{verb::get, "/admin/v1/tenants/{id}/limits", Access::PlatformAdmin, Handler::Admin, "The tenant's limits"},
    Route{verb::put, "/admin/v1/tenants/{id}/limits", Access::PlatformAdmin, Handler::Admin, "Set the tenant's limits"},
    Route{verb::get, "/admin/v1/tenants/{id}/ingress-calibration", Access::PlatformAdmin, Handler::Admin, "Injection thresholds in force"},
    Route{verb::put, "/admin/v1/tenants/{id}/ingress-calibration/{kind}", Access::PlatformAdmin, Handler::Admin, "Calibrate a threshold from benign samples"},
    Route{verb::delete_, "/admin/v1/tenants/{id}/ingress-calibration/{kind}", Access::PlatformAdmin, Handler::Admin, "Back to the default threshold"},
    Route{verb::post, "/admin/v1/tenants/{id}/canary/rotate", Access::PlatformAdmin, Handler::Admin, "Rotate the canary"},
    Route{verb::post, "/admin/v1/tenants/{id}/cache-salt/rotate", Access::PlatformAdmin, Handler::Admin, "Rotate the cache salt"},
    Route{verb::put, "/admin/v1/tenants/{id}/upstream", Access::PlatformAdmin, Handler::Admin, "Assign an upstream"},
    Route{verb::get, "/admin/v1/tenants/{id}/keys", Access::PlatformAdmin, Handler::Admin, "API keys"},
    Route{verb::post, "/admin/v1/tenants/{id}/keys", Access::PlatformAdmin, Handler::Admin, "Issue an API key"},
    Route{verb::delete_, "/admin/v1/tenants/{id}/keys/{key}", Access::PlatformAdmin, Handler::Admin, "Revoke an API key"},
    Route{verb::get, "/admin/v1/tenants/{id}/encryption-keys", Access::AdminToken, Handler::Admin, "Data-key status"},
    Route{verb::post, "/admin/v1/tenants/{id}/encryption-keys/rotate", Access::PlatformAdmin, Handler::Admin, "Rotate the data key"},
    Route{verb::post, "/admin/v1/tenants/{id}/shred", Access::PlatformAdmin, Handler::Admin, "Crypto-shred"},
    Route{verb::put, "/admin/v1/tenants/{id}/audit-content", Access::PlatformAdmin, Handler::Admin, "Content logging opt-in"},
    Route{verb::get, "/admin/v1/tenants/{id}/database", Access::PlatformAdmin, Handler::Admin, "Tier 3 database"},
    Route{verb::put, "/admin/v1/tenants/{id}/database", Access::PlatformAdmin, Handler::Admin, "Set the Tier 3 database"},
    Route{verb::get, "/admin/v1/tenants/{id}/migration", Access::AdminToken, Handler::Admin, "Tier migration progress"},
    Route{verb::post, "/admin/v1/tenants/{id}/migration", Access::PlatformAdmin, Handler::Admin, "Start a tier migration"},
    Route{verb::get, "/admin/v1/upstreams", Access::PlatformAdmin, Handler::Admin, "Upstreams"},
    Route{verb::post, "/admin/v1/upstreams", Access::PlatformAdmin, Handler::Admin, "Add an upstream"},
    Route{verb::delete_, "/admin/v1/upstreams/{id}", Access::PlatformAdmin, Handler::Admin, "Remove an upstream"},
    Route{verb::get, "/admin/v1/tokens", Access::PlatformAdmin, Handler::Admin, "Admin tokens"},
    Route{verb::post, "/admin/v1/tokens", Access::PlatformAdmin, Handler::Admin, "Issue an admin token"},
    Route{verb::delete_, "/admin/v1/tokens/{id}", Access::PlatformAdmin, Handler::Admin, "Revoke an admin token"},
    Route{verb::post, "/admin/v1/policy/reload", Access::PlatformAdmin, Handler::Admin, "Reload the policy"},
    Route{verb::get, "/admin/v1/policy/evaluate", Access::PlatformAdmin, Handler::Admin, "Evaluate the policy"},
    Route{verb::get, "/admin/v1/logs", Access::AdminToken, Handler::Admin, "A tenant's audit records"},
    Route{verb::get, "/admin/v1/logs/verify", Access::AdminToken, Handler::Admin, "Verify a tenant's audit chain"},
    Route{verb::get, "/admin/v1/logs/proof", Access::AdminToken, Handler::Admin, "A record's inclusion proof to the newest signed checkpoint"},
    Route{verb::get, "/admin/v1/logs/consistency", Access::AdminToken, Handler::Admin, "A consistency proof between two signed checkpoints"},
    Route{verb::get, "/admin/v1/logs/retention", Access::AdminToken, Handler::Admin, "Retention period"},
    Route{verb::put, "/admin/v1/logs/retention", Access::PlatformAdmin, Handler::Admin, "Set the retention period"},
    Route{verb::post, "/admin/v1/logs/prune", Access::PlatformAdmin, Handler::Admin, "Apply retention now"},
    Route{verb::get, "/admin/v1/probes/runs", Access::PlatformAdmin, Handler::Admin, "Probe runs"},
    Route{verb::post, "/admin/v1/probes/runs", Access::PlatformAdmin, Handler::Admin, "Start a probe run"},
    Route{verb::get, "/admin/v1/probes/runs/{id}", Access::AdminToken, Handler::Admin, "One probe run"},
    Route{verb::get, "/admin/v1/probes/runs/{id}/events", Access::AdminToken, Handler::ProbeEvents, "A probe run as server-sent events"},
    Route{verb::post, "/admin/v1/evidence/preview", Access::AdminToken, Handler::Admin, "Control statuses an export would show, without building a pack"},
    Route{verb::get, "/admin/v1/evidence/exports", Access::AdminToken, Handler::Admin, "Evidence exports"},
    Route{verb::post, "/admin/v1/evidence/exports", Access::AdminToken, Handler::Admin, "Start an evidence export"},
    Route{verb::get, "/admin/v1/evidence/exports/{id}", Access::AdminToken, Handler::Admin, "One evidence export"},
    Route{verb::get, "/admin/v1/evidence/exports/{id}/pack", Access::AdminToken, Handler::Admin, "The signed evidence pack (zip)"},
};

} // namespace

std::span<const Route> routeTable() noexcept
{
    return kRoutes;
}

bool pathMatches(std::string_view pattern, std::string_view path) noexcept
{
    while (!pattern.empty() && !path.empty()) {
        const auto patternEnd = pattern.find('/', 1);
        const auto pathEnd = path.find('/', 1);
        const auto expected = pattern.substr(0, patternEnd);
        const auto actual = path.substr(0, pathEnd);
        const bool wildcard = expected.size() > 3 && expected[1] == '{' && expected.back() == '}';
        if (wildcard ? actual.size() < 2 : expected != actual)
            return false;
        pattern.remove_prefix(expected.size());
        path.remove_prefix(actual.size());
    }
    return pattern.empty() && path.empty();
}

RouteMatch matchRoute(boost::beast::http::verb method, std::string_view path)
{
    RouteMatch match;
    for (const auto &route : kRoutes) {
        if (!pathMatches(route.pattern, path))
            continue;
        match.pathKnown = true;
        match.allowedMethods.push_back(boost::beast::http::to_string(route.method));
        if (route.method == method && !match.route)
            match.route = &route;
    }
    return match;
}

} // namespace bulkhead::daemon
