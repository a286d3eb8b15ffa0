#include "AdminApi.h"

#include "EvidenceService.h"
#include "OpenApi.h"
#include "proxy/PolicyStore.h"
#include "core/TenantLimits.h"
#include "ProbeService.h"
#include "RetrievalService.h"
#include "audit/AuditQuery.h"
#include "audit/AuditVerifier.h"
#include "core/TenantScope.h"
#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"
#include "core/Error.h"
#include "core/JsonLimits.h"
#include "core/PolicyEngine.h"
#include "core/PolicyJson.h"
#include "core/TenantJson.h"
#include "protocol/ApiError.h"
#include "scan/TenantCalibration.h"
#include "store/ConnectionPool.h"
#include "store/ControlPlaneRepository.h"
#include "store/StoreErrors.h"
#include "store/TenantRepository.h"

#include <charconv>
#include <pqxx/except>

namespace bulkhead::daemon {
namespace {

using nlohmann::json;
using protocol::ApiError;
using protocol::ApiErrorCode;
using protocol::ApiException;

AdminResponse errorResponse(const ApiError &error)
{
    return {error.httpStatus(), error.toJson()};
}

[[noreturn]] void denied()
{
    throw ApiException(ApiErrorCode::PermissionDenied,
                       "this admin token's role does not allow that");
}

void requirePlatformAdmin(const proxy::AdminPrincipal &principal)
{
    if (!principal.isPlatformAdmin())
        denied();
}

json parseBody(const std::string &body)
{
    if (body.empty())
        return json::object();
    if (core::jsonNestingDepth(body) > core::kMaxJsonDepth)
        throw ApiException(ApiErrorCode::InvalidJson, "the body is nested too deeply");
    try {
        auto doc = json::parse(body);
        if (!doc.is_object())
            throw ApiException(ApiErrorCode::InvalidRequest, "the body must be a JSON object",
                               "body");
        return doc;
    } catch (const json::exception &e) {  // also out_of_range (1e999)
        throw ApiException(ApiErrorCode::InvalidJson, std::string("malformed JSON: ") + e.what());
    }
}

std::string stringMember(const json &doc, const char *key, bool required = true)
{
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
        if (required)
            throw ApiException(ApiErrorCode::InvalidRequest, std::string(key) + ": is required",
                               key);
        return {};
    }
    if (!it->is_string())
        throw ApiException(ApiErrorCode::InvalidRequest, std::string(key) + ": must be a string",
                           key);
    return it->get<std::string>();
}

long long expectedVersion(const AdminRequest &request, const json &body)
{
    std::string text;
    if (const auto it = body.find("version"); it != body.end() && it->is_number_integer())
        return it->get<long long>();
    if (!request.ifMatch.empty())
        text = request.ifMatch;
    else if (const auto q = request.query.find("version"); q != request.query.end())
        text = q->second;
    if (!text.empty() && text.front() == '"' && text.size() >= 2 && text.back() == '"')
        text = text.substr(1, text.size() - 2);
    long long version = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || version < 0)
        throw ApiException(ApiErrorCode::InvalidRequest,
                           "version: the tenant version you edited is required (in the body, "
                           "If-Match or ?version=) so concurrent edits cannot overwrite each "
                           "other",
                           "version");
    return version;
}

json keyJson(const store::ApiKeyRecord &key)
{
    return {{"id", key.id},
            {"tenant", key.tenantId},
            {"label", key.label},
            {"created_at", key.createdAt},
            {"revoked_at", key.revokedAt ? json(*key.revokedAt) : json()}};
}

json tokenJson(const store::AdminTokenRecord &token)
{
    return {{"id", token.id},
            {"role", store::toString(token.role)},
            {"tenant", token.tenantId ? json(*token.tenantId) : json()},
            {"label", token.label},
            {"created_at", token.createdAt},
            {"revoked_at", token.revokedAt ? json(*token.revokedAt) : json()}};
}

json upstreamJson(const store::UpstreamRecord &upstream)
{
    return {{"id", upstream.id},
            {"base_url", upstream.baseUrl},
            {"ca_file", upstream.caFile},
            {"dedicated_tenant",
             upstream.dedicatedTenantId ? json(*upstream.dedicatedTenantId) : json()}};
}

// Tenant JSON plus what the policy engine says about it on the current platform.
json tenantWithPolicy(const core::Tenant &tenant, const core::PlatformDecision &decision)
{
    json out = core::tenantToJson(tenant);
    for (const auto &d : decision.tenants) {
        if (d.tenantId != tenant.id)
            continue;
        json rules = json::array();
        for (const auto &f : d.firings)
            rules.push_back(f.rule->id);
        out["minimum_tier"] = core::tierNumber(d.minimumTier);
        out["violation"] = d.violation();
        out["rules"] = std::move(rules);
    }
    return out;
}

// A tenant's injection thresholds as the proxy applies them: per kind the flag and block
// thresholds in force and the calibration behind them (null: the defaults).
json injectionThresholds(const std::string &storedCalibration)
{
    const auto calibration = scan::ingressCalibrationFromJson(json::parse(storedCalibration));
    const auto policy = scan::ingressPolicyFor(calibration);
    auto kind = [](const scan::IngressThresholds &t, const std::optional<scan::TenantCalibration> &c) {
        return json{{"flag", t.flag}, {"block", t.block}, {"calibration", c ? scan::calibrationToJson(*c) : json()}};
    };
    return {{"prompt", kind(policy.prompt, calibration.prompt)},
            {"document", kind(policy.document, calibration.document)}};
}

// PUT .../ingress-calibration/{kind}: {"samples": [benign text, ...], "target_fpr": 0.01}.
scan::TenantCalibration calibrationFromRequest(const std::string &tenantId, const std::string &kind,
                                               const json &body)
{
    if (kind != "prompt" && kind != "document")
        throw ApiException(ApiErrorCode::InvalidRequest, "kind: must be prompt or document", "kind");
    for (const auto &[key, value] : body.items())
        if (key != "samples" && key != "target_fpr")
            throw ApiException(ApiErrorCode::InvalidRequest, key + ": unknown member", key);
    const auto samples = body.find("samples");
    if (samples == body.end() || !samples->is_array())
        throw ApiException(ApiErrorCode::InvalidRequest, "samples: an array of texts is required", "samples");
    std::vector<std::string_view> texts;
    texts.reserve(samples->size());
    for (const auto &sample : *samples) {
        if (!sample.is_string())
            throw ApiException(ApiErrorCode::InvalidRequest, "samples: every sample must be a string", "samples");
        texts.push_back(sample.get_ref<const std::string &>());
    }
    double target = 0.01;
    if (const auto it = body.find("target_fpr"); it != body.end()) {
        if (!it->is_number())
            throw ApiException(ApiErrorCode::InvalidRequest, "target_fpr: must be a number", "target_fpr");
        target = it->get<double>();
    }
    // The scanner the proxy scans with, so the stated rate is the one the tenant gets.
    return scan::calibrateTenantThreshold(*scan::IngressScanner::builtin(), tenantId, texts, target,
                                          kind == "document");
}

std::vector<std::string> split(const std::string &path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        if (end > start)
            parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Pulls the data-plane settings out of a tenant body so the rest is a plain tenant document.
struct TenantBody
{
    json tenant;
    std::optional<std::string> systemPrompt;
    std::optional<std::string> clientSystemMessages;
};

TenantBody splitTenantBody(json body)
{
    TenantBody out;
    if (const auto it = body.find("system_prompt"); it != body.end()) {
        if (!it->is_string())
            throw ApiException(ApiErrorCode::InvalidRequest, "system_prompt: must be a string",
                               "system_prompt");
        out.systemPrompt = it->get<std::string>();
        body.erase("system_prompt");
    }
    if (const auto it = body.find("client_system_messages"); it != body.end()) {
        if (!it->is_string())
            throw ApiException(ApiErrorCode::InvalidRequest,
                               "client_system_messages: must be append or reject",
                               "client_system_messages");
        out.clientSystemMessages = it->get<std::string>();
        body.erase("client_system_messages");
    }
    out.tenant = std::move(body);
    return out;
}

} // namespace

AdminApi::AdminApi(store::ConnectionPool &pool, proxy::PolicyStore &policy)
    : m_pool(pool), m_policy(policy)
{
}

AdminResponse AdminApi::handle(const AdminRequest &request)
{
    std::string tokenId;
    auto response = handleAuthenticated(request, tokenId);
    response.principal = tokenId;
    return response;
}

AdminResponse AdminApi::handleAuthenticated(const AdminRequest &request, std::string &tokenId)
{
    try {
        auto snapshot = m_policy.current();
        if (!snapshot && m_policy.refresh(true))
            snapshot = m_policy.current();
        if (!snapshot)
            throw ApiException(ApiErrorCode::PolicyUnavailable,
                               "the control plane is unreachable; try again shortly");
        if (request.bearer.empty())
            throw ApiException(ApiErrorCode::MissingAdminToken,
                               "send an admin token as Authorization: Bearer bh_admin_...");
        const auto principal = snapshot->authenticateAdmin(request.bearer);
        if (!principal)
            throw ApiException(ApiErrorCode::InvalidAdminToken,
                               "the admin token is not valid or has been revoked");
        tokenId = principal->tokenId;
        if (request.platformAdminOnly)
            requirePlatformAdmin(*principal);
        auto response = route(request, *principal);
        if (request.method != "GET")
            m_policy.refresh(true);  // this daemon enforces its own writes at once
        return response;
    } catch (const ApiException &e) {
        return errorResponse(e.error());
    } catch (const core::Error &e) {
        return errorResponse(ApiError::fromDomain(e));
    } catch (const pqxx::failure &) {
        // The store's errors are translated here, once, for every route: a connection lost
        // mid-request is 503 (retry), not 500.
        try {
            store::rethrowAsStoreError("the admin request");
        } catch (const core::Error &e) {
            return errorResponse(ApiError::fromDomain(e));
        }
    } catch (const std::exception &) {
        return errorResponse({ApiErrorCode::Internal, "internal error", {}});
    }
    return errorResponse({ApiErrorCode::Internal, "internal error", {}});
}

AdminResponse AdminApi::removeTenant(const AdminRequest &request, const std::string &id)
{
    const long long version = expectedVersion(request, json::object());
    if (const auto confirm = request.query.find("confirm"); confirm == request.query.end() || confirm->second != id)
        throw ApiException(ApiErrorCode::InvalidRequest,
                           "confirm: type the tenant id (?confirm=ID) to remove the tenant, its documents and keys",
                           "confirm");
    // A stale version is refused before anything is destroyed; the removal re-checks it.
    // Each step leases a control-plane connection of its own: none is held through the shred's
    // revocation grace (seconds), where audit commits and the policy refresh would wait for it.
    const auto current = m_pool.run([&](pqxx::connection &c) { return store::TenantRepository(c).get(id); });
    if (current.version != version)
        throw ApiException(ApiErrorCode::VersionConflict,
                           "the tenant was changed by someone else: it is at version " +
                               std::to_string(current.version) + ", not " + std::to_string(version),
                           "version");
    // The data plane first: API keys revoked, documents, placements and data keys shredded, so
    // no request in flight can re-create them; then the tenant row, its settings, tokens and
    // shared audit chain (archived, sealed) in one transaction.
    // A Tier 2/3 chain lives in the placement the shred destroys: it is read first (after the
    // shred's wait, so requests in flight have left their records) and archived with the rest.
    std::optional<store::PlacementChain> chain;
    const std::size_t revoked =
        m_retrieval ? m_retrieval->shredTenant(id, [&] { chain = m_retrieval->placementChain(id); }) : 0;
    const auto removal = m_pool.run([&](pqxx::connection &c) {
        return store::TenantRepository(c).remove(id, version, chain ? &*chain : nullptr);
    });
    if (m_retrieval)
        m_retrieval->forgetAuditLocation(id);
    return {200,
            {{"id", id},
             {"removed", true},
             {"incarnation", removal.incarnation},
             {"api_keys_revoked", revoked},
             {"documents_shredded", m_retrieval != nullptr},
             {"audit_archive",
              {{"records", removal.archivedRecords},
               {"checkpoints", removal.archivedCheckpoints},
               {"retain_until", removal.retainUntil ? json(*removal.retainUntil) : json()}}}}};
}

AdminResponse AdminApi::route(const AdminRequest &request, const proxy::AdminPrincipal &principal)
{
    const auto parts = split(request.path);  // admin v1 resource ...
    if (parts.size() < 3 || parts[0] != "admin" || parts[1] != "v1")
        throw ApiException(ApiErrorCode::RouteNotFound, "no such admin route");
    const std::string &resource = parts[2];
    const std::string &method = request.method;
    const std::size_t n = parts.size();
    const auto methodNotAllowed = [] {
        return ApiException(ApiErrorCode::MethodNotAllowed, "method not allowed on this route");
    };

    if (m_retrieval)
        if (auto response = m_retrieval->route(request, principal, parts))
            return std::move(*response);

    if (resource == "openapi.json" && n == 3) {
        if (method != "GET")
            throw methodNotAllowed();
        // The exact bytes of resources/openapi.json, not a re-serialisation of the JSON.
        AdminResponse response;
        response.rawBody = openApiText();
        response.contentType = "application/json";
        return response;
    }

    if (resource == "whoami" && n == 3) {
        if (method != "GET")
            throw methodNotAllowed();
        return {200,
                {{"token_id", principal.tokenId},
                 {"daemon_version", BULKHEAD_VERSION},
                 {"role", store::toString(principal.role)},
                 {"tenant", principal.tenantId ? json(*principal.tenantId) : json()},
                 // What auditors pin: evidence packs and audit checkpoints are signed by it.
                 {"signing_key_fingerprint",
                  m_auditPublicKey.empty() ? json() : json(crypto::ed25519Fingerprint(m_auditPublicKey))}}};
    }

    if (resource == "probes" && n >= 4 && parts[3] == "runs" && m_probes) {
        if (n == 4 && method == "POST") {
            requirePlatformAdmin(principal);
            return {202, {{"id", m_probes->start(parseBody(request.body))}}};
        }
        if (n == 4 && method == "GET") {
            requirePlatformAdmin(principal);
            return {200, m_probes->list(100)};
        }
        if (n == 5 && method == "GET")
            return {200, m_probes->run(parts[4], principal.isPlatformAdmin()
                                                     ? std::nullopt
                                                     : principal.tenantId)};
        throw methodNotAllowed();
    }

    if (resource == "evidence" && m_evidence)
        return m_evidence->route(request, principal, parts);

    // Outside the one lease below: a removal waits out the revocation grace between its steps,
    // and leases a connection for each (removeTenant).
    if (resource == "tenants" && n == 4 && method == "DELETE") {
        if (!principal.maySee(parts[3]))
            denied();  // same answer whether or not the tenant exists
        requirePlatformAdmin(principal);
        return removeTenant(request, parts[3]);
    }

    return m_pool.run([&](pqxx::connection &connection) -> AdminResponse {
        store::TenantRepository tenants(connection);
        store::ControlPlaneRepository plane(connection);

        if (resource == "logs" && method == "GET" && (n == 3 || (n == 4 && parts[3] == "verify")))
            return logs(request, principal, connection, tenants, n == 4);
        if (resource == "logs" && method == "GET" && n == 4 && (parts[3] == "proof" || parts[3] == "consistency"))
            return logProof(request, principal, tenants, parts[3] == "consistency", connection);
        if (resource == "logs" && n == 4 && (parts[3] == "retention" || parts[3] == "prune"))
            return retention(request, principal, connection, tenants, parts[3] == "prune");

        if (resource == "tenants") {
            if (n == 3 && method == "GET") {
                const auto all = tenants.list();
                const auto decision = core::evaluatePolicy(all);
                const auto calibrations = plane.ingressCalibrations();
                json list = json::array();
                for (const auto &t : all) {
                    if (!principal.maySee(t.id))
                        continue;
                    json row = tenantWithPolicy(t, decision);
                    const auto stored = calibrations.find(t.id);
                    row["injection_thresholds"] = injectionThresholds(stored == calibrations.end() ? "{}" : stored->second);
                    list.push_back(std::move(row));
                }
                json body{{"tenants", std::move(list)}};
                if (principal.isPlatformAdmin())
                    body["platform_assurance_tier"] =
                        decision.platformAssuranceTier
                            ? json(core::tierNumber(*decision.platformAssuranceTier))
                            : json();
                return {200, std::move(body)};
            }
            if (n == 3 && method == "POST") {
                requirePlatformAdmin(principal);
                auto body = splitTenantBody(parseBody(request.body));
                const core::Tenant parsed = core::tenantFromJson(body.tenant);
                if (body.systemPrompt)
                    store::validateSystemPrompt(*body.systemPrompt);
                // One transaction: the tenant exists with its settings, or not at all.
                pqxx::work tx(connection);
                const auto created = store::TenantRepository(tx).create(parsed);
                store::ControlPlaneRepository settings(tx);
                settings.ensureTenantSettings(created.id);
                if (body.systemPrompt)
                    settings.setSystemPrompt(created.id, *body.systemPrompt);
                if (body.clientSystemMessages)
                    settings.setClientSystemPolicy(created.id, *body.clientSystemMessages);
                tx.commit();
                return {201, core::tenantToJson(created)};
            }
            if (n < 4)
                throw methodNotAllowed();
            const std::string &id = parts[3];
            if (!principal.maySee(id))
                denied();  // same answer whether or not the tenant exists
            if (n == 4) {
                if (method == "GET") {
                    const auto all = tenants.list();
                    const auto t = tenants.get(id);
                    return {200, tenantWithPolicy(t, core::evaluatePolicy(all))};
                }
                requirePlatformAdmin(principal);
                if (method == "PATCH" || method == "PUT") {
                    auto body = splitTenantBody(parseBody(request.body));
                    const long long version = expectedVersion(request, body.tenant);
                    // One transaction for the tenant and its settings; the migration a tier change
                    // starts only once it committed.
                    pqxx::work tx(connection);
                    store::TenantRepository tenantsTx(tx);
                    store::ControlPlaneRepository settings(tx);
                    const auto current = tenantsTx.get(id);
                    json merged = core::tenantToJson(current);
                    for (const auto &[key, value] : body.tenant.items()) {
                        if (key == "id" && value != json(id))
                            throw ApiException(ApiErrorCode::InvalidRequest,
                                               "id: a tenant's id cannot change", "id");
                        merged[key] = value;
                    }
                    merged.erase("version");
                    core::Tenant updated = core::tenantFromJson(merged);
                    if (body.systemPrompt)
                        store::validateSystemPrompt(*body.systemPrompt);
                    const auto previousTier = current.chosenTier;
                    updated = tenantsTx.update(updated, version);
                    if (body.systemPrompt)
                        settings.setSystemPrompt(id, *body.systemPrompt);
                    if (body.clientSystemMessages)
                        settings.setClientSystemPolicy(id, *body.clientSystemMessages);
                    tx.commit();
                    if (m_retrieval && updated.chosenTier && updated.chosenTier != previousTier)
                        m_retrieval->startMigration(id, core::tierNumber(*updated.chosenTier));
                    return {200, core::tenantToJson(updated)};
                }
                throw methodNotAllowed();
            }
            requirePlatformAdmin(principal);
            // An unknown tenant is 404 here, not a foreign-key violation further down.
            (void)tenants.get(id);
            const std::string &sub = parts[4];
            if (sub == "system-prompt" && n == 5) {
                if (method == "GET") {
                    const auto s = plane.tenantSettings(id);
                    return {200,
                            {{"tenant", id},
                             {"system_prompt", s.systemPrompt},
                             {"client_system_messages", s.clientSystemPolicy},
                             {"canary", s.canary}}};
                }
                if (method == "PUT") {
                    const auto body = parseBody(request.body);
                    pqxx::work tx(connection);
                    store::ControlPlaneRepository settings(tx);
                    settings.ensureTenantSettings(id);
                    settings.setSystemPrompt(id, stringMember(body, "system_prompt"));
                    if (body.contains("client_system_messages"))
                        settings.setClientSystemPolicy(id, stringMember(body, "client_system_messages"));
                    tx.commit();
                    return {200, {{"tenant", id}, {"updated", true}}};
                }
                throw methodNotAllowed();
            }
            if (sub == "scan-policy" && n == 5) {
                if (method == "GET") {
                    const auto s = plane.tenantSettings(id);
                    auto text = [](const std::optional<std::string> &v) {
                        return v ? json(*v) : json("default");
                    };
                    return {200,
                            {{"tenant", id},
                             {"cross_tenant", text(s.egressCrossTenant)},
                             {"self_leak", text(s.egressSelfLeak)},
                             {"prompt_injection", text(s.ingressPrompt)}}};
                }
                if (method == "PUT" || method == "PATCH") {
                    const auto body = parseBody(request.body);
                    auto field = [&](const char *key) -> std::optional<std::string> {
                        if (!body.contains(key))
                            return std::nullopt;
                        const auto value = stringMember(body, key);
                        return value == "default" ? std::string() : value;
                    };
                    plane.setScanPolicy(id, {field("cross_tenant"), field("self_leak"),
                                             field("prompt_injection")});
                    return {200, {{"tenant", id}, {"updated", true}}};
                }
                throw methodNotAllowed();
            }
            if (sub == "limits" && n == 5) {
                if (method == "PUT") {
                    // Validated whole (an unknown member or a bad value is a 400 naming it).
                    const auto limits = core::tenantLimitsFromJson(parseBody(request.body));
                    pqxx::work tx(connection);
                    store::ControlPlaneRepository settings(tx);
                    settings.ensureTenantSettings(id);
                    settings.setLimits(id, core::tenantLimitsToJson(limits).dump());
                    tx.commit();
                    return {200, {{"tenant", id}, {"limits", core::tenantLimitsToJson(limits)}}};
                }
                if (method == "GET") {
                    const auto stored = core::tenantLimitsFromJson(json::parse(plane.tenantSettings(id).limits));
                    return {200, {{"tenant", id}, {"limits", core::tenantLimitsToJson(stored)}}};
                }
                throw methodNotAllowed();
            }
            if (sub == "ingress-calibration" && (n == 5 || n == 6)) {
                if (n == 6 && method == "PUT") {
                    const auto calibration = calibrationFromRequest(id, parts[5], parseBody(request.body));
                    plane.setIngressCalibration(id, parts[5], scan::calibrationToJson(calibration).dump());
                } else if (n == 6 && method == "DELETE") {
                    plane.resetIngressCalibration(id, parts[5]);
                } else if (n != 5 || method != "GET") {
                    throw methodNotAllowed();
                }
                json out = injectionThresholds(plane.tenantSettings(id).ingressCalibration);
                out["tenant"] = id;
                return {200, std::move(out)};
            }
            if (sub == "canary" && n == 6 && parts[5] == "rotate" && method == "POST") {
                plane.rotateCanary(id);
                return {200, {{"tenant", id}, {"rotated", "canary"}}};
            }
            if (sub == "cache-salt" && n == 6 && parts[5] == "rotate" && method == "POST") {
                return {200, {{"tenant", id}, {"cache_salt_epoch", plane.rotateCacheSalt(id)}}};
            }
            if (sub == "upstream" && n == 5 && method == "PUT") {
                const auto body = parseBody(request.body);
                const std::string upstream = stringMember(body, "upstream", false);
                plane.setTenantUpstream(id, upstream.empty() ? std::nullopt
                                                             : std::optional(upstream));
                return {200, {{"tenant", id}, {"upstream", upstream.empty() ? json() : json(upstream)}}};
            }
            if (sub == "keys" && n == 5) {
                if (method == "GET") {
                    json list = json::array();
                    for (const auto &key : plane.listApiKeys(id))
                        list.push_back(keyJson(key));
                    return {200, {{"keys", std::move(list)}}};
                }
                if (method == "POST") {
                    const auto body = parseBody(request.body);
                    pqxx::work tx(connection);
                    store::ControlPlaneRepository keys(tx);
                    keys.ensureTenantSettings(id);
                    auto issued = keys.issueApiKey(id, stringMember(body, "label", false));
                    tx.commit();
                    json out = keyJson(issued.record);
                    out["api_key"] = std::move(issued.plaintext);  // shown once
                    return {201, std::move(out)};
                }
                throw methodNotAllowed();
            }
            if (sub == "keys" && n == 6 && method == "DELETE") {
                plane.revokeApiKey(parts[5], id);
                return {200, {{"id", parts[5]}, {"revoked", true}}};
            }
            throw ApiException(ApiErrorCode::RouteNotFound, "no such admin route");
        }

        requirePlatformAdmin(principal);
        if (resource == "upstreams") {
            if (n == 3 && method == "GET") {
                json list = json::array();
                for (const auto &u : plane.listUpstreams())
                    list.push_back(upstreamJson(u));
                return {200, {{"upstreams", std::move(list)}}};
            }
            if (n == 3 && method == "POST") {
                const auto body = parseBody(request.body);
                store::UpstreamRecord record;
                record.id = stringMember(body, "id");
                record.baseUrl = stringMember(body, "base_url");
                record.caFile = stringMember(body, "ca_file", false);
                if (const auto d = stringMember(body, "dedicated_tenant", false); !d.empty())
                    record.dedicatedTenantId = d;
                return {201, upstreamJson(plane.createUpstream(record))};
            }
            if (n == 4 && method == "DELETE") {
                plane.removeUpstream(parts[3]);
                return {200, {{"id", parts[3]}, {"removed", true}}};
            }
            throw methodNotAllowed();
        }
        if (resource == "tokens") {
            if (n == 3 && method == "GET") {
                json list = json::array();
                for (const auto &t : plane.listAdminTokens())
                    list.push_back(tokenJson(t));
                return {200, {{"tokens", std::move(list)}}};
            }
            if (n == 3 && method == "POST") {
                const auto body = parseBody(request.body);
                const auto roleText = stringMember(body, "role");
                const auto role = store::parseAdminRole(roleText);
                if (!role)
                    throw ApiException(ApiErrorCode::InvalidRequest,
                                       "role: must be platform-admin or tenant-auditor", "role");
                const auto tenant = stringMember(body, "tenant", false);
                auto issued = plane.issueAdminToken(
                    *role, tenant.empty() ? std::nullopt : std::optional(tenant),
                    stringMember(body, "label", false));
                json out = tokenJson(issued.record);
                out["token"] = std::move(issued.plaintext);  // shown once
                return {201, std::move(out)};
            }
            if (n == 4 && method == "DELETE") {
                plane.revokeAdminToken(parts[3]);
                return {200, {{"id", parts[3]}, {"revoked", true}}};
            }
            throw methodNotAllowed();
        }
        if (resource == "policy" && n == 4) {
            if (parts[3] == "reload" && method == "POST") {
                if (!m_policy.refresh(true))
                    throw ApiException(ApiErrorCode::PolicyUnavailable,
                                       "reload failed: the control plane is unreachable");
                return {200, {{"reloaded", true}, {"version", m_policy.lastKnown()->version()}}};
            }
            if (parts[3] == "evaluate" && method == "GET")
                return {200, core::decisionToJson(core::evaluatePolicy(tenants.list()))};
        }
        throw ApiException(ApiErrorCode::RouteNotFound, "no such admin route");
    });
}

} // namespace bulkhead::daemon
