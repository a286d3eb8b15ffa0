#pragma once

#include "TenantRuntime.h"

#include <string>

namespace bulkhead::proxy {

// The per-tenant KV-cache partition key sent upstream as `cache_salt` (vLLM) and
// `prompt_cache_key` (OpenAI-style). HMAC-derived from the tenant's secret and key epoch:
// stable within a tenant and epoch (so the tenant keeps its own cache hits), different across
// tenants, and useless to a client that copies it, because the proxy always overwrites it.
// Both throw core::Error(Unavailable) when the tenant has no salt key.
std::string cacheSaltFor(const TenantRuntime &tenant);
std::string promptCacheKeyFor(const TenantRuntime &tenant);

// Sets tenant.cacheKeys from the two above, or leaves it empty when there is no salt key. Called
// where a tenant's runtime is built, so a request pays no derivation.
void deriveCacheKeys(TenantRuntime &tenant);
// The keys a request sends: tenant.cacheKeys; throws core::Error(Unavailable) when it has none,
// so a tenant without a key never reaches a shared, unsalted cache.
const CacheKeys &cacheKeysOf(const TenantRuntime &tenant);

} // namespace bulkhead::proxy
