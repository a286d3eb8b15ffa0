#include "CacheIsolation.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"

namespace bulkhead::proxy {
namespace {

bool hasSaltKey(const TenantRuntime &tenant)
{
    return tenant.cacheSaltKey && tenant.cacheSaltKey->size() >= 32;
}

// Fail closed: a missing key must never degrade into an unsalted, shared cache.
[[noreturn]] void refuseWithoutSaltKey(const TenantRuntime &tenant)
{
    throw core::Error(core::ErrorCode::Unavailable, "no cache-salt key for tenant " + tenant.tenant.id);
}

std::string derive(const TenantRuntime &tenant, std::string_view purpose)
{
    if (!hasSaltKey(tenant))
        refuseWithoutSaltKey(tenant);
    const std::string message = std::string("bulkhead/") + std::string(purpose) + "/v1:" +
                                tenant.tenant.id + ":" + std::to_string(tenant.cacheSaltEpoch);
    return crypto::base64UrlEncode(crypto::hmacSha256(tenant.cacheSaltKey->view(), message));
}

} // namespace

std::string cacheSaltFor(const TenantRuntime &tenant)
{
    return derive(tenant, "cache-salt");
}

std::string promptCacheKeyFor(const TenantRuntime &tenant)
{
    return "bh-" + derive(tenant, "prompt-cache-key").substr(0, 32);
}

void deriveCacheKeys(TenantRuntime &tenant)
{
    tenant.cacheKeys.reset();
    if (hasSaltKey(tenant))
        tenant.cacheKeys = CacheKeys{cacheSaltFor(tenant), promptCacheKeyFor(tenant)};
}

const CacheKeys &cacheKeysOf(const TenantRuntime &tenant)
{
    if (!tenant.cacheKeys)
        refuseWithoutSaltKey(tenant);
    return *tenant.cacheKeys;
}

} // namespace bulkhead::proxy
