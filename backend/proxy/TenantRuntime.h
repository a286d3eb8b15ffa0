#pragma once

#include "core/Domain.h"
#include "core/TenantLimits.h"
#include "crypto/SecureBytes.h"
#include "scan/IngressPolicy.h"

#include <memory>
#include <optional>
#include <string>

namespace bulkhead::proxy {

// What to do with a client's own `system`/`developer` messages.
enum class ClientSystemPolicy { Append, Reject };

// The tenant's KV-cache partition keys as sent upstream (CacheIsolation.h derives them).
struct CacheKeys
{
    std::string cacheSalt;
    std::string promptCacheKey;
};

// Everything the data plane needs about one tenant, loaded from the control plane into an
// immutable snapshot. Shared by pointer; never mutated after the snapshot is built.
struct TenantRuntime
{
    core::Tenant tenant;
    std::string systemPrompt;  // the tenant's own prompt, injected by the proxy
    std::string canary;        // "bh-canary-<hex>", rotatable, planted in the system prompt
    ClientSystemPolicy clientSystemPolicy = ClientSystemPolicy::Append;
    // Secret behind the tenant's cache_salt. The epoch changes on rotation, which also
    // invalidates the tenant's cached prefixes upstream.
    std::shared_ptr<const crypto::SecureBytes> cacheSaltKey;
    long long cacheSaltEpoch = 1;
    // Derived from the two above once, when the snapshot is built (deriveCacheKeys): two HMACs
    // on every request were 3 % of the daemon's CPU. None without a salt key (fail closed).
    std::optional<CacheKeys> cacheKeys;
    std::string upstreamId;  // empty: the platform's shared default (never for Tier 3)
    // Scanning policy overrides; empty: the platform default.
    std::string egressCrossTenant;  // block, redact, flag
    std::string egressSelfLeak;     // off, flag, redact, block
    std::string ingressPrompt;      // flag, block
    scan::IngressPolicy ingressPolicy;  // injection thresholds: the defaults or the tenant's calibration
    bool auditContent = false;      // keep prompt and response, sealed, in the audit log
    core::TenantLimits limits;      // what this tenant may use of what is shared

    core::Tier tier() const noexcept
    {
        return tenant.chosenTier.value_or(core::Tier::Namespace);
    }
};

} // namespace bulkhead::proxy
