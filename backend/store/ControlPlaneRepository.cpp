#include "ControlPlaneRepository.h"

#include "StoreErrors.h"
#include "TransactionIn.h"
#include "core/Error.h"
#include "core/TenantValidation.h"
#include "crypto/BearerSecret.h"

#include <pqxx/pqxx>

#include <algorithm>

namespace bulkhead::store {
namespace {

using core::Error;
using core::ErrorCode;

constexpr const char *kTimestamp = R"(to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))";

std::string ts(const std::string &column)
{
    std::string out = kTimestamp;
    out.replace(out.find("%s"), 2, column);
    return out;
}

std::optional<std::string> optionalText(const pqxx::field &field)
{
    return field.is_null() ? std::nullopt : std::optional(field.as<std::string>());
}

std::string randomHex(std::size_t bytes)
{
    const auto random = crypto::randomBytes(bytes);
    return crypto::toHex(random.view());
}

std::shared_ptr<const crypto::SecureBytes> keyFromHex(const std::string &hex)
{
    auto bytes = crypto::fromHex(hex);
    auto key = std::make_shared<const crypto::SecureBytes>(bytes);
    crypto::scrubBytes(bytes);
    return key;
}

const std::string kSettingsColumns =
    "tenant_id, system_prompt, canary, client_system_policy, encode(cache_salt_key, 'hex'), "
    "cache_salt_epoch, upstream_id, egress_cross_tenant, egress_self_leak, ingress_prompt, audit_content, "
    "limits::text, ingress_calibration::text";

TenantSettingsRecord settingsFromRow(const pqxx::row &row)
{
    TenantSettingsRecord s;
    s.tenantId = row[0].as<std::string>();
    s.systemPrompt = row[1].as<std::string>();
    s.canary = row[2].as<std::string>();
    s.clientSystemPolicy = row[3].as<std::string>();
    s.cacheSaltKey = keyFromHex(row[4].as<std::string>());
    s.cacheSaltEpoch = row[5].as<long long>();
    s.upstreamId = optionalText(row[6]);
    s.egressCrossTenant = optionalText(row[7]);
    s.egressSelfLeak = optionalText(row[8]);
    s.auditContent = row[10].as<bool>();
    s.ingressPrompt = optionalText(row[9]);
    s.limits = row[11].as<std::string>();
    s.ingressCalibration = row[12].as<std::string>();
    return s;
}

const std::string kKeyColumns = "id, tenant_id, label, lookup_id, salt, hash, " +
                                ts("created_at") + ", " + ts("revoked_at");

ApiKeyRecord keyFromRow(const pqxx::row &row)
{
    return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
            row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
            row[6].as<std::string>(), optionalText(row[7])};
}

const std::string kTokenColumns = "id, role, tenant_id, label, lookup_id, salt, hash, " +
                                  ts("created_at") + ", " + ts("revoked_at");

AdminTokenRecord tokenFromRow(const pqxx::row &row)
{
    AdminTokenRecord t;
    t.id = row[0].as<std::string>();
    t.role = parseAdminRole(row[1].as<std::string>()).value_or(AdminRole::TenantAuditor);
    t.tenantId = optionalText(row[2]);
    t.label = row[3].as<std::string>();
    t.lookupId = row[4].as<std::string>();
    t.saltHex = row[5].as<std::string>();
    t.hashHex = row[6].as<std::string>();
    t.createdAt = row[7].as<std::string>();
    t.revokedAt = optionalText(row[8]);
    return t;
}

const std::string kUpstreamColumns = "id, base_url, ca_file, dedicated_tenant_id, version";

UpstreamRecord upstreamFromRow(const pqxx::row &row)
{
    return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
            optionalText(row[3]), row[4].as<long long>()};
}

// True when `text` holds a control character. A NUL would be cut off silently by libpq (text
// parameters are C strings), storing something other than what was given; CR/LF and escapes
// forge lines in logs and terminals that show the value.
bool hasControlCharacter(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
}

void validateLabel(const std::string &label)
{
    const auto count = core::utf8CodePointCount(label);
    if (!count || *count > 200)
        throw Error(ErrorCode::InvalidArgument, "label: at most 200 characters of UTF-8",
                    "label");
    if (hasControlCharacter(label))
        throw Error(ErrorCode::InvalidArgument, "label: control characters are not allowed",
                    "label");
}

void requireAffected(const pqxx::result &result, const std::string &what)
{
    if (result.affected_rows() == 0)
        throw Error(ErrorCode::NotFound, what + " not found");
}

} // namespace

std::string_view toString(AdminRole role) noexcept
{
    return role == AdminRole::PlatformAdmin ? "platform-admin" : "tenant-auditor";
}

std::optional<AdminRole> parseAdminRole(std::string_view text) noexcept
{
    if (text == "platform-admin")
        return AdminRole::PlatformAdmin;
    if (text == "tenant-auditor")
        return AdminRole::TenantAuditor;
    return std::nullopt;
}

void validateUpstream(const UpstreamRecord &upstream)
{
    if (!core::isValidTenantId(upstream.id))
        throw Error(ErrorCode::InvalidArgument,
                    "id: upstream id must match ^[a-z][a-z0-9_]{1,30}$", "id");
    const auto &url = upstream.baseUrl;
    const bool scheme = url.starts_with("http://") || url.starts_with("https://");
    const bool clean = url.find_first_of(" ?#") == std::string::npos && !hasControlCharacter(url);
    if (!scheme || !clean || url.size() > 2048 || url.size() < 10)
        throw Error(ErrorCode::InvalidArgument,
                    "base_url: must be an http:// or https:// URL without query or fragment",
                    "base_url");
    if (upstream.caFile.size() > 4096 || hasControlCharacter(upstream.caFile) ||
        !core::utf8CodePointCount(upstream.caFile))
        throw Error(ErrorCode::InvalidArgument,
                    "ca_file: a path of at most 4096 bytes without control characters", "ca_file");
    if (upstream.dedicatedTenantId && !core::isValidTenantId(*upstream.dedicatedTenantId))
        throw Error(ErrorCode::InvalidArgument, "dedicated_tenant: not a valid tenant id",
                    "dedicated_tenant");
}

void validateSystemPrompt(const std::string &prompt)
{
    if (prompt.size() > 65536 || !core::utf8CodePointCount(prompt))
        throw Error(ErrorCode::InvalidArgument,
                    "system_prompt: at most 64 KiB of valid UTF-8", "system_prompt");
    if (prompt.find('\0') != std::string::npos)
        throw Error(ErrorCode::InvalidArgument, "system_prompt: NUL bytes are not allowed",
                    "system_prompt");
}

ControlPlaneRepository::ControlPlaneRepository(pqxx::connection_base &connection)
    : m_connection(connection)
{
}

ControlPlaneRepository::ControlPlaneRepository(pqxx::transaction_base &tx) : m_connection(tx.conn()), m_outer(&tx)
{
}

long long ControlPlaneRepository::version()
{
    return translateStoreErrors("read control-plane version", [&] {
        pqxx::read_transaction tx(m_connection);
        return tx.exec1("SELECT version FROM control_plane_version")[0].as<long long>();
    });
}

ControlPlaneState ControlPlaneRepository::loadState()
{
    return translateStoreErrors("load control plane", [&] {
        // One snapshot for everything, so keys never point at settings from another moment.
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
            tx(m_connection);
        ControlPlaneState state;
        state.version = tx.exec1("SELECT version FROM control_plane_version")[0].as<long long>();
        for (const auto &row : tx.exec(
                 "SELECT id, name, array_to_string(classifications, ','), relationship, threat, "
                 "array_to_string(regimes, ','), chosen_tier, version FROM tenants ORDER BY id")) {
            core::Tenant t;
            t.id = row[0].as<std::string>();
            t.name = row[1].as<std::string>();
            auto split = [](const std::string &csv, auto parse, auto &out) {
                std::size_t start = 0;
                while (start < csv.size()) {
                    const auto end = std::min(csv.find(',', start), csv.size());
                    if (const auto v = parse(csv.substr(start, end - start)))
                        out.insert(*v);
                    start = end + 1;
                }
            };
            split(row[2].as<std::string>(), core::parseClassification, t.classifications);
            t.relationship =
                core::parseRelationship(row[3].as<std::string>()).value_or(core::Relationship::External);
            t.threat = core::parseThreat(row[4].as<std::string>()).value_or(core::Threat::High);
            split(row[5].as<std::string>(), core::parseRegime, t.regimes);
            if (!row[6].is_null())
                t.chosenTier = core::tierFromNumber(row[6].as<long long>());
            t.version = row[7].as<long long>();
            state.tenants.push_back(std::move(t));
        }
        for (const auto &row : tx.exec("SELECT " + kSettingsColumns + " FROM tenant_settings"))
            state.settings.push_back(settingsFromRow(row));
        for (const auto &row :
             tx.exec("SELECT " + kKeyColumns + " FROM api_keys WHERE revoked_at IS NULL"))
            state.apiKeys.push_back(keyFromRow(row));
        for (const auto &row :
             tx.exec("SELECT " + kTokenColumns + " FROM admin_tokens WHERE revoked_at IS NULL"))
            state.adminTokens.push_back(tokenFromRow(row));
        for (const auto &row : tx.exec("SELECT " + kUpstreamColumns + " FROM upstreams"))
            state.upstreams.push_back(upstreamFromRow(row));
        return state;
    });
}

TenantSettingsRecord ControlPlaneRepository::ensureTenantSettings(const std::string &tenantId)
{
    core::validateTenantId(tenantId, "tenant");
    return translateStoreErrors("create tenant settings", [&] {
        TransactionIn<pqxx::work> in(m_connection, m_outer);
        auto &tx = in.tx();
        const auto key = crypto::randomBytes(32);
        std::string keyHex = crypto::toHex(key.view());
        tx.exec_params("INSERT INTO tenant_settings (tenant_id, canary, cache_salt_key) "
                       "VALUES ($1, $2, decode($3, 'hex')) ON CONFLICT (tenant_id) DO NOTHING",
                       tenantId, "bh-canary-" + randomHex(16), keyHex);
        crypto::scrubString(keyHex);
        const auto row = tx.exec_params1(
            "SELECT " + kSettingsColumns + " FROM tenant_settings WHERE tenant_id = $1", tenantId);
        in.commit();
        return settingsFromRow(row);
    });
}

TenantSettingsRecord ControlPlaneRepository::tenantSettings(const std::string &tenantId)
{
    return translateStoreErrors("read tenant settings", [&] {
        TransactionIn<pqxx::read_transaction> in(m_connection, m_outer);
        auto &tx = in.tx();
        const auto result = tx.exec_params(
            "SELECT " + kSettingsColumns + " FROM tenant_settings WHERE tenant_id = $1", tenantId);
        if (result.empty())
            throw Error(ErrorCode::NotFound, "tenant " + tenantId + " not found", "tenant");
        return settingsFromRow(result[0]);
    });
}

void ControlPlaneRepository::setSystemPrompt(const std::string &tenantId, const std::string &prompt)
{
    validateSystemPrompt(prompt);
    translateStoreErrors("set system prompt", [&] {
        TransactionIn<pqxx::work> in(m_connection, m_outer);
        auto &tx = in.tx();
        requireAffected(tx.exec_params("UPDATE tenant_settings SET system_prompt = $2, "
                                       "updated_at = now() WHERE tenant_id = $1",
                                       tenantId, prompt),
                        "tenant " + tenantId);
        in.commit();
    });
}

void ControlPlaneRepository::setClientSystemPolicy(const std::string &tenantId,
                                                   const std::string &policy)
{
    if (policy != "append" && policy != "reject")
        throw Error(ErrorCode::InvalidArgument,
                    "client_system_messages: must be append or reject", "client_system_messages",
                    {"append", "reject"});
    translateStoreErrors("set client system policy", [&] {
        TransactionIn<pqxx::work> in(m_connection, m_outer);
        auto &tx = in.tx();
        requireAffected(tx.exec_params("UPDATE tenant_settings SET client_system_policy = $2, "
                                       "updated_at = now() WHERE tenant_id = $1",
                                       tenantId, policy),
                        "tenant " + tenantId);
        in.commit();
    });
}

void ControlPlaneRepository::setTenantUpstream(const std::string &tenantId,
                                               const std::optional<std::string> &upstreamId)
{
    if (upstreamId && !core::isValidTenantId(*upstreamId))
        throw Error(ErrorCode::InvalidArgument,
                    "upstream: upstream id must match ^[a-z][a-z0-9_]{1,30}$", "upstream");
    translateStoreErrors("set tenant upstream", [&] {
        pqxx::work tx(m_connection);
        // A named upstream must exist: 404, not a foreign-key violation.
        if (upstreamId && tx.exec_params("SELECT 1 FROM upstreams WHERE id = $1", *upstreamId).empty())
            throw Error(ErrorCode::NotFound, "upstream: no upstream " + *upstreamId, "upstream");
        requireAffected(tx.exec_params("UPDATE tenant_settings SET upstream_id = $2, "
                                       "updated_at = now() WHERE tenant_id = $1",
                                       tenantId, upstreamId),
                        "tenant " + tenantId);
        tx.commit();
    });
}

void ControlPlaneRepository::setScanPolicy(const std::string &tenantId,
                                           const ScanPolicyUpdate &update)
{
    auto check = [](const std::optional<std::string> &value, const char *field,
                    std::vector<std::string> allowed) {
        if (!value || value->empty())
            return;
        if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
            std::string list;
            for (const auto &a : allowed)
                list += (list.empty() ? "" : ", ") + a;
            throw Error(ErrorCode::InvalidArgument,
                        std::string(field) + ": must be one of " + list, field, allowed);
        }
    };
    check(update.egressCrossTenant, "cross_tenant", {"block", "redact", "flag"});
    check(update.egressSelfLeak, "self_leak", {"off", "flag", "redact", "block"});
    check(update.ingressPrompt, "prompt_injection", {"flag", "block"});
    translateStoreErrors("set scan policy", [&] {
        pqxx::work tx(m_connection);
        // $n::text IS NULL keeps a column; '' resets it to the platform default (NULL).
        requireAffected(
            tx.exec_params(
                "UPDATE tenant_settings SET "
                "egress_cross_tenant = CASE WHEN $2::text IS NULL THEN egress_cross_tenant "
                "ELSE NULLIF($2, '') END, "
                "egress_self_leak = CASE WHEN $3::text IS NULL THEN egress_self_leak "
                "ELSE NULLIF($3, '') END, "
                "ingress_prompt = CASE WHEN $4::text IS NULL THEN ingress_prompt "
                "ELSE NULLIF($4, '') END, updated_at = now() WHERE tenant_id = $1",
                tenantId, update.egressCrossTenant, update.egressSelfLeak, update.ingressPrompt),
            "tenant " + tenantId);
        tx.commit();
    });
}

void ControlPlaneRepository::setAuditContent(const std::string &tenantId, bool enabled)
{
    translateStoreErrors("set audit content", [&] {
        pqxx::work tx(m_connection);
        requireAffected(tx.exec_params("UPDATE tenant_settings SET audit_content = $2, updated_at = now() "
                                       "WHERE tenant_id = $1",
                                       tenantId, enabled),
                        "tenant " + tenantId);
        tx.commit();
    });
}

void ControlPlaneRepository::setLimits(const std::string &tenantId, const std::string &limitsJson)
{
    translateStoreErrors("set tenant limits", [&] {
        TransactionIn<pqxx::work> in(m_connection, m_outer);
        auto &tx = in.tx();
        requireAffected(tx.exec_params("UPDATE tenant_settings SET limits = $2::jsonb, updated_at = now() "
                                       "WHERE tenant_id = $1",
                                       tenantId, limitsJson),
                        "tenant " + tenantId);
        in.commit();
    });
}

namespace {

void requireCalibrationKind(const std::string &kind)
{
    if (kind != "prompt" && kind != "document")
        throw Error(ErrorCode::InvalidArgument, "kind: must be prompt or document", "kind", {"prompt", "document"});
}

} // namespace

void ControlPlaneRepository::setIngressCalibration(const std::string &tenantId, const std::string &kind,
                                                   const std::string &calibrationJson)
{
    requireCalibrationKind(kind);
    translateStoreErrors("set ingress calibration", [&] {
        pqxx::work tx(m_connection);
        requireAffected(tx.exec_params(
            "UPDATE tenant_settings SET ingress_calibration = ingress_calibration || "
            "jsonb_build_object($2::text, $3::jsonb || jsonb_build_object('calibrated_at', "
            "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))), updated_at = now() "
            "WHERE tenant_id = $1",
            tenantId, kind, calibrationJson), "tenant " + tenantId);
        tx.commit();
    });
}

void ControlPlaneRepository::resetIngressCalibration(const std::string &tenantId, const std::string &kind)
{
    requireCalibrationKind(kind);
    translateStoreErrors("reset ingress calibration", [&] {
        pqxx::work tx(m_connection);
        requireAffected(tx.exec_params("UPDATE tenant_settings SET ingress_calibration = ingress_calibration - $2::text, "
                                       "updated_at = now() WHERE tenant_id = $1",
                                       tenantId, kind),
                        "tenant " + tenantId);
        tx.commit();
    });
}

std::map<std::string, std::string> ControlPlaneRepository::ingressCalibrations()
{
    return translateStoreErrors("read ingress calibrations", [&] {
        TransactionIn<pqxx::read_transaction> in(m_connection, m_outer);
        std::map<std::string, std::string> out;
        for (const auto &row : in.tx().exec("SELECT tenant_id, ingress_calibration::text FROM tenant_settings "
                                             "WHERE ingress_calibration <> '{}'::jsonb"))
            out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
        return out;
    });
}

std::string ControlPlaneRepository::rotateCanary(const std::string &tenantId)
{
    const std::string canary = "bh-canary-" + randomHex(16);
    translateStoreErrors("rotate canary", [&] {
        pqxx::work tx(m_connection);
        requireAffected(tx.exec_params("UPDATE tenant_settings SET canary = $2, updated_at = now() "
                                       "WHERE tenant_id = $1",
                                       tenantId, canary),
                        "tenant " + tenantId);
        tx.commit();
    });
    return canary;
}

long long ControlPlaneRepository::rotateCacheSalt(const std::string &tenantId)
{
    return translateStoreErrors("rotate cache salt", [&] {
        pqxx::work tx(m_connection);
        const auto key = crypto::randomBytes(32);
        std::string keyHex = crypto::toHex(key.view());
        const auto result = tx.exec_params(
            "UPDATE tenant_settings SET cache_salt_key = decode($2, 'hex'), "
            "cache_salt_epoch = cache_salt_epoch + 1, updated_at = now() WHERE tenant_id = $1 "
            "RETURNING cache_salt_epoch",
            tenantId, keyHex);
        crypto::scrubString(keyHex);
        if (result.empty())
            throw Error(ErrorCode::NotFound, "tenant " + tenantId + " not found", "tenant");
        tx.commit();
        return result[0][0].as<long long>();
    });
}

Issued<ApiKeyRecord> ControlPlaneRepository::issueApiKey(const std::string &tenantId,
                                                         const std::string &label)
{
    core::validateTenantId(tenantId, "tenant");
    validateLabel(label);
    auto secret = crypto::issueSecret(crypto::kTenantKeyPrefix);
    const std::string id = "key_" + randomHex(8);
    auto record = translateStoreErrors("issue API key", [&] {
        TransactionIn<pqxx::work> in(m_connection, m_outer);
        auto &tx = in.tx();
        const auto exists = tx.exec_params("SELECT 1 FROM tenants WHERE id = $1", tenantId);
        if (exists.empty())
            throw Error(ErrorCode::NotFound, "tenant " + tenantId + " not found", "tenant");
        const auto row = tx.exec_params1(
            "INSERT INTO api_keys (id, tenant_id, label, lookup_id, salt, hash) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + kKeyColumns,
            id, tenantId, label, secret.lookupId, secret.saltHex, secret.hashHex);
        in.commit();
        return keyFromRow(row);
    });
    return {std::move(record), std::move(secret.plaintext)};
}

std::vector<ApiKeyRecord> ControlPlaneRepository::listApiKeys(const std::string &tenantId)
{
    return translateStoreErrors("list API keys", [&] {
        pqxx::read_transaction tx(m_connection);
        std::vector<ApiKeyRecord> keys;
        for (const auto &row : tx.exec_params("SELECT " + kKeyColumns +
                                                  " FROM api_keys WHERE tenant_id = $1 ORDER BY "
                                                  "created_at, id",
                                              tenantId))
            keys.push_back(keyFromRow(row));
        return keys;
    });
}

void ControlPlaneRepository::revokeApiKey(const std::string &keyId,
                                          const std::optional<std::string> &tenantId)
{
    translateStoreErrors("revoke API key", [&] {
        pqxx::work tx(m_connection);
        requireAffected(
            tx.exec_params("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) "
                           "WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)",
                           keyId, tenantId),
            "API key " + keyId);
        tx.commit();
    });
}

Issued<AdminTokenRecord>
ControlPlaneRepository::issueAdminToken(AdminRole role, const std::optional<std::string> &tenantId,
                                        const std::string &label)
{
    if ((role == AdminRole::TenantAuditor) != tenantId.has_value())
        throw Error(ErrorCode::InvalidArgument,
                    "tenant: a tenant-auditor token needs exactly one tenant; a platform-admin "
                    "token has none",
                    "tenant");
    if (tenantId)
        core::validateTenantId(*tenantId, "tenant");
    validateLabel(label);
    auto secret = crypto::issueSecret(crypto::kAdminTokenPrefix);
    const std::string id = "tok_" + randomHex(8);
    auto record = translateStoreErrors("issue admin token", [&] {
        pqxx::work tx(m_connection);
        const auto row = tx.exec_params1(
            "INSERT INTO admin_tokens (id, role, tenant_id, label, lookup_id, salt, hash) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + kTokenColumns,
            id, std::string(toString(role)), tenantId, label, secret.lookupId, secret.saltHex,
            secret.hashHex);
        tx.commit();
        return tokenFromRow(row);
    });
    return {std::move(record), std::move(secret.plaintext)};
}

std::vector<AdminTokenRecord> ControlPlaneRepository::listAdminTokens()
{
    return translateStoreErrors("list admin tokens", [&] {
        pqxx::read_transaction tx(m_connection);
        std::vector<AdminTokenRecord> tokens;
        for (const auto &row :
             tx.exec("SELECT " + kTokenColumns + " FROM admin_tokens ORDER BY created_at, id"))
            tokens.push_back(tokenFromRow(row));
        return tokens;
    });
}

void ControlPlaneRepository::revokeAdminToken(const std::string &tokenId)
{
    translateStoreErrors("revoke admin token", [&] {
        pqxx::work tx(m_connection);
        requireAffected(tx.exec_params("UPDATE admin_tokens SET revoked_at = "
                                       "coalesce(revoked_at, now()) WHERE id = $1",
                                       tokenId),
                        "admin token " + tokenId);
        tx.commit();
    });
}

long long ControlPlaneRepository::activeAdminTokenCount()
{
    return translateStoreErrors("count admin tokens", [&] {
        pqxx::read_transaction tx(m_connection);
        return tx.exec1("SELECT count(*) FROM admin_tokens WHERE revoked_at IS NULL")[0]
            .as<long long>();
    });
}

std::vector<UpstreamRecord> ControlPlaneRepository::listUpstreams()
{
    return translateStoreErrors("list upstreams", [&] {
        pqxx::read_transaction tx(m_connection);
        std::vector<UpstreamRecord> upstreams;
        for (const auto &row : tx.exec("SELECT " + kUpstreamColumns + " FROM upstreams ORDER BY id"))
            upstreams.push_back(upstreamFromRow(row));
        return upstreams;
    });
}

UpstreamRecord ControlPlaneRepository::createUpstream(const UpstreamRecord &upstream)
{
    validateUpstream(upstream);
    return translateStoreErrors("create upstream", [&] {
        pqxx::work tx(m_connection);
        const auto row = tx.exec_params1(
            "INSERT INTO upstreams (id, base_url, ca_file, dedicated_tenant_id) "
            "VALUES ($1, $2, $3, $4) RETURNING " + kUpstreamColumns,
            upstream.id, upstream.baseUrl, upstream.caFile, upstream.dedicatedTenantId);
        if (upstream.dedicatedTenantId) {
            // A dedicated endpoint is the tenant's route; set both in one transaction.
            tx.exec_params("UPDATE tenant_settings SET upstream_id = $1 WHERE tenant_id = $2",
                           upstream.id, *upstream.dedicatedTenantId);
        }
        tx.commit();
        return upstreamFromRow(row);
    });
}

void ControlPlaneRepository::removeUpstream(const std::string &id)
{
    translateStoreErrors("remove upstream", [&] {
        pqxx::work tx(m_connection);
        requireAffected(tx.exec_params("DELETE FROM upstreams WHERE id = $1", id),
                        "upstream " + id);
        tx.commit();
    });
}

} // namespace bulkhead::store
