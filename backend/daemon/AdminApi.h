#pragma once

#include "proxy/PolicySnapshot.h"

#include <nlohmann/json.hpp>
#include <pqxx/connection>

#include <map>
#include <string>
#include <vector>

namespace bulkhead::proxy {
class PolicyStore;
}
namespace bulkhead::store {
class ConnectionPool;
class TenantRepository;
}

namespace bulkhead::daemon {

class EvidenceService;
class ProbeService;
class RetrievalService;

struct AdminRequest
{
    std::string method;  // GET, POST, PUT, PATCH, DELETE
    std::string path;    // without the query, e.g. /admin/v1/tenants/life
    std::map<std::string, std::string> query;
    std::string body;
    std::string bearer;   // the Authorization bearer token, if any
    std::string ifMatch;  // optional If-Match header (a tenant version)
    bool platformAdminOnly = false;  // the route table says only a platform admin may call it
};

struct AdminResponse
{
    int status = 200;
    nlohmann::json body;
    std::string principal;  // the admin token's id once authenticated (for the platform chain)
    // For the platform chain: a platform admin read every tenant's log, or this tenant's, and
    // whether the read opened the content the tenants keep.
    bool crossTenantRead = false;
    std::string tenantLogRead;
    bool contentRead = false;
    // A non-JSON answer (an evidence pack): sent as is, with this content type, instead of body.
    std::string rawBody;
    std::string contentType;
};

// The admin API under /admin/v1/, independent of the HTTP transport. Blocking: the daemon runs
// it on a database thread. Roles: platform-admin may do everything; tenant-auditor may read
// its own tenant (and, as later layers land, its own logs and evidence) and nothing else.
class AdminApi final
{
public:
    AdminApi(store::ConnectionPool &pool, proxy::PolicyStore &policy);

    AdminResponse handle(const AdminRequest &request);
    void setProbeService(ProbeService *probes) { m_probes = probes; }
    void setAuditPublicKey(std::vector<std::uint8_t> key) { m_auditPublicKey = std::move(key); }
    // Documents, encryption keys, crypto-shredding and tier migrations (RetrievalService).
    void setRetrievalService(RetrievalService *retrieval) { m_retrieval = retrieval; }
    // Evidence exports under /admin/v1/evidence/ (EvidenceService).
    void setEvidenceService(EvidenceService *evidence) { m_evidence = evidence; }

    // Applies every tenant's retention period now (the daemon's hourly sweep): one result per
    // tenant, an "error" member where one failed.
    std::vector<nlohmann::json> applyAllRetention();

private:
    AdminResponse handleAuthenticated(const AdminRequest &request, std::string &tokenId);
    AdminResponse route(const AdminRequest &request, const proxy::AdminPrincipal &principal);
    // DELETE /admin/v1/tenants/{id}?version=N&confirm={id}: offboarding as one operation.
    AdminResponse removeTenant(const AdminRequest &request, const std::string &id);
    // GET /admin/v1/logs[/verify] (LogsApi.cpp).
    AdminResponse logs(const AdminRequest &request, const proxy::AdminPrincipal &principal, pqxx::connection &connection,
                       store::TenantRepository &tenants, bool verify);
    nlohmann::json logPage(const AdminRequest &request, const std::string &tenant, pqxx::connection &connection);
    nlohmann::json verifyLog(const std::string &tenant, pqxx::connection &connection);
    // GET /admin/v1/logs/proof?tenant=T&seq=N and /admin/v1/logs/consistency?tenant=T&from=N[&to=M]:
    // what a tenant's auditor checks offline (audit/AuditProof.h), LogsApi.cpp.
    AdminResponse logProof(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                           store::TenantRepository &tenants, bool consistency, pqxx::connection &connection);
    // GET|PUT /admin/v1/logs/retention?tenant=T[&days=N|off], POST /admin/v1/logs/prune?tenant=T.
    AdminResponse retention(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                            pqxx::connection &connection, store::TenantRepository &tenants, bool prune);
    nlohmann::json applyRetention(const std::string &tenant, int days, pqxx::connection &connection);

    store::ConnectionPool &m_pool;
    proxy::PolicyStore &m_policy;
    ProbeService *m_probes = nullptr;
    RetrievalService *m_retrieval = nullptr;
    EvidenceService *m_evidence = nullptr;
    std::vector<std::uint8_t> m_auditPublicKey;
};

} // namespace bulkhead::daemon
