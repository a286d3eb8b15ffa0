#pragma once

#include "AdminApi.h"

#include "crypto/Ed25519.h"
#include "crypto/KeyHierarchy.h"
#include "evidence/EvidenceInput.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::store {
class ConnectionPool;
}

namespace bulkhead::daemon {

class RetrievalService;

// Evidence exports (issue 8) behind the admin API:
//   POST /admin/v1/evidence/exports {"tenant": id | "all": true, "since": RFC 3339?} -> 202 {"id"}
//   GET  /admin/v1/evidence/exports                 -> the exports this token may see
//   GET  /admin/v1/evidence/exports/{id}            -> {"id","state","progress","total",...}
//   GET  /admin/v1/evidence/exports/{id}/pack       -> application/zip (once done)
//   POST /admin/v1/evidence/preview {same scope}     -> 200 controls.json of that scope, now
// A platform admin exports any tenant or everything ("all"); a tenant-auditor exports only its
// own tenant, and sees only its own exports (another's id answers as an unknown one). Packs are
// built one at a time on a worker thread, signed with the key given at construction, and kept
// in memory on this instance (a bounded number, oldest finished first out).
class EvidenceService final
{
public:
    struct Dependencies
    {
        store::ConnectionPool &pool;
        RetrievalService *retrieval = nullptr;  // where each tenant's audit log lives; none: Tier 1 tables
        std::vector<std::uint8_t> auditPublicKey;
        // A tenant's key ids and dates (never material); empty when no key hierarchy is wired.
        std::function<std::vector<crypto::KeyEvidence>(const std::string &tenant)> keyEvidence;
        std::function<std::int64_t()> clock;  // unix seconds; default: the system clock
        std::int64_t probeScheduleSeconds = 0;  // the full probe run's period (0: only when asked)
    };

    EvidenceService(Dependencies deps, crypto::Ed25519Key signingKey);
    ~EvidenceService();
    EvidenceService(const EvidenceService &) = delete;
    EvidenceService &operator=(const EvidenceService &) = delete;

    // The routes above; parts = the path split on '/' (admin, v1, evidence, ...).
    AdminResponse route(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                        const std::vector<std::string> &parts);
    void stop();

    static constexpr std::size_t kMaxKept = 16;
    static constexpr std::size_t kMaxQueued = 4;

private:
    struct Export
    {
        std::string id;
        evidence::PackScope scope;
        std::string state = "queued";  // queued, running, done, failed
        std::size_t progress = 0;
        std::size_t total = 0;
        std::string createdAt;
        std::string finishedAt;
        std::string error;
        std::string zip;
        std::string fingerprint;
        std::string sha256;
    };

    // The request's scope checked against the caller's role, its tenant known.
    evidence::PackScope checkedScope(const AdminRequest &request, const proxy::AdminPrincipal &principal);
    // POST /admin/v1/evidence/preview: controls.json as an export of that scope would hold it now.
    nlohmann::json preview(const AdminRequest &request, const proxy::AdminPrincipal &principal);
    std::string start(const AdminRequest &request, const proxy::AdminPrincipal &principal);
    std::shared_ptr<Export> find(const std::string &id, const proxy::AdminPrincipal &principal);
    nlohmann::json describe(const Export &e);
    void work();
    void build(Export &e);
    evidence::EvidenceInput gather(Export &e);
    std::vector<evidence::AuditFacts> verifyAudit(const std::vector<std::string> &tenants, Export &e);
    void evictLocked();
    std::string now() const;

    Dependencies m_deps;
    crypto::Ed25519Key m_signingKey;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::map<std::string, std::shared_ptr<Export>> m_exports;
    std::deque<std::shared_ptr<Export>> m_queue;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace bulkhead::daemon
