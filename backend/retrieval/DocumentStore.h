#pragma once

#include "Placements.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::store {
class TenantKeyring;
}

namespace bulkhead::retrieval {

inline constexpr std::size_t kEmbeddingDimensions = 384;
inline constexpr const char *kDocumentsKeyPurpose = "documents";

struct EmbeddedChunk
{
    std::string text;
    std::vector<float> embedding;  // kEmbeddingDimensions values
};

struct StoredDocument
{
    std::string id;
    int chunks = 0;
};

struct RetrievalHit
{
    std::string documentId;
    int chunkIndex = 0;
    std::string text;
    double score = 0;  // cosine similarity
    nlohmann::json metadata;
};

// What a probe's misconfiguration drill saw: the attacker's transaction, run as the proxy would
// run it for the attacker but against the victim's placement and WITHOUT the tenant predicate.
struct DrillResult
{
    std::size_t rowsReturned = 0;          // rows the database handed back
    std::size_t victimRowsReturned = 0;    // of those, rows tagged with the victim's tenant id
    std::size_t victimRowsReadable = 0;    // of those, rows whose text the attacker could read
    std::string barrier;  // what held: "row_level_security", "permission_denied", "encryption", "none"
};

// A tenant's documents in its placement. Every call takes a TenantScope; reads add the tenant
// predicate and run as the placement's role (the second barrier: RLS, a role that can use only
// its schema, or a database of its own), and Tier 2/3 chunk text and metadata are sealed with
// the tenant's data key bound to tenant, document and chunk. A tenant's placement row is read
// under a shared advisory lock, so a tier migration switches it only between requests.
class DocumentStore final
{
public:
    DocumentStore(PlacementDirectory &placements, store::TenantKeyring &keys);

    // `tier`: the tenant's chosen tier, used when it has no placement yet. `apiKeyId`: the key
    // the request came with; the document commits only while it is valid, so a request in
    // flight when the tenant's keys are revoked (crypto-shredding, removal) stores nothing.
    StoredDocument add(const TenantScope &scope, int tier, const nlohmann::json &metadata,
                       const std::vector<EmbeddedChunk> &chunks, const std::optional<std::string> &apiKeyId = {});
    bool remove(const TenantScope &scope, const std::string &documentId);
    std::vector<RetrievalHit> search(const TenantScope &scope, std::span<const float> query, int k);
    // Exact nearest neighbours (no index), the reference for recall measurements.
    std::vector<RetrievalHit> searchExact(const TenantScope &scope, std::span<const float> query, int k);
    std::size_t documentCount(const TenantScope &scope);

    // Probes only: see DrillResult.
    DrillResult drillWithoutPredicate(const TenantScope &attacker, const std::string &victimTenantId,
                                      std::span<const float> query, int k);

    // The tier the tenant's documents are in now (nothing when it has none).
    std::optional<int> currentTier(const TenantScope &scope);

    // Offboarding: the tenant's documents and placement removed, then its keys destroyed.
    void shred(const TenantScope &scope);

    // Tier 3 on the tenant's own server: its libpq connection string, stored sealed with the
    // tenant's key. Conflict while the tenant's documents are at Tier 3 (migrate them away
    // first); InvalidArgument for a malformed string.
    void setDedicatedDatabase(const TenantScope &scope, const std::string &dsn);

private:
    friend class TierMigrator;
    struct Current
    {
        Placement placement;
        bool migrating = false;
    };
    using PlacementWork = std::function<void(pqxx::work &, const std::optional<Current> &)>;
    // Runs `fn` in a control-plane transaction holding the tenant's placement lock, with the
    // tenant's current placement. Requests share it; a tier switch or a re-encryption step takes
    // it exclusively, between requests.
    enum class PlacementLock { Shared, Exclusive };
    void withPlacement(const std::string &tenantId, const PlacementWork &fn,
                       PlacementLock lock = PlacementLock::Shared);
    // `insert` under the shared lock, unless the placement moved away from `expectedTier` or
    // is being migrated (Conflict).
    void insertUnderPlacement(const std::string &tenantId, int expectedTier,
                              const std::function<void(pqxx::work &, const Placement &)> &insert);
    // Whether `keyId` is the tenant's active data key now (a rotation retires the old one from use).
    static bool sealedUnderActiveKey(pqxx::transaction_base &controlPlaneTx, const std::string &tenantId,
                                     const std::string &keyId);
    // Refused (Unavailable: the request is not to be served) unless the API key is still valid.
    static void requireValidApiKey(pqxx::transaction_base &controlPlaneTx, const std::string &tenantId,
                                   const std::optional<std::string> &apiKeyId);
    std::optional<Current> peekPlacement(const std::string &tenantId);
    void ensurePlacement(const std::string &tenantId, int tier);
    std::vector<RetrievalHit> query(const TenantScope &scope, std::span<const float> query, int k, bool exact);
    std::string openText(const std::string &tenantId, const std::string &hexEnvelope, const std::string &binding);

    PlacementDirectory &m_placements;
    store::TenantKeyring &m_keys;
};

// Text form of a vector for pgvector ('[0.1,0.2,…]').
std::string vectorLiteral(std::span<const float> values);
// SHA-256 over the chunk texts (each length-prefixed): what a migration verifies.
std::string contentHash(const std::vector<std::string> &chunkTexts);

} // namespace bulkhead::retrieval
