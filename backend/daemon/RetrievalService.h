#pragma once

#include "AdminApi.h"

#include "audit/AuditLocation.h"
#include "audit/AuditRelocation.h"

#include "retrieval/DocumentStore.h"
#include "retrieval/Embedder.h"
#include "retrieval/Placements.h"
#include "retrieval/TierMigrator.h"
#include "store/TenantKeyring.h"
#include "store/TenantRepository.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bulkhead::audit {
class AuditWriter;
}

namespace bulkhead::daemon {

// The daemon's side of tenant documents and keys: request validation for /v1/documents and
// /v1/retrieve, the built-in embedder, retrieval context for chat, and the admin routes for
// encryption keys, crypto-shredding and tier migrations (which run on a worker thread each and
// report progress). Blocking: runs on the database threads. Errors are protocol::ApiException.
class RetrievalService final
{
public:
    // `ownerDsn`: the schema owner's login, which provisions placements (empty: the pool's own).
    RetrievalService(store::ConnectionPool &pool, std::string controlPlaneDsn, std::string ownerDsn,
                     crypto::SecureBytes masterKey);
    ~RetrievalService();

    // Data plane (the tenant comes from its API key, never from the request). prepare*()
    // validate and chunk (no I/O); store/search take the embeddings, however they were made.
    struct PreparedDocument
    {
        std::vector<std::string> chunks;
        nlohmann::json metadata;
    };
    struct PreparedQuery
    {
        std::string query;
        int topK = 5;
    };
    PreparedDocument prepareDocument(std::string_view body) const;
    PreparedQuery prepareQuery(std::string_view body) const;
    // `apiKeyId`: the request's key; nothing is stored once it is revoked.
    nlohmann::json storeDocument(const std::string &tenantId, int tier, const PreparedDocument &document,
                                 std::vector<std::vector<float>> embeddings, const std::string &apiKeyId);
    nlohmann::json search(const std::string &tenantId, const PreparedQuery &query, const std::vector<float> &embedding,
                          std::vector<std::string> &documentIds);
    std::vector<retrieval::RetrievalHit> contextFor(const std::string &tenantId, const std::vector<float> &embedding,
                                                    int topK);

    nlohmann::json removeDocument(const std::string &tenantId, const std::string &documentId);

    // The same with the built-in embedder.
    nlohmann::json retrieve(const std::string &tenantId, std::string_view body,
                            std::vector<std::string> &documentIds);
    std::vector<retrieval::RetrievalHit> context(const std::string &tenantId, const std::string &query, int topK);

    // Admin routes under /admin/v1/tenants/{id}/{encryption-keys,shred,migration}; nothing when
    // the path is not one of them.
    std::optional<AdminResponse> route(const AdminRequest &request, const proxy::AdminPrincipal &principal,
                                       const std::vector<std::string> &parts);
    // Crypto-shredding: revokes the tenant's API keys, then destroys its placement (documents,
    // Tier 2/3 audit log), dedicated database setting and keys. The number of keys revoked.
    // `beforeDestroy` runs once the keys are revoked and the grace below has passed, just before
    // anything is destroyed (removal reads the tenant's Tier 2/3 audit chain there).
    std::size_t shredTenant(const std::string &tenantId, const std::function<void()> &beforeDestroy = {});
    // The tenant's audit chain when its log lives in its own placement (Tier 2/3), as stored.
    std::optional<store::PlacementChain> placementChain(const std::string &tenantId);
    // Runs after the keys are revoked and before anything is destroyed: until it returns, other
    // instances may still serve the keys from their policy snapshots.
    void setRevocationGrace(std::function<void()> grace) { m_revocationGrace = std::move(grace); }
    // The tenant's cached audit location (after its removal, a re-created tenant gets its own).
    void forgetAuditLocation(const std::string &tenantId);
    // A tenant's chosen tier changed: move its documents, then its audit log (moveAuditLog), then
    // remove a Tier 2/3 placement neither uses any more. Runs on a worker thread.
    void startMigration(const std::string &tenantId, int toTier);
    // Moves the tenant's audit log to `toTier`'s placement (audit::moveLog, under the writer's
    // pause, the source closed to other daemons' appends meanwhile); none when there is no log
    // yet or it is already there. Throws core::Error; the log stays where it was then.
    std::optional<audit::MovedLog> moveAuditLog(const std::string &tenantId, int toTier);
    // The writer the log moves pause (set once the daemon made it).
    void setAuditWriter(audit::AuditWriter *writer) { m_auditWriter = writer; }
    // Waits for the migrations and other jobs in progress (before the writer goes).
    void finishJobs();
    // Interrupted migrations of an earlier run: rolled back or finished. What was done.
    std::vector<retrieval::MigrationProgress> recover();

    // A user message with retrieved chunks placed before the question as quoted material (what
    // retrieval-augmented chat sends upstream).
    static std::string withContext(const std::string &question, const std::vector<retrieval::RetrievalHit> &hits);

    // Probes: a document planted in the tenant's own placement (removed with removeDocument),
    // and the query vector the built-in embedder gives a text.
    std::string plantProbeDocument(const std::string &tenantId, int tier, const std::string &text,
                                   const std::string &runId);
    std::vector<float> embed(const std::string &text) const { return m_embedder.embed(text); }

    // Where each tenant's audit log lives (fixed by its tier at its first record, in
    // audit_placements), connections to it, and the sealing of Tier 2/3 records with the
    // tenant's key. `tierOf` gives a tenant's chosen tier from the policy.
    audit::AuditPlacement auditPlacement(std::function<int(const std::string &tenantId)> tierOf);
    // `claim`: a tenant without a log yet gets one at `tier` (the writer); readers only look.
    audit::AuditLocation auditLocation(const std::string &tenantId, int tier, bool claim = true);
    // Runs `work` on a connection to the location a tenant's log lives in.
    void withAuditConnection(const audit::AuditLocation &location, const std::function<void(pqxx::connection &)> &work);
    const audit::RecordCipher &auditCipher() const noexcept { return m_auditCipher; }

    retrieval::DocumentStore &documents() noexcept { return m_documents; }
    store::TenantKeyring &keys() noexcept { return m_keys; }

private:
    void runJob(std::function<void()> job);
    // The location of a log at `tier` (registers its database's connections).
    audit::AuditLocation locationAt(const std::string &tenantId, int tier);
    // GET .../migration's "audit_log": where the log is, the state of its move, the last move.
    nlohmann::json auditLogJson(const std::string &tenantId);

    store::TenantKeyring m_keys;
    retrieval::PlacementDirectory m_placements;
    retrieval::DocumentStore m_documents;
    retrieval::TierMigrator m_migrator;
    retrieval::Embedder m_embedder{retrieval::kEmbeddingDimensions};
    std::function<void()> m_revocationGrace;
    std::mutex m_jobsMutex;
    std::vector<std::thread> m_jobs;
    std::map<std::string, std::string> m_rotations;  // tenant -> state of a data-key rotation
    std::mutex m_auditMutex;
    std::map<std::string, audit::AuditLocation> m_auditLocations;       // by tenant
    std::map<std::string, retrieval::Placement> m_auditDatabases;       // by connection key
    audit::RecordCipher m_auditCipher;
    audit::AuditWriter *m_auditWriter = nullptr;
    struct LogMove
    {
        std::string state;  // pending, moving, done, failed
        std::string error;
    };
    std::map<std::string, LogMove> m_logMoves;  // by tenant, this instance's moves
};

} // namespace bulkhead::daemon
