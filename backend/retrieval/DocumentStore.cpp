#include "DocumentStore.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"
#include "store/DocumentRepository.h"
#include "store/PlacementRepository.h"
#include "store/StoreErrors.h"
#include "store/TenantKeyring.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <libpq-fe.h>

namespace bulkhead::retrieval {
namespace {

using core::Error;
using core::ErrorCode;
using nlohmann::json;

constexpr int kMaxTopK = 100;

std::vector<std::uint8_t> asBytes(std::string_view text)
{
    return {text.begin(), text.end()};
}

std::string chunkBinding(const std::string &documentId, int chunkIndex)
{
    return documentId + "/" + std::to_string(chunkIndex);
}

std::string metadataBinding(const std::string &documentId)
{
    return documentId + "/metadata";
}

std::string newDocumentId()
{
    const auto random = crypto::randomBytes(12);
    return "doc_" + crypto::toHex(random.view());
}

void checkQuery(std::span<const float> query, int k)
{
    if (query.size() != kEmbeddingDimensions)
        throw Error(ErrorCode::InvalidArgument,
                    "the query embedding must have " + std::to_string(kEmbeddingDimensions) + " dimensions",
                    "query");
    if (k < 1 || k > kMaxTopK)
        throw Error(ErrorCode::InvalidArgument, "top_k must be 1 to " + std::to_string(kMaxTopK), "top_k");
}

} // namespace

std::string vectorLiteral(std::span<const float> values)
{
    std::string out = "[";
    char buffer[32];
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            throw Error(ErrorCode::InvalidArgument, "embedding values must be finite", "embedding");
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
        if (i)
            out += ',';
        out.append(buffer, end);
    }
    return out + "]";
}

std::string contentHash(const std::vector<std::string> &chunkTexts)
{
    std::string framed;
    for (const auto &text : chunkTexts) {
        const auto n = static_cast<std::uint32_t>(text.size());
        for (int shift = 24; shift >= 0; shift -= 8)
            framed.push_back(static_cast<char>((n >> shift) & 0xff));
        framed += text;
    }
    return crypto::toHex(crypto::sha256(framed));
}

constexpr const char *kPlacementKeyPurpose = "placement";

DocumentStore::DocumentStore(PlacementDirectory &placements, store::TenantKeyring &keys)
    : m_placements(placements), m_keys(keys)
{
    m_placements.setDsnOpener([this](const std::string &tenantId, const std::string &sealedHex) {
        const auto plain = m_keys.open(tenantId, kPlacementKeyPurpose, crypto::fromHex(sealedHex), "dsn");
        const auto view = plain.view();
        return std::string(view.begin(), view.end());
    });
}

void DocumentStore::setDedicatedDatabase(const TenantScope &scope, const std::string &dsn)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(dsn.c_str(), &error);
    if (error)
        PQfreemem(error);
    if (!options || dsn.empty() || dsn.size() > 2000)
        throw Error(ErrorCode::InvalidArgument, "dsn: not a libpq connection string", "dsn");
    PQconninfoFree(options);
    const auto sealed = crypto::toHex(
        m_keys.seal(scope.tenantId(), kPlacementKeyPurpose, std::vector<std::uint8_t>(dsn.begin(), dsn.end()), "dsn"));
    store::translateStoreErrors("store the tenant's database", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository placements(tx);
            placements.lock(scope.tenantId(), store::PlacementRepository::Lock::Exclusive);
            if (placements.tierOf(scope.tenantId()) == 3)
                throw Error(ErrorCode::Conflict,
                            "the tenant's documents are at tier 3 now: migrate them to another tier first", "dsn");
            placements.storeDedicatedDsn(scope.tenantId(), sealed);
            tx.commit();
        });
    });
}

void DocumentStore::withPlacement(const std::string &tenantId, const PlacementWork &fn, PlacementLock lock)
{
    store::translateStoreErrors("retrieval", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository placements(tx);
            placements.lock(tenantId, lock == PlacementLock::Shared
                                          ? store::PlacementRepository::Lock::Shared
                                          : store::PlacementRepository::Lock::Exclusive);
            const auto row = placements.find(tenantId);
            std::optional<Current> current;
            if (row)
                current = Current{
                    m_placements.placementFor(tenantId, row->tier, row->dedicatedDsnSealedHex),
                    row->state == "migrating"};
            fn(tx, current);
            tx.commit();
        });
    });
}

std::optional<DocumentStore::Current> DocumentStore::peekPlacement(const std::string &tenantId)
{
    std::optional<Current> out;
    withPlacement(tenantId, [&](pqxx::work &, const std::optional<Current> &current) { out = current; });
    return out;
}

void DocumentStore::ensurePlacement(const std::string &tenantId, int tier)
{
    if (tier < 1 || tier > 3)
        throw Error(ErrorCode::InvalidArgument, "tier must be 1, 2 or 3", "tier");
    const Placement placement = m_placements.placementFor(tenantId, tier);
    m_placements.provision(placement);
    store::translateStoreErrors("create the tenant's placement", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository(tx).insertIfAbsent(tenantId, tier);
            tx.commit();
        });
    });
}

std::optional<int> DocumentStore::currentTier(const TenantScope &scope)
{
    const auto current = peekPlacement(scope.tenantId());
    return current ? std::optional(current->placement.tier) : std::nullopt;
}

StoredDocument DocumentStore::add(const TenantScope &scope, int tier, const json &metadata,
                                  const std::vector<EmbeddedChunk> &chunks, const std::optional<std::string> &apiKeyId)
{
    const std::string &tenant = scope.tenantId();
    if (chunks.empty())
        throw Error(ErrorCode::InvalidArgument, "the document has no text", "text");
    if (!metadata.is_object())
        throw Error(ErrorCode::InvalidArgument, "metadata must be an object", "metadata");
    for (const auto &chunk : chunks)
        if (chunk.embedding.size() != kEmbeddingDimensions)
            throw Error(ErrorCode::InvalidArgument, "every chunk needs a 384-dimensional embedding", "embedding");
    // Checked before anything is created for the tenant (a placement, keys), and again where
    // the document commits.
    if (apiKeyId)
        withPlacement(tenant, [&](pqxx::work &tx, const std::optional<Current> &) {
            requireValidApiKey(tx, tenant, apiKeyId);
        });
    auto current = peekPlacement(tenant);
    if (!current) {
        ensurePlacement(tenant, tier);
        current = peekPlacement(tenant);
    }
    if (!current)
        throw Error(ErrorCode::Internal, "the tenant's placement could not be created");

    StoredDocument stored{newDocumentId(), static_cast<int>(chunks.size())};
    std::vector<std::string> texts;
    for (const auto &chunk : chunks)
        texts.push_back(chunk.text);
    const std::string hash = contentHash(texts);
    const std::string metadataText = metadata.dump(-1, ' ', false, json::error_handler_t::strict);
    const bool sealed = current->placement.sealed();
    const int expectedTier = current->placement.tier;
    // A data-key rotation may retire the key this document was sealed with before it commits
    // (another instance may not know of the rotation yet): then it is sealed again, under the
    // key the database now names active.
    for (int attempt = 0;; ++attempt) {
        // Sealed before the transaction: key loading may need a connection of its own.
        std::vector<std::string> sealedTexts;
        std::string sealedMetadata, keyId;
        if (sealed) {
            m_keys.ensure(tenant, kDocumentsKeyPurpose);
            for (std::size_t i = 0; i < chunks.size(); ++i)
                sealedTexts.push_back(crypto::toHex(m_keys.seal(tenant, kDocumentsKeyPurpose, asBytes(chunks[i].text),
                                                                chunkBinding(stored.id, static_cast<int>(i)))));
            const auto metadataEnvelope =
                m_keys.seal(tenant, kDocumentsKeyPurpose, asBytes(metadataText), metadataBinding(stored.id));
            keyId = store::TenantKeyring::envelopeKeyId(metadataEnvelope);
            sealedMetadata = crypto::toHex(metadataEnvelope);
        }
        bool stale = false;
        insertUnderPlacement(tenant, expectedTier, [&](pqxx::work &tx, const Placement &p) {
            requireValidApiKey(tx, tenant, apiKeyId);
            if (sealed && !sealedUnderActiveKey(tx, tenant, keyId)) {
                stale = true;
                return;
            }
            m_placements.runWithin(tx, p, p.role, tenant, [&](pqxx::transaction_base &w) {
                store::DocumentRepository documents(w, p.schema);
                documents.insert(store::DocumentRow{
                    tenant, stored.id, stored.chunks, hash,
                    sealed ? std::optional<std::string>() : std::optional(metadataText),
                    sealed ? std::optional(sealedMetadata) : std::optional<std::string>()});
                for (std::size_t i = 0; i < chunks.size(); ++i)
                    documents.insert(store::ChunkRow{
                        tenant, stored.id, static_cast<int>(i),
                        sealed ? std::optional<std::string>() : std::optional(chunks[i].text),
                        sealed ? std::optional(sealedTexts[i]) : std::optional<std::string>(),
                        vectorLiteral(chunks[i].embedding)});
            });
        });
        if (!stale)
            return stored;
        if (attempt == 2)
            throw Error(ErrorCode::Retry, "the tenant's data key was rotated while the document was sealed; retry",
                        "key_rotated");
        m_keys.reload(tenant);
    }
}

void DocumentStore::insertUnderPlacement(const std::string &tenantId, int expectedTier,
                                         const std::function<void(pqxx::work &, const Placement &)> &insert)
{
    withPlacement(tenantId, [&](pqxx::work &tx, const std::optional<Current> &now) {
        if (!now || now->placement.tier != expectedTier || now->migrating)
            throw Error(ErrorCode::Conflict, "the tenant's documents are being migrated to another tier; "
                                             "retry when the migration has finished",
                        "migration_in_progress");
        insert(tx, now->placement);
    });
}

void DocumentStore::requireValidApiKey(pqxx::transaction_base &controlPlaneTx, const std::string &tenantId,
                                       const std::optional<std::string> &apiKeyId)
{
    if (!apiKeyId)
        return;
    if (!store::PlacementRepository(controlPlaneTx).apiKeyValid(tenantId, *apiKeyId))
        throw Error(ErrorCode::Unavailable, "the request's API key was revoked while it was served");
}

bool DocumentStore::sealedUnderActiveKey(pqxx::transaction_base &controlPlaneTx, const std::string &tenantId,
                                         const std::string &keyId)
{
    return store::PlacementRepository(controlPlaneTx).dataKeyActive(tenantId, keyId);
}

bool DocumentStore::remove(const TenantScope &scope, const std::string &documentId)
{
    bool removed = false;
    withPlacement(scope.tenantId(), [&](pqxx::work &tx, const std::optional<Current> &current) {
        if (!current)
            return;
        if (current->migrating)
            throw Error(ErrorCode::Conflict, "the tenant's documents are being migrated to another tier; "
                                             "retry when the migration has finished",
                        "migration_in_progress");
        const Placement &p = current->placement;
        m_placements.runWithin(tx, p, p.role, scope.tenantId(), [&](pqxx::transaction_base &w) {
            removed = store::DocumentRepository(w, p.schema).remove(scope.tenantId(), documentId);
        });
    });
    return removed;
}

std::string DocumentStore::openText(const std::string &tenantId, const std::string &hexEnvelope,
                                    const std::string &binding)
{
    const auto envelope = crypto::fromHex(hexEnvelope);
    const crypto::SecureBytes plain = m_keys.open(tenantId, kDocumentsKeyPurpose, envelope, binding);
    const auto view = plain.view();
    return std::string(view.begin(), view.end());
}

std::vector<RetrievalHit> DocumentStore::query(const TenantScope &scope, std::span<const float> queryVector,
                                               int k, bool exact)
{
    checkQuery(queryVector, k);
    const std::string &tenant = scope.tenantId();
    const std::string literal = vectorLiteral(queryVector);
    std::vector<store::ChunkHit> raw;
    withPlacement(tenant, [&](pqxx::work &tx, const std::optional<Current> &current) {
        if (!current)
            return;
        const Placement &p = current->placement;
        m_placements.runWithin(tx, p, p.role, tenant, [&](pqxx::transaction_base &w) {
            raw = store::DocumentRepository(w, p.schema).nearest(tenant, literal, k, exact);
        });
    });
    std::vector<RetrievalHit> hits;
    for (const auto &r : raw) {
        RetrievalHit hit;
        hit.documentId = r.documentId;
        hit.chunkIndex = r.chunkIndex;
        hit.score = 1.0 - r.distance;
        hit.text = r.textPlain ? *r.textPlain : openText(tenant, *r.textSealedHex, chunkBinding(r.documentId, r.chunkIndex));
        const std::string metadata = r.metadataPlain ? *r.metadataPlain
            : r.metadataSealedHex ? openText(tenant, *r.metadataSealedHex, metadataBinding(r.documentId))
                                  : std::string("{}");
        hit.metadata = json::parse(metadata, nullptr, false);
        hits.push_back(std::move(hit));
    }
    return hits;
}

std::vector<RetrievalHit> DocumentStore::search(const TenantScope &scope, std::span<const float> queryVector, int k)
{
    return query(scope, queryVector, k, false);
}

std::vector<RetrievalHit> DocumentStore::searchExact(const TenantScope &scope, std::span<const float> queryVector,
                                                     int k)
{
    return query(scope, queryVector, k, true);
}

std::size_t DocumentStore::documentCount(const TenantScope &scope)
{
    std::size_t count = 0;
    withPlacement(scope.tenantId(), [&](pqxx::work &tx, const std::optional<Current> &current) {
        if (!current)
            return;
        const Placement &p = current->placement;
        m_placements.runWithin(tx, p, p.role, scope.tenantId(), [&](pqxx::transaction_base &w) {
            count = store::DocumentRepository(w, p.schema).count(scope.tenantId());
        });
    });
    return count;
}

DrillResult DocumentStore::drillWithoutPredicate(const TenantScope &attacker, const std::string &victimTenantId,
                                                 std::span<const float> queryVector, int k)
{
    checkQuery(queryVector, k);
    const TenantScope victim(victimTenantId);
    const auto attackerPlacement = peekPlacement(attacker.tenantId());
    const int attackerTier = attackerPlacement ? attackerPlacement->placement.tier : 1;
    const std::string attackerRole = m_placements.actingRole(attacker.tenantId(), attackerTier);
    const std::string literal = vectorLiteral(queryVector);
    DrillResult result;
    std::vector<store::ChunkRow> rows;
    bool denied = false;
    withPlacement(victim.tenantId(), [&](pqxx::work &tx, const std::optional<Current> &current) {
        if (!current)
            return;
        const Placement &p = current->placement;
        try {
            // A subtransaction, so a permission error does not end the caller's transaction.
            pqxx::subtransaction sub(tx, "drill");
            m_placements.runWithin(
                sub, p, attackerRole, attacker.tenantId(), [&](pqxx::transaction_base &w) {
                    rows =
                        store::DocumentRepository(w, p.schema).nearestWithoutPredicate(literal, k);
                });
            sub.commit();
        } catch (const pqxx::insufficient_privilege &) {
            denied = true;
        } catch (const pqxx::sql_error &e) {
            if (e.sqlstate() != "42704")  // undefined_object
                throw;
            denied = true;  // the attacker's role does not even exist on the victim's own server
        }
    });
    result.rowsReturned = rows.size();
    for (const auto &row : rows) {
        if (row.tenantId != victim.tenantId())
            continue;
        ++result.victimRowsReturned;
        bool readable = row.textPlain.has_value();
        if (!readable && row.textSealedHex) {
            try {
                // Opened as the proxy would for the attacker's scope.
                openText(attacker.tenantId(), *row.textSealedHex,
                         chunkBinding(row.documentId, row.index));
                readable = true;
            } catch (const Error &) {
            }
        }
        if (readable)
            ++result.victimRowsReadable;
    }
    if (denied)
        result.barrier = "permission_denied";
    else if (result.victimRowsReadable > 0)
        result.barrier = "none";
    else if (result.victimRowsReturned > 0)
        result.barrier = "encryption";
    else
        result.barrier = "row_level_security";
    return result;
}

void DocumentStore::shred(const TenantScope &scope)
{
    const auto current = peekPlacement(scope.tenantId());
    if (current)
        m_placements.destroy(current->placement);
    store::translateStoreErrors("shred the tenant's placement", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            store::PlacementRepository placements(tx);
            placements.lock(scope.tenantId(), store::PlacementRepository::Lock::Exclusive);
            placements.removeTenant(scope.tenantId());
            tx.commit();
        });
    });
    m_keys.shred(scope.tenantId());
}

} // namespace bulkhead::retrieval
