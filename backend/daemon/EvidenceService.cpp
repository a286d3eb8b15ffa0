#include "EvidenceService.h"

#include "RetrievalService.h"
#include "audit/AuditProver.h"
#include "audit/AuditVerifier.h"
#include "core/TenantScope.h"
#include "core/Error.h"
#include "core/JsonLimits.h"
#include "core/TenantValidation.h"
#include "crypto/SecureBytes.h"
#include "evidence/ControlMapping.h"
#include "evidence/PackBuilder.h"
#include "evidence/PackFormat.h"
#include "evidence/Rfc3339.h"
#include "evidence/ScopedEvidence.h"
#include "protocol/ApiError.h"
#include "store/ConnectionPool.h"
#include "store/ControlPlaneRepository.h"
#include "store/ProbeRunRepository.h"
#include "store/StoreErrors.h"
#include "store/TenantRepository.h"

#include <pqxx/pqxx>

#include <chrono>
#include <set>

namespace bulkhead::daemon {
namespace {

using nlohmann::json;
using protocol::ApiErrorCode;
using protocol::ApiException;

constexpr std::size_t kMaxProbeRuns = 200;  // newest first; older history is out of the window

[[noreturn]] void unknownExport()
{
    // The same answer for an id that does not exist and one this token may not see.
    throw ApiException(ApiErrorCode::NotFound, "no such evidence export", "id");
}

json parseObject(const std::string &body)
{
    if (body.empty())
        return json::object();
    if (core::jsonNestingDepth(body) > core::kMaxJsonDepth)
        throw ApiException(ApiErrorCode::InvalidJson, "the body is nested too deeply");
    auto doc = json::parse(body, nullptr, false);
    if (doc.is_discarded())
        throw ApiException(ApiErrorCode::InvalidJson, "malformed JSON");
    if (!doc.is_object())
        throw ApiException(ApiErrorCode::InvalidRequest, "the body must be a JSON object", "body");
    return doc;
}

// {"tenant": id | "all": true, "since": RFC 3339?}, checked against the caller's role.
evidence::PackScope scopeFrom(const json &body, const proxy::AdminPrincipal &principal)
{
    for (const auto &[key, value] : body.items())
        if (key != "tenant" && key != "all" && key != "since")
            throw ApiException(ApiErrorCode::InvalidRequest, key + ": unknown field (tenant, all, since)", key);
    evidence::PackScope scope;
    bool all = false;
    if (const auto it = body.find("all"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean())
            throw ApiException(ApiErrorCode::InvalidRequest, "all: must be true or false", "all");
        all = it->get<bool>();
    }
    if (const auto it = body.find("tenant"); it != body.end() && !it->is_null()) {
        if (!it->is_string())
            throw ApiException(ApiErrorCode::InvalidRequest, "tenant: must be a tenant id", "tenant");
        scope.tenant = it->get<std::string>();
    }
    if (const auto it = body.find("since"); it != body.end() && !it->is_null()) {
        if (!it->is_string() || !evidence::parseRfc3339(it->get<std::string>()))
            throw ApiException(ApiErrorCode::InvalidRequest,
                               "since: must be an RFC 3339 time with a zone, e.g. 2026-01-31T00:00:00Z", "since");
        scope.since = evidence::formatRfc3339(*evidence::parseRfc3339(it->get<std::string>()));
    }
    if (!principal.isPlatformAdmin()) {
        // An auditor's pack is its own tenant's, whatever it asks for.
        if (all || (scope.tenant && scope.tenant != principal.tenantId))
            throw ApiException(ApiErrorCode::PermissionDenied, "this admin token's role does not allow that");
        scope.tenant = principal.tenantId;
        return scope;
    }
    if (all == scope.tenant.has_value())
        throw ApiException(ApiErrorCode::InvalidRequest,
                           "tenant: name one tenant, or ask for every tenant with \"all\": true (not both)", "tenant");
    return scope;
}

} // namespace

EvidenceService::EvidenceService(Dependencies deps, crypto::Ed25519Key signingKey)
    : m_deps(std::move(deps)), m_signingKey(std::move(signingKey))
{
    if (!m_deps.clock)
        m_deps.clock = [] {
            return static_cast<std::int64_t>(
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                    .count());
        };
    m_worker = std::thread([this] { work(); });
}

EvidenceService::~EvidenceService()
{
    stop();
}

void EvidenceService::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable())
        m_worker.join();
}

std::string EvidenceService::now() const
{
    return evidence::formatRfc3339(m_deps.clock());
}

AdminResponse EvidenceService::route(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                                     const std::vector<std::string> &parts)
{
    const std::size_t n = parts.size();
    const auto wrongMethod = [] {
        return ApiException(ApiErrorCode::MethodNotAllowed, "method not allowed on this route");
    };
    if (n == 4 && parts[3] == "preview") {
        if (request.method != "POST")
            throw wrongMethod();
        return {200, preview(request, principal)};
    }
    if (n < 4 || parts[3] != "exports")
        throw ApiException(ApiErrorCode::RouteNotFound, "no such admin route");
    if (n == 4) {
        if (request.method == "POST")
            return {202, {{"id", start(request, principal)}, {"state", "queued"}}};
        if (request.method != "GET")
            throw wrongMethod();
        json list = json::array();
        std::lock_guard lock(m_mutex);
        for (const auto &[id, e] : m_exports)
            if (principal.isPlatformAdmin() || (e->scope.tenant && e->scope.tenant == principal.tenantId))
                list.push_back(describe(*e));
        return {200, {{"exports", std::move(list)}}};
    }
    if (request.method != "GET")
        throw wrongMethod();
    const auto e = find(parts[4], principal);
    if (n == 5) {
        std::lock_guard lock(m_mutex);
        return {200, describe(*e)};
    }
    if (n == 6 && parts[5] == "pack") {
        std::lock_guard lock(m_mutex);
        if (e->state != "done")
            throw ApiException(ApiErrorCode::Conflict,
                               e->state == "failed" ? "the export failed: " + e->error
                                                    : "the export is still " + e->state + "; poll its status",
                               "id");
        AdminResponse response{200, nullptr};
        response.rawBody = e->zip;
        response.contentType = "application/zip";
        return response;
    }
    throw ApiException(ApiErrorCode::RouteNotFound, "no such admin route");
}

evidence::PackScope EvidenceService::checkedScope(const AdminRequest &request, const proxy::AdminPrincipal &principal)
{
    auto scope = scopeFrom(parseObject(request.body), principal);
    if (scope.tenant) {
        core::validateTenantId(*scope.tenant, "tenant");  // InvalidArgument naming the field
        // Unknown tenant: 404 for a platform admin (an auditor only ever names its own).
        m_deps.pool.run([&](pqxx::connection &c) { (void)store::TenantRepository(c).get(*scope.tenant); });
    }
    return scope;
}

json EvidenceService::preview(const AdminRequest &request, const proxy::AdminPrincipal &principal)
{
    // The same data and the same assessment as an export, so what the auditor sees before
    // exporting is what the pack will say (unless the platform changes in between).
    Export e;
    e.scope = checkedScope(request, principal);
    const auto input = gather(e);
    const evidence::ScopedEvidence scoped(input);
    return evidence::controlsJson(scoped, evidence::assessControls(scoped));
}

std::string EvidenceService::start(const AdminRequest &request, const proxy::AdminPrincipal &principal)
{
    auto scope = checkedScope(request, principal);
    auto e = std::make_shared<Export>();
    e->id = "evx_" + crypto::toHex(crypto::randomBytes(8).view());
    e->scope = std::move(scope);
    e->createdAt = now();
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.size() >= kMaxQueued)
            throw ApiException(ApiErrorCode::Conflict, "too many evidence exports are waiting; try again shortly");
        m_exports[e->id] = e;
        m_queue.push_back(e);
        evictLocked();
    }
    m_wake.notify_one();
    return e->id;
}

std::shared_ptr<EvidenceService::Export> EvidenceService::find(const std::string &id, const proxy::AdminPrincipal &principal)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_exports.find(id);
    if (it == m_exports.end())
        unknownExport();
    const auto &e = it->second;
    if (!principal.isPlatformAdmin() && e->scope.tenant != principal.tenantId)
        unknownExport();
    return e;
}

json EvidenceService::describe(const Export &e)
{
    json out{{"id", e.id},
             {"state", e.state},
             {"progress", e.progress},
             {"total", e.total},
             {"scope", e.scope.tenant ? "tenant" : "platform"},
             {"tenant", e.scope.tenant ? json(*e.scope.tenant) : json()},
             {"since", e.scope.since ? json(*e.scope.since) : json()},
             {"created_at", e.createdAt},
             {"finished_at", e.finishedAt.empty() ? json() : json(e.finishedAt)}};
    if (e.state == "done")
        out.update({{"bytes", e.zip.size()}, {"sha256", e.sha256}, {"fingerprint", e.fingerprint}});
    if (e.state == "failed")
        out["error"] = e.error;
    return out;
}

// Keeps at most kMaxKept exports: the oldest finished ones go first; queued and running stay.
void EvidenceService::evictLocked()
{
    while (m_exports.size() > kMaxKept) {
        std::shared_ptr<Export> oldest;
        for (const auto &[id, e] : m_exports)
            if ((e->state == "done" || e->state == "failed") && (!oldest || e->createdAt < oldest->createdAt))
                oldest = e;
        if (!oldest)
            return;
        m_exports.erase(oldest->id);
    }
}

void EvidenceService::work()
{
    for (;;) {
        std::shared_ptr<Export> e;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            e = m_queue.front();
            m_queue.pop_front();
            e->state = "running";
        }
        build(*e);
    }
}

void EvidenceService::build(Export &e)
{
    std::string error;
    evidence::BuiltPack pack;
    try {
        const auto input = gather(e);
        std::size_t gathered = 0;
        {
            std::lock_guard lock(m_mutex);
            gathered = e.progress;
        }
        pack = evidence::buildPack(input, m_signingKey, [&](std::size_t done, std::size_t) {
            std::lock_guard lock(m_mutex);
            e.progress = gathered + done;
        });
    } catch (const std::exception &ex) {
        error = ex.what();
    }
    std::lock_guard lock(m_mutex);
    e.finishedAt = now();
    if (!error.empty()) {
        e.state = "failed";
        e.error = error;
        return;
    }
    e.sha256 = crypto::toHex(crypto::sha256(pack.zip));
    e.fingerprint = pack.fingerprint;
    e.zip = std::move(pack.zip);
    e.progress = e.total;
    e.state = "done";
}

evidence::EvidenceInput EvidenceService::gather(Export &e)
{
    evidence::EvidenceInput in;
    in.scope = e.scope;
    in.generatedAt = now();
    in.generatorVersion = BULKHEAD_VERSION;
    in.auditPublicKeyHex = crypto::toHex(m_deps.auditPublicKey);
    in.probeScheduleSeconds = m_deps.probeScheduleSeconds;
    std::vector<std::string> auditTenants;
    m_deps.pool.run([&](pqxx::connection &c) {
        store::translateStoreErrors("gather evidence", [&] {
            store::ControlPlaneRepository plane(c);
            for (auto &t : store::TenantRepository(c).list()) {
                std::string canary;
                try {
                    canary = plane.tenantSettings(t.id).canary;
                } catch (const core::Error &) {
                    // No data-plane settings yet: no canary to keep out of other packs.
                }
                if (!e.scope.tenant || *e.scope.tenant == t.id)
                    auditTenants.push_back(t.id);
                in.tenants.push_back({std::move(t), std::move(canary)});
            }
            store::ProbeRunRepository probeRuns(c);
            for (const auto &stored : probeRuns.recent(kMaxProbeRuns, e.scope.since)) {
                evidence::ProbeRunFacts run{stored.id, stored.startedAt, stored.finishedAt.value_or(""), stored.status,
                                            {}};
                // A tenant's pack never even reads the other pairs.
                for (const auto &r : probeRuns.results(run.id, e.scope.tenant))
                    run.results.push_back(
                        {r.attacker, r.victim, r.layer, r.outcome, json::parse(r.detailJson, nullptr, false)});
                in.probeRuns.push_back(std::move(run));
            }
        });
    });
    if (!e.scope.tenant)
        auditTenants.insert(auditTenants.begin(), std::string(core::kPlatformAuditScope));
    {
        std::lock_guard lock(m_mutex);
        e.total = 1 + auditTenants.size() + std::size(evidence::kContentMembers) + 2;
        e.progress = 1;
    }
    in.audit = verifyAudit(auditTenants, e);
    if (m_deps.keyEvidence)
        for (const auto &t : auditTenants)
            if (t != core::kPlatformAuditScope) {
                try {
                    for (auto &k : m_deps.keyEvidence(t))
                        in.keys.push_back(std::move(k));
                } catch (const core::Error &) {
                    // A tenant without keys (or a shredded one) has nothing to list.
                }
            }
    return in;
}

std::vector<evidence::AuditFacts> EvidenceService::verifyAudit(const std::vector<std::string> &tenants, Export &e)
{
    std::vector<evidence::AuditFacts> out;
    for (const auto &tenant : tenants) {
        evidence::AuditFacts facts;
        facts.tenantId = tenant;
        try {
            const audit::TenantScope scope(tenant);
            // The log may live in the tenant's schema or its own database (AuditLocation.h).
            const auto location = m_deps.retrieval ? m_deps.retrieval->auditLocation(tenant, 1, false)
                                                   : audit::AuditLocation{};
            const audit::RecordCipher *cipher = m_deps.retrieval ? &m_deps.retrieval->auditCipher() : nullptr;
            audit::VerificationReport report;
            std::optional<audit::Checkpoint> newest;
            const auto verify = [&](pqxx::connection &c) {
                report = audit::AuditVerifier(c, location, cipher).verify(scope, m_deps.auditPublicKey);
                newest = audit::AuditProver(c, location, cipher).newestCheckpoint(scope);
            };
            if (location.inControlPlane())
                m_deps.pool.run(verify);
            else
                m_deps.retrieval->withAuditConnection(location, verify);
            facts.ok = report.ok();
            facts.problem = std::string(audit::toString(report.problem));
            facts.sequence = report.sequence;
            facts.detail = report.detail;
            facts.records = report.records;
            facts.checkpoints = report.checkpoints;
            if (report.ok())
                facts.rootHex = crypto::toHex(report.root);
            if (newest)
                facts.newestCheckpoint = audit::checkpointToJson(*newest);
        } catch (const std::exception &ex) {
            facts.error = ex.what();
        }
        out.push_back(std::move(facts));
        std::lock_guard lock(m_mutex);
        ++e.progress;
    }
    return out;
}

} // namespace bulkhead::daemon
