#pragma once

#include <cstddef>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

namespace bulkhead::store {

// A document of a placement's `documents` table (store/RetrievalSchema.h). Exactly one of the
// metadata columns is set: plain JSON text (Tier 1) or the hex envelope the caller sealed
// (Tier 2/3).
struct DocumentRow
{
    std::string tenantId;
    std::string id;
    int chunkCount = 0;
    std::string contentSha256;
    std::optional<std::string> metadataPlain;
    std::optional<std::string> metadataSealedHex;
};

// A chunk of a placement's `chunks` table; the text likewise plain or sealed (hex).
struct ChunkRow
{
    std::string tenantId;
    std::string documentId;
    int index = 0;
    std::optional<std::string> textPlain;
    std::optional<std::string> textSealedHex;
    std::string embedding; // pgvector text form ('[0.1,0.2,…]')
};

// A nearest-neighbour hit: the chunk with its document's metadata.
struct ChunkHit
{
    std::string documentId;
    int chunkIndex = 0;
    std::optional<std::string> textPlain;
    std::optional<std::string> textSealedHex;
    double distance = 0; // cosine distance
    std::optional<std::string> metadataPlain;
    std::optional<std::string> metadataSealedHex;
};

// The documents and chunks in one placement's schema (the same tables in every tier), in the
// caller's transaction, which already acts as the placement's role (PlacementProvisioning.h:
// actAs). Every statement but the probes' drill carries `tenant_id = $1`: the proxy's predicate,
// the first barrier. Sealing and opening are the caller's; pqxx errors are left to the caller,
// which translates them where it owns the transaction.
class DocumentRepository final
{
public:
    // `schema` unquoted: quoted here, in every statement.
    DocumentRepository(pqxx::transaction_base &tx, std::string schema)
        : m_tx(tx), m_schema(std::move(schema))
    {
    }

    void insert(const DocumentRow &document);
    void insert(const ChunkRow &chunk);
    // Deletes the document (its chunks cascade); whether there was one.
    bool remove(const std::string &tenantId, const std::string &documentId);
    // The same delete answered by RETURNING: whether the document was still there to be written
    // again (a re-encryption must not undo a delete that came first).
    bool removeForRewrite(const std::string &tenantId, const std::string &documentId);
    void removeAll(const std::string &tenantId);
    // The shared Tier 1 tables, named as they are (offboarding a Tier 1 tenant).
    static void removeAllShared(pqxx::transaction_base &tx, const std::string &tenantId);

    std::size_t count(const std::string &tenantId);
    std::vector<std::string> ids(const std::string &tenantId);
    // Without chunkCount. Throws pqxx::unexpected_rows when the document is not there (deleted
    // since it was listed).
    DocumentRow document(const std::string &tenantId, const std::string &documentId);
    // In chunk order.
    std::vector<ChunkRow> chunks(const std::string &tenantId, const std::string &documentId);
    // Documents with a chunk or metadata envelope that contains `keyId`: an envelope carries its
    // key id in the clear (crypto/Aead.h) and key ids are unique random strings, so these are
    // the documents sealed under that key.
    std::vector<std::string> sealedUnder(const std::string &tenantId, const std::string &keyId);

    // The `k` chunks nearest to `queryVector` (pgvector text form), ordered by distance, then
    // document and chunk. Through the HNSW index, or `exact`ly with index scans off (the
    // reference for recall measurements).
    std::vector<ChunkHit> nearest(const std::string &tenantId, const std::string &queryVector,
                                  int k, bool exact);
    // Probes only: the nearest chunks of whichever tenant, WITHOUT the tenant predicate, so the
    // database's own barrier is all that stands (embedding left empty).
    std::vector<ChunkRow> nearestWithoutPredicate(const std::string &queryVector, int k);

private:
    pqxx::transaction_base &m_tx;
    std::string m_schema;
};

} // namespace bulkhead::store
