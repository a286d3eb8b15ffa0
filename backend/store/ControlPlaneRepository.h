#pragma once

#include "core/Domain.h"
#include "crypto/SecureBytes.h"

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::store {

// Per-tenant data-plane settings (one row per tenant, created with the tenant).
struct TenantSettingsRecord
{
    std::string tenantId;
    std::string systemPrompt;
    std::string canary;                    // "bh-canary-<32 hex>"
    std::string clientSystemPolicy;        // "append" or "reject"
    std::shared_ptr<const crypto::SecureBytes> cacheSaltKey;  // 32 bytes
    long long cacheSaltEpoch = 1;
    std::optional<std::string> upstreamId; // dedicated upstream (required for Tier 3)
    // Scanning policy; empty: the platform default.
    std::optional<std::string> egressCrossTenant;  // block, redact, flag
    std::optional<std::string> egressSelfLeak;     // off, flag, redact, block
    std::optional<std::string> ingressPrompt;      // flag, block
    bool auditContent = false;  // prompt and response kept (sealed) in the audit log
    std::string limits = "{}";  // core::TenantLimits as JSON (validated when written)
    // scan::TenantIngressCalibration as JSON, one member per calibrated kind (validated when
    // written).
    std::string ingressCalibration = "{}";
};

struct ScanPolicyUpdate
{
    std::optional<std::string> egressCrossTenant;
    std::optional<std::string> egressSelfLeak;
    std::optional<std::string> ingressPrompt;
};

struct ApiKeyRecord
{
    std::string id;  // "key_<16 hex>": public, safe to log and show
    std::string tenantId;
    std::string label;
    std::string lookupId;
    std::string saltHex;
    std::string hashHex;
    std::string createdAt;  // ISO 8601 UTC
    std::optional<std::string> revokedAt;
};

enum class AdminRole { PlatformAdmin, TenantAuditor };
std::string_view toString(AdminRole role) noexcept;
std::optional<AdminRole> parseAdminRole(std::string_view text) noexcept;

struct AdminTokenRecord
{
    std::string id;  // "tok_<16 hex>"
    AdminRole role = AdminRole::PlatformAdmin;
    std::optional<std::string> tenantId;  // set for tenant-auditor
    std::string label;
    std::string lookupId;
    std::string saltHex;
    std::string hashHex;
    std::string createdAt;
    std::optional<std::string> revokedAt;
};

struct UpstreamRecord
{
    std::string id;       // ^[a-z][a-z0-9_]{1,30}$
    std::string baseUrl;  // http(s)://host[:port][/prefix], e.g. https://api.example/v1
    std::string caFile;   // optional extra CA bundle
    std::optional<std::string> dedicatedTenantId;  // Tier 3: this tenant's own endpoint
    long long version = 1;
};

// Everything the data plane reads, loaded in one consistent snapshot.
struct ControlPlaneState
{
    long long version = 0;  // bumped by triggers on every control-plane change
    std::vector<core::Tenant> tenants;
    std::vector<TenantSettingsRecord> settings;
    std::vector<ApiKeyRecord> apiKeys;  // active keys only
    std::vector<AdminTokenRecord> adminTokens;  // active tokens only
    std::vector<UpstreamRecord> upstreams;
};

// A freshly issued secret: the plaintext leaves the daemon exactly once, in this answer.
template <typename Record>
struct Issued
{
    Record record;
    std::string plaintext;
};

// The control plane beyond the tenant rows. All values are parameters; every write is one
// transaction; errors are core::Error (see StoreErrors.h).
class ControlPlaneRepository final
{
public:
    explicit ControlPlaneRepository(pqxx::connection_base &connection);
    // ensureTenantSettings, tenantSettings, setSystemPrompt, setClientSystemPolicy, setLimits and
    // issueApiKey work in the caller's transaction and leave the commit to it; the other calls
    // need the connection form.
    explicit ControlPlaneRepository(pqxx::transaction_base &tx);

    long long version();
    ControlPlaneState loadState();

    // Creates the settings row with a fresh canary and cache-salt key if missing.
    TenantSettingsRecord ensureTenantSettings(const std::string &tenantId);
    TenantSettingsRecord tenantSettings(const std::string &tenantId);
    void setSystemPrompt(const std::string &tenantId, const std::string &prompt);
    void setClientSystemPolicy(const std::string &tenantId, const std::string &policy);
    void setTenantUpstream(const std::string &tenantId, const std::optional<std::string> &upstreamId);
    // Sets the given fields (validated); an empty string resets one to the platform default.
    void setScanPolicy(const std::string &tenantId, const ScanPolicyUpdate &update);
    std::string rotateCanary(const std::string &tenantId);
    void setAuditContent(const std::string &tenantId, bool enabled);
    // `limitsJson`: core::tenantLimitsToJson of validated limits.
    void setLimits(const std::string &tenantId, const std::string &limitsJson);
    long long rotateCacheSalt(const std::string &tenantId);
    // Stores one kind's calibration ("prompt" or "document"; `calibrationJson`:
    // scan::calibrationToJson of a computed calibration), stamped with the time.
    // resetIngressCalibration removes the kind (the default applies again).
    void setIngressCalibration(const std::string &tenantId, const std::string &kind,
                                      const std::string &calibrationJson);
    void resetIngressCalibration(const std::string &tenantId, const std::string &kind);
    // Every tenant's stored calibrations, by tenant id (tenants without one are absent).
    std::map<std::string, std::string> ingressCalibrations();

    Issued<ApiKeyRecord> issueApiKey(const std::string &tenantId, const std::string &label);
    std::vector<ApiKeyRecord> listApiKeys(const std::string &tenantId);
    // Revokes the key; with `tenantId` set, only if it belongs to that tenant.
    void revokeApiKey(const std::string &keyId, const std::optional<std::string> &tenantId = {});

    Issued<AdminTokenRecord> issueAdminToken(AdminRole role,
                                             const std::optional<std::string> &tenantId,
                                             const std::string &label);
    std::vector<AdminTokenRecord> listAdminTokens();
    void revokeAdminToken(const std::string &tokenId);
    long long activeAdminTokenCount();

    std::vector<UpstreamRecord> listUpstreams();
    UpstreamRecord createUpstream(const UpstreamRecord &upstream);
    void removeUpstream(const std::string &id);

private:
    pqxx::connection_base &m_connection;
    pqxx::transaction_base *m_outer = nullptr;
};

// Validation shared with the admin API.
void validateUpstream(const UpstreamRecord &upstream);
void validateSystemPrompt(const std::string &prompt);

} // namespace bulkhead::store
