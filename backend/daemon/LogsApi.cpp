// GET /admin/v1/logs and /admin/v1/logs/verify: tenant-scoped reads of the audit log;
// /admin/v1/logs/proof and /admin/v1/logs/consistency: proofs a tenant checks offline;
// /admin/v1/logs/retention and /admin/v1/logs/prune: per-tenant retention.
#include "AdminApi.h"

#include "RetrievalService.h"
#include "audit/AuditProver.h"
#include "audit/AuditQuery.h"
#include "audit/AuditRetention.h"
#include "audit/AuditVerifier.h"
#include "core/TenantScope.h"
#include "core/TenantValidation.h"
#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"
#include "evidence/PackSignature.h"
#include "protocol/ApiError.h"
#include "store/TenantRepository.h"
#include "store/AuditRetentionRepository.h"

#include <charconv>
#include <chrono>

namespace bulkhead::daemon {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

bool flag(const AdminRequest &request, const char *name)
{
    const auto it = request.query.find(name);
    return it != request.query.end() && it->second == "true";
}

audit::AuditFilter filterFrom(const AdminRequest &request)
{
    audit::AuditFilter filter;
    auto number = [&](const char *key) -> std::optional<long long> {
        const auto q = request.query.find(key);
        if (q == request.query.end())
            return std::nullopt;
        long long value = 0;
        const auto [end, ec] = std::from_chars(q->second.data(), q->second.data() + q->second.size(), value);
        if (ec != std::errc() || end != q->second.data() + q->second.size() || value < 0)
            throw ApiException(ApiErrorCode::InvalidRequest, std::string(key) + ": must be a non-negative integer",
                               key);
        return value;
    };
    if (const auto v = number("from"))
        filter.fromUs = *v;
    if (const auto v = number("until"))
        filter.untilUs = *v;
    if (const auto v = number("after"))
        filter.after = static_cast<std::uint64_t>(*v);
    if (const auto v = number("limit"))
        filter.limit = static_cast<std::size_t>(*v);
    if (const auto q = request.query.find("route"); q != request.query.end())
        filter.route = q->second;
    if (const auto q = request.query.find("decision"); q != request.query.end()) {
        filter.decision = audit::parseDecision(q->second);
        if (!filter.decision)
            throw ApiException(ApiErrorCode::InvalidRequest, "decision: allowed or blocked", "decision");
    }
    return filter;
}

// A strictly decimal, non-negative query value; nullopt when absent.
std::optional<std::uint64_t> sequenceParameter(const AdminRequest &request, const char *key)
{
    const auto q = request.query.find(key);
    if (q == request.query.end())
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(q->second.data(), q->second.data() + q->second.size(), value);
    if (q->second.empty() || ec != std::errc() || end != q->second.data() + q->second.size())
        throw ApiException(ApiErrorCode::InvalidRequest, std::string(key) + ": must be a non-negative integer", key);
    return value;
}

// A tenant's audit tables: in the control-plane database (shared tables, a Tier 2 schema) on the
// connection the request already holds, else in the tenant's own database.
void atAuditLocation(const audit::AuditLocation &location, pqxx::connection &controlPlane,
                     RetrievalService *retrieval, const std::function<void(pqxx::connection &)> &work)
{
    if (location.inControlPlane() || !retrieval)
        work(controlPlane);
    else
        retrieval->withAuditConnection(location, work);
}

// A platform admin's read of one tenant's log is an action of its own: the platform chain
// records it (a tenant auditor reading its own log is not).
void notePlatformRead(AdminResponse &response, const proxy::AdminPrincipal &principal, const std::string &tenant,
                      bool content)
{
    if (!principal.isPlatformAdmin() || tenant == core::kPlatformAuditScope)
        return;
    response.tenantLogRead = tenant;
    response.contentRead = content;
}

} // namespace

AdminResponse AdminApi::logs(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                             pqxx::connection &connection, store::TenantRepository &tenants, bool verify)
{
    // The tenant comes from the token for auditors; a platform admin names it, or asks for every
    // tenant explicitly (all_tenants=true), which the platform chain then records. Another
    // tenant's name gets the same answer whether or not it exists.
    std::string tenant;
    if (const auto q = request.query.find("tenant"); q != request.query.end())
        tenant = q->second;
    const bool allTenants = flag(request, "all_tenants");
    if (!principal.isPlatformAdmin()) {
        if (allTenants || (!tenant.empty() && tenant != *principal.tenantId))
            throw ApiException(ApiErrorCode::PermissionDenied, "this admin token's role does not allow that");
        tenant = *principal.tenantId;
    }
    if (allTenants) {
        if (!tenant.empty())
            throw ApiException(ApiErrorCode::InvalidRequest, "tenant: not with all_tenants=true", "tenant");
        json results = json::array();
        std::vector<std::string> ids{std::string(core::kPlatformAuditScope)};
        for (const auto &t : tenants.list())
            ids.push_back(t.id);
        for (const auto &id : ids) {
            // One tenant's unreadable log (a tampered sealed record, an unreachable database)
            // is reported in its entry; the others are still read.
            try {
                results.push_back(verify ? verifyLog(id, connection) : logPage(request, id, connection));
            } catch (const ApiException &e) {
                results.push_back({{"tenant", id}, {"error", e.error().toJson()["error"]}});
            } catch (const core::Error &e) {
                results.push_back({{"tenant", id}, {"error", protocol::ApiError::fromDomain(e).toJson()["error"]}});
            }
        }
        AdminResponse response{200, {{"all_tenants", true}, {"tenants", std::move(results)}}};
        response.crossTenantRead = true;
        response.contentRead = !verify && flag(request, "content");
        return response;
    }
    if (tenant.empty())
        throw ApiException(ApiErrorCode::InvalidRequest,
                           "tenant: is required (a platform admin reads every tenant only with all_tenants=true)",
                           "tenant");
    AdminResponse response{200, verify ? verifyLog(tenant, connection) : logPage(request, tenant, connection)};
    notePlatformRead(response, principal, tenant, !verify && flag(request, "content"));
    return response;
}

json AdminApi::verifyLog(const std::string &tenant, pqxx::connection &connection)
{
    const audit::TenantScope scope(tenant);
    // The tenant's log may live in its schema or its own database (AuditLocation.h).
    const audit::AuditLocation location =
        m_retrieval ? m_retrieval->auditLocation(tenant, 1, false) : audit::AuditLocation{};
    const audit::RecordCipher *cipher = m_retrieval ? &m_retrieval->auditCipher() : nullptr;
    audit::VerificationReport report;
    const auto work = [&](pqxx::connection &c) {
        report = audit::AuditVerifier(c, location, cipher).verify(scope, m_auditPublicKey);
    };
    atAuditLocation(location, connection, m_retrieval, work);
    return {{"tenant", tenant},
            {"ok", report.problem == audit::Problem::None},
            {"problem", audit::toString(report.problem)},
            {"sequence", report.sequence ? json(*report.sequence) : json()},
            {"detail", report.detail},
            {"records", report.records},
            {"checkpoints", report.checkpoints},
            {"pruned", report.pruned},
            {"public_key", crypto::toHex(m_auditPublicKey)}};
}

json AdminApi::logPage(const AdminRequest &request, const std::string &tenant, pqxx::connection &connection)
{
    const audit::TenantScope scope(tenant);
    const audit::AuditLocation location =
        m_retrieval ? m_retrieval->auditLocation(tenant, 1, false) : audit::AuditLocation{};
    const audit::RecordCipher *cipher = m_retrieval ? &m_retrieval->auditCipher() : nullptr;
    const auto filter = filterFrom(request);
    audit::AuditPage page;
    const auto work = [&](pqxx::connection &c) { page = audit::AuditQuery(c, location, cipher).records(scope, filter); };
    atAuditLocation(location, connection, m_retrieval, work);
    // ?content=true: the prompt and response a tenant opted in to keep, opened with its key for
    // this reader (who may read this tenant's log anyway).
    const bool withContent = flag(request, "content");
    json records = json::array();
    for (const auto &r : page.records) {
        json out = json::parse(audit::canonicalJson(r));
        if (withContent && !r.sealedContent.empty() && m_retrieval) {
            try {
                const auto plain =
                    m_retrieval->keys().open(tenant, "audit-content", crypto::fromHex(r.sealedContent), r.requestId);
                const auto view = plain.view();
                out["content"] = json::parse(std::string(view.begin(), view.end()), nullptr, false);
            } catch (const core::Error &) {
                out["content"] = nullptr;  // its key is gone (crypto-shredded)
            }
        }
        records.push_back(std::move(out));
    }
    return {{"tenant", tenant},
            {"records", std::move(records)},
            {"next_after", page.nextAfter ? json(*page.nextAfter) : json()}};
}

AdminResponse AdminApi::logProof(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                                 store::TenantRepository &tenants, bool consistency, pqxx::connection &connection)
{
    // Scoped exactly as GET /admin/v1/logs: an auditor's own tenant (named or not); another
    // tenant's name and one that does not exist get the same refusal.
    std::string tenant;
    if (const auto q = request.query.find("tenant"); q != request.query.end())
        tenant = q->second;
    if (!principal.isPlatformAdmin()) {
        if (!tenant.empty() && tenant != *principal.tenantId)
            throw ApiException(ApiErrorCode::PermissionDenied, "this admin token's role does not allow that");
        tenant = *principal.tenantId;
    }
    if (tenant.empty())
        throw ApiException(ApiErrorCode::InvalidRequest, "tenant: is required", "tenant");
    // The platform chain (admin actions) is provable too, to a platform admin.
    const bool platformChain = principal.isPlatformAdmin() && tenant == core::kPlatformAuditScope;
    if (!platformChain && (!core::isValidTenantId(tenant) || !tenants.find(tenant)))
        throw ApiException(ApiErrorCode::NotFound, "no such tenant", "tenant");

    const audit::TenantScope scope(tenant);
    const audit::AuditLocation location =
        m_retrieval ? m_retrieval->auditLocation(tenant, 1, false) : audit::AuditLocation{};
    const audit::RecordCipher *cipher = m_retrieval ? &m_retrieval->auditCipher() : nullptr;
    json body;
    if (consistency) {
        const auto from = sequenceParameter(request, "from");
        if (!from)
            throw ApiException(ApiErrorCode::InvalidRequest, "from: is required (the size of a checkpoint you kept)",
                               "from");
        const auto to = sequenceParameter(request, "to");
        const auto work = [&](pqxx::connection &c) {
            body = audit::toJson(audit::AuditProver(c, location, cipher).consistency(scope, *from, to));
        };
        atAuditLocation(location, connection, m_retrieval, work);
    } else {
        const auto seq = sequenceParameter(request, "seq");
        if (!seq)
            throw ApiException(ApiErrorCode::InvalidRequest, "seq: is required", "seq");
        const auto work = [&](pqxx::connection &c) {
            body = audit::toJson(audit::AuditProver(c, location, cipher).inclusion(scope, *seq));
        };
        atAuditLocation(location, connection, m_retrieval, work);
    }
    // The key the checkpoints are signed with, as the evidence pack names it: an auditor compares
    // the fingerprint with the one it pinned, never trusts this copy alone.
    body["public_key"] = crypto::toHex(m_auditPublicKey);
    body["public_key_pem"] = evidence::publicKeyPem(m_auditPublicKey);
    body["fingerprint"] = crypto::ed25519Fingerprint(m_auditPublicKey);
    AdminResponse response{200, std::move(body)};
    notePlatformRead(response, principal, tenant, false);
    return response;
}

AdminResponse AdminApi::retention(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                                  pqxx::connection &connection, store::TenantRepository &tenants, bool prune)
{
    const auto q = request.query.find("tenant");
    if (q == request.query.end() || q->second.empty())
        throw ApiException(ApiErrorCode::InvalidRequest, "tenant: is required", "tenant");
    const std::string &tenant = q->second;
    const bool write = request.method != "GET";
    // The same refusal for another tenant and for one that does not exist.
    if (!principal.maySee(tenant) || (write && !principal.isPlatformAdmin()))
        throw ApiException(ApiErrorCode::PermissionDenied, "this admin token's role does not allow that");
    if (!core::isValidTenantId(tenant) || !tenants.find(tenant))
        throw ApiException(ApiErrorCode::NotFound, "no such tenant", "tenant");

    store::AuditRetentionRepository periods(connection);
    if (!prune && request.method == "GET") {
        const auto days = periods.days(tenant);
        return {200, {{"tenant", tenant}, {"days", days ? json(*days) : json()}}};
    }
    if (!prune && request.method == "PUT") {
        // days=N keeps N days of records; days=off keeps everything (the default).
        const auto d = request.query.find("days");
        if (d == request.query.end())
            throw ApiException(ApiErrorCode::InvalidRequest, "days: is required (1..36500, or off)", "days");
        if (d->second == "off") {
            periods.setDays(tenant, std::nullopt);
            return {200, {{"tenant", tenant}, {"days", nullptr}}};
        }
        int days = 0;
        const auto [end, ec] = std::from_chars(d->second.data(), d->second.data() + d->second.size(), days);
        if (ec != std::errc() || end != d->second.data() + d->second.size() || days < 1 || days > 36500)
            throw ApiException(ApiErrorCode::InvalidRequest, "days: a whole number from 1 to 36500, or off", "days");
        periods.setDays(tenant, days);
        return {200, {{"tenant", tenant}, {"days", days}}};
    }
    if (prune && request.method == "POST") {
        const auto days = periods.days(tenant);
        if (!days)
            throw ApiException(ApiErrorCode::Conflict, "the tenant has no retention period (PUT /admin/v1/logs/retention)",
                               "days");
        return {200, applyRetention(tenant, *days, connection)};
    }
    throw ApiException(ApiErrorCode::MethodNotAllowed, prune ? "use POST" : "use GET or PUT");
}

json AdminApi::applyRetention(const std::string &tenant, int days, pqxx::connection &connection)
{
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::int64_t cutoff = now - std::int64_t{days} * 86'400'000'000;
    const audit::TenantScope scope(tenant);
    const audit::AuditLocation location =
        m_retrieval ? m_retrieval->auditLocation(tenant, 1, false) : audit::AuditLocation{};
    audit::PruneResult result;
    const auto work = [&](pqxx::connection &c) { result = audit::pruneBefore(c, scope, cutoff, location); };
    atAuditLocation(location, connection, m_retrieval, work);
    return {{"tenant", tenant},
            {"days", days},
            {"cutoff_us", cutoff},
            {"pruned", result.pruned},
            {"pruned_through", result.through ? json(*result.through) : json()},
            {"covered_by_checkpoint", result.coveredBy}};
}

std::vector<json> AdminApi::applyAllRetention()
{
    std::vector<json> results;
    m_pool.run([&](pqxx::connection &connection) {
        const auto periods = store::AuditRetentionRepository(connection).all();
        for (const auto &[tenant, days] : periods) {
            try {
                results.push_back(applyRetention(tenant, days, connection));
            } catch (const std::exception &e) {
                results.push_back({{"tenant", tenant}, {"error", e.what()}});
            }
        }
    });
    return results;
}

} // namespace bulkhead::daemon
