#include "PolicySnapshot.h"

#include "CacheIsolation.h"

#include "core/TenantLimits.h"
#include "crypto/BearerSecret.h"
#include "scan/TenantCalibration.h"

#include <nlohmann/json.hpp>

namespace bulkhead::proxy {

std::shared_ptr<const PolicySnapshot> PolicySnapshot::build(store::ControlPlaneState state)
{
    auto snapshot = std::make_shared<PolicySnapshot>();
    snapshot->m_version = state.version;
    std::unordered_map<std::string, store::TenantSettingsRecord *> settings;
    for (auto &s : state.settings)
        settings.emplace(s.tenantId, &s);
    for (auto &tenant : state.tenants) {
        auto runtime = std::make_shared<proxy::TenantRuntime>();
        runtime->tenant = std::move(tenant);
        // A tenant without settings has no canary and no salt key: it stays in the snapshot
        // (the admin API shows it) but the data plane refuses it (fail closed).
        if (const auto it = settings.find(runtime->tenant.id); it != settings.end()) {
            const auto &s = *it->second;
            runtime->systemPrompt = s.systemPrompt;
            runtime->canary = s.canary;
            runtime->clientSystemPolicy = s.clientSystemPolicy == "reject"
                                              ? proxy::ClientSystemPolicy::Reject
                                              : proxy::ClientSystemPolicy::Append;
            runtime->cacheSaltKey = s.cacheSaltKey;
            runtime->cacheSaltEpoch = s.cacheSaltEpoch;
            deriveCacheKeys(*runtime);
            runtime->upstreamId = s.upstreamId.value_or(std::string());
            runtime->egressCrossTenant = s.egressCrossTenant.value_or(std::string());
            runtime->egressSelfLeak = s.egressSelfLeak.value_or(std::string());
            runtime->ingressPrompt = s.ingressPrompt.value_or(std::string());
            runtime->auditContent = s.auditContent;
            // Validated when written; anything else fails the refresh (closed), never unlimited.
            runtime->limits = core::tenantLimitsFromJson(nlohmann::json::parse(s.limits));
            runtime->ingressPolicy =
                scan::ingressPolicyFor(scan::ingressCalibrationFromJson(nlohmann::json::parse(s.ingressCalibration)));
        }
        snapshot->m_tenants.emplace(runtime->tenant.id, std::move(runtime));
    }
    for (auto &key : state.apiKeys)
        snapshot->m_keysByLookup.emplace(key.lookupId, std::move(key));
    for (auto &token : state.adminTokens)
        snapshot->m_tokensByLookup.emplace(token.lookupId, std::move(token));
    for (auto &upstream : state.upstreams)
        snapshot->m_upstreams.emplace(upstream.id, std::move(upstream));
    return snapshot;
}

std::optional<AuthenticatedTenant> PolicySnapshot::authenticateTenant(std::string_view bearer) const
{
    if (!crypto::hasSecretShape(bearer, crypto::kTenantKeyPrefix))
        return std::nullopt;
    const auto key = m_keysByLookup.find(crypto::secretLookupId(bearer));
    if (key == m_keysByLookup.end() || key->second.revokedAt ||
        !crypto::verifySecret(bearer, key->second.saltHex, key->second.hashHex))
        return std::nullopt;
    auto tenant = this->tenant(key->second.tenantId);
    if (!tenant)
        return std::nullopt;
    return AuthenticatedTenant{std::move(tenant), key->second.id};
}

std::optional<AdminPrincipal> PolicySnapshot::authenticateAdmin(std::string_view bearer) const
{
    if (!crypto::hasSecretShape(bearer, crypto::kAdminTokenPrefix))
        return std::nullopt;
    const auto token = m_tokensByLookup.find(crypto::secretLookupId(bearer));
    if (token == m_tokensByLookup.end() || token->second.revokedAt ||
        !crypto::verifySecret(bearer, token->second.saltHex, token->second.hashHex))
        return std::nullopt;
    return AdminPrincipal{token->second.id, token->second.role, token->second.tenantId};
}

std::shared_ptr<const proxy::TenantRuntime> PolicySnapshot::tenant(const std::string &id) const
{
    const auto it = m_tenants.find(id);
    return it == m_tenants.end() ? nullptr : it->second;
}

const store::UpstreamRecord *PolicySnapshot::upstream(const std::string &id) const
{
    const auto it = m_upstreams.find(id);
    return it == m_upstreams.end() ? nullptr : &it->second;
}

} // namespace bulkhead::proxy
