#pragma once

#include "proxy/TenantRuntime.h"
#include "store/ControlPlaneRepository.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bulkhead::proxy {

struct AuthenticatedTenant
{
    std::shared_ptr<const proxy::TenantRuntime> tenant;
    std::string keyId;
};

struct AdminPrincipal
{
    std::string tokenId;
    store::AdminRole role = store::AdminRole::TenantAuditor;
    std::optional<std::string> tenantId;  // the only tenant a tenant-auditor may see

    bool isPlatformAdmin() const noexcept { return role == store::AdminRole::PlatformAdmin; }
    bool maySee(const std::string &tenant) const noexcept
    {
        return isPlatformAdmin() || tenantId == tenant;
    }
};

// An immutable, compiled view of the control plane. Requests hold a shared_ptr to the snapshot
// they started with; a refresh swaps in a new one without touching requests in flight.
class PolicySnapshot final
{
public:
    static std::shared_ptr<const PolicySnapshot> build(store::ControlPlaneState state);

    long long version() const noexcept { return m_version; }

    // Bearer checks: shape first (cheap, no lookup), then the lookup id, then the salted hash
    // in constant time. nullopt for anything that is not an active secret.
    std::optional<AuthenticatedTenant> authenticateTenant(std::string_view bearer) const;
    std::optional<AdminPrincipal> authenticateAdmin(std::string_view bearer) const;

    std::shared_ptr<const proxy::TenantRuntime> tenant(const std::string &id) const;
    const store::UpstreamRecord *upstream(const std::string &id) const;
    const std::unordered_map<std::string, std::shared_ptr<const proxy::TenantRuntime>> &
    tenants() const noexcept
    {
        return m_tenants;
    }

private:
    long long m_version = 0;
    std::unordered_map<std::string, std::shared_ptr<const proxy::TenantRuntime>> m_tenants;
    std::unordered_map<std::string, store::ApiKeyRecord> m_keysByLookup;
    std::unordered_map<std::string, store::AdminTokenRecord> m_tokensByLookup;
    std::unordered_map<std::string, store::UpstreamRecord> m_upstreams;
};

} // namespace bulkhead::proxy
