#pragma once

// One control plane (a fresh database with the migrations applied) and the retrieval stack on
// it, as the daemon wires it: keyring, placements, document store, migrator.
#include "retrieval/DocumentStore.h"
#include "retrieval/Embedder.h"
#include "retrieval/TierMigrator.h"
#include "store/ConnectionPool.h"
#include "store/Migrations.h"
#include "store/TenantKeyring.h"
#include "support/TestDatabase.h"

#include <memory>

namespace bulkhead::testing {

struct RetrievalStack
{
    explicit RetrievalStack(const std::string &dsn, crypto::SecureBytes masterKey)
        : pool(dsn, 4), keys(pool, std::move(masterKey)), placements(pool, dsn), documents(placements, keys),
          migrator(documents, placements, keys)
    {
    }
    store::ConnectionPool pool;
    store::TenantKeyring keys;
    retrieval::PlacementDirectory placements;
    retrieval::DocumentStore documents;
    retrieval::TierMigrator migrator;
};

inline void migrate(const testsupport::TestDatabase &db)
{
    auto connection = db.connect();
    store::applyMigrations(*connection);
}

inline std::vector<retrieval::EmbeddedChunk> embedded(const std::vector<std::string> &texts)
{
    static const retrieval::Embedder embedder(retrieval::kEmbeddingDimensions);
    std::vector<retrieval::EmbeddedChunk> out;
    for (const auto &t : texts)
        out.push_back({t, embedder.embed(t)});
    return out;
}

inline std::vector<float> embedding(const std::string &text)
{
    static const retrieval::Embedder embedder(retrieval::kEmbeddingDimensions);
    return embedder.embed(text);
}

} // namespace bulkhead::testing
