#pragma once

#include "TenantRuntime.h"

#include <string>

namespace bulkhead::proxy {

// The per-tenant KV-cache partition key sent upstream as `cache_salt` (vLLM) and
// `prompt_cache_key` (OpenAI-style). HMAC-derived from the tenant's secret and key epoch:
// stable within a tenant and epoch (so the tenant keeps its own cache hits), different across
// tenants, and useless to a client that copies it, because the proxy always overwrites it.
std::string cacheSaltFor(const TenantRuntime &tenant);
std::string promptCacheKeyFor(const TenantRuntime &tenant);

} // namespace bulkhead::proxy
