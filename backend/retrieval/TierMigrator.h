#pragma once

#include "DocumentStore.h"
#include "store/PlacementRepository.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::retrieval {

// One tenant's move between tiers, as placement_migrations keeps it.
using MigrationProgress = store::PlacementRepository::Migration;

// Moves a tenant's documents to the placement of another tier while reads keep being served
// from the old one: mark the placement migrating (writes then get migration_in_progress), copy
// every document (opened with the tenant's key where sealed, re-sealed where the target seals),
// verify document count and each document's content hash in the target, switch the placement
// under the exclusive lock (between requests), then wipe the old placement. Progress is kept in
// placement_migrations. After a crash, recover() rolls a copy back (the old placement is still
// the live one) or finishes the wipe of a switch that committed: never lost, and at any time
// readable only through the tenant's own role.
class TierMigrator final
{
public:
    using Observer = std::function<void(const MigrationProgress &)>;

    TierMigrator(DocumentStore &documents, PlacementDirectory &placements, store::TenantKeyring &keys);

    // Blocking. Conflict when a migration of the tenant is already running.
    MigrationProgress migrate(const TenantScope &scope, int toTier, const Observer &observer = {});
    std::optional<MigrationProgress> status(const TenantScope &scope);
    // Finishes or rolls back every interrupted migration; what it did.
    std::vector<MigrationProgress> recover();
    // After a data-key rotation: every document still sealed under `retiringKeyId` re-encrypted
    // under the active data key, then that key retired. Safe under concurrent traffic: each
    // document is rewritten under the tenant's placement lock taken exclusively (a moment per
    // document; readers see the old or the new copy, never none), and only if it still exists, so
    // a delete that came first is not undone and one that comes later deletes the new copy; an
    // upload commits only under the active key (DocumentStore::add), so once the first scan has
    // waited out the uploads in flight, nothing new is sealed under the old key. Returns how many
    // documents were rewritten. Conflict during a tier migration.
    int resealAndRetire(const TenantScope &scope, const std::string &retiringKeyId);

private:
    struct Document
    {
        std::string id;
        std::string contentSha256;
        std::string metadata;  // JSON text
        std::vector<std::string> texts;
        std::vector<std::string> embeddings;  // pgvector text form
    };
    std::vector<std::string> documentIds(const Placement &placement);
    // Documents with a chunk or metadata envelope that names `keyId`.
    std::vector<std::string> documentsSealedUnder(pqxx::transaction_base &controlPlaneTx, const Placement &placement,
                                                  const std::string &keyId);

    Document readDocument(const Placement &placement, const std::string &id);
    struct SealedDocument
    {
        std::vector<std::optional<std::string>> texts;  // hex envelopes; none where not sealed
        std::optional<std::string> metadata;
    };
    SealedDocument seal(const Placement &placement, const Document &document);
    static void insertDocument(pqxx::transaction_base &tx, const Placement &placement, const Document &document,
                               const SealedDocument &sealed);
    // Replaces the document in one statement pair, only if it is still there.
    static bool replaceIfPresent(pqxx::transaction_base &tx, const Placement &placement, const Document &document,
                                 const SealedDocument &sealed);
    void writeDocument(const Placement &placement, const Document &document);
    void clear(const Placement &placement);
    void record(const MigrationProgress &progress);
    void rollBack(MigrationProgress &progress, const std::string &reason);

    DocumentStore &m_documents;
    PlacementDirectory &m_placements;
    store::TenantKeyring &m_keys;
};

} // namespace bulkhead::retrieval
