#include "DocumentStore.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"
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

// pg_advisory_xact_lock(int4, int4) space "rtrv": readers and writers share, a migration's
// switch takes it exclusively.
constexpr int kPlacementLockSpace = 0x72747276;
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

struct RawHit
{
    std::string documentId;
    int chunkIndex = 0;
    std::optional<std::string> textPlain;
    std::optional<std::string> textSealedHex;
    double distance = 0;
    std::optional<std::string> metadataPlain;
    std::optional<std::string> metadataSealedHex;
};

std::optional<std::string> optionalText(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : std::optional(f.as<std::string>());
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
            tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kPlacementLockSpace, scope.tenantId());
            const auto rows = tx.exec_params("SELECT tier FROM tenant_placements WHERE tenant_id = $1", scope.tenantId());
            if (!rows.empty() && rows[0][0].as<int>() == 3)
                throw Error(ErrorCode::Conflict,
                            "the tenant's documents are at tier 3 now: migrate them to another tier first", "dsn");
            tx.exec_params("INSERT INTO tenant_dedicated_databases (tenant_id, dsn_sealed) VALUES ($1, decode($2, 'hex')) "
                           "ON CONFLICT (tenant_id) DO UPDATE SET dsn_sealed = EXCLUDED.dsn_sealed, updated_at = now()",
                           scope.tenantId(), sealed);
            tx.commit();
        });
    });
}

void DocumentStore::withPlacement(const std::string &tenantId, const PlacementWork &fn, PlacementLock lock)
{
    store::translateStoreErrors("retrieval", [&] {
        m_placements.controlPlane().run([&](pqxx::connection &c) {
            pqxx::work tx(c);
            tx.exec_params(lock == PlacementLock::Shared ? "SELECT pg_advisory_xact_lock_shared($1, hashtext($2))"
                                                         : "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                           kPlacementLockSpace, tenantId);
            const auto rows = tx.exec_params(
                "SELECT p.tier, p.state, coalesce(encode(d.dsn_sealed, 'hex'), '') FROM tenant_placements p "
                "LEFT JOIN tenant_dedicated_databases d ON d.tenant_id = p.tenant_id WHERE p.tenant_id = $1",
                tenantId);
            std::optional<Current> current;
            if (!rows.empty())
                current = Current{m_placements.placementFor(tenantId, rows[0][0].as<int>(), rows[0][2].as<std::string>()),
                                  rows[0][1].as<std::string>() == "migrating"};
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
            tx.exec_params("INSERT INTO tenant_placements (tenant_id, tier) VALUES ($1, $2) "
                           "ON CONFLICT (tenant_id) DO NOTHING",
                           tenantId, tier);
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
                const std::string schema = w.quote_name(p.schema);
                w.exec_params("INSERT INTO " + schema + ".documents (tenant_id, id, chunk_count, content_sha256, "
                              "metadata_plain, metadata_sealed) VALUES ($1, $2, $3, $4, $5::jsonb, decode($6, 'hex'))",
                              tenant, stored.id, stored.chunks, hash,
                              sealed ? std::optional<std::string>() : std::optional(metadataText),
                              sealed ? std::optional(sealedMetadata) : std::optional<std::string>());
                for (std::size_t i = 0; i < chunks.size(); ++i)
                    w.exec_params("INSERT INTO " + schema + ".chunks (tenant_id, document_id, chunk_index, "
                                  "text_plain, text_sealed, embedding) "
                                  "VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6::vector)",
                                  tenant, stored.id, static_cast<int>(i),
                                  sealed ? std::optional<std::string>() : std::optional(chunks[i].text),
                                  sealed ? std::optional(sealedTexts[i]) : std::optional<std::string>(),
                                  vectorLiteral(chunks[i].embedding));
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
    if (controlPlaneTx
            .exec_params("SELECT 1 FROM api_keys WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL",
                         *apiKeyId, tenantId)
            .empty())
        throw Error(ErrorCode::Unavailable, "the request's API key was revoked while it was served");
}

bool DocumentStore::sealedUnderActiveKey(pqxx::transaction_base &controlPlaneTx, const std::string &tenantId,
                                         const std::string &keyId)
{
    const auto rows = controlPlaneTx.exec_params(
        "SELECT active FROM tenant_data_keys WHERE tenant_id = $1 AND key_id = $2", tenantId, keyId);
    return !rows.empty() && rows[0][0].as<bool>();
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
            removed = w.exec_params("DELETE FROM " + w.quote_name(p.schema) +
                                        ".documents WHERE tenant_id = $1 AND id = $2",
                                    scope.tenantId(), documentId)
                          .affected_rows() > 0;
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
    std::vector<RawHit> raw;
    withPlacement(tenant, [&](pqxx::work &tx, const std::optional<Current> &current) {
        if (!current)
            return;
        const Placement &p = current->placement;
        m_placements.runWithin(tx, p, p.role, tenant, [&](pqxx::transaction_base &w) {
            if (exact) {
                w.exec0("SET LOCAL enable_indexscan = off");
            } else {
                // pgvector 0.8: keep scanning the HNSW graph until k rows pass the tenant filter.
                w.exec0("SET LOCAL hnsw.iterative_scan = strict_order");
                w.exec0("SET LOCAL hnsw.ef_search = " + std::to_string(std::max(40, 2 * k)));
            }
            const std::string schema = w.quote_name(p.schema);
            const auto rows = w.exec_params(
                "SELECT c.document_id, c.chunk_index, c.text_plain, encode(c.text_sealed, 'hex'), c.distance, "
                "d.metadata_plain::text, encode(d.metadata_sealed, 'hex') FROM ("
                "  SELECT document_id, chunk_index, text_plain, text_sealed, embedding <=> $2::vector AS distance"
                "  FROM " + schema + ".chunks WHERE tenant_id = $1 ORDER BY embedding <=> $2::vector LIMIT $3"
                ") c JOIN " + schema + ".documents d ON d.tenant_id = $1 AND d.id = c.document_id "
                "ORDER BY c.distance, c.document_id, c.chunk_index",
                tenant, literal, k);
            for (const auto &row : rows)
                raw.push_back({row[0].as<std::string>(), row[1].as<int>(), optionalText(row[2]),
                               optionalText(row[3]), row[4].as<double>(), optionalText(row[5]),
                               optionalText(row[6])});
            if (exact)
                w.exec0("SET LOCAL enable_indexscan = on");
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
            count = w.exec_params1("SELECT count(*) FROM " + w.quote_name(p.schema) +
                                       ".documents WHERE tenant_id = $1",
                                   scope.tenantId())[0]
                        .as<std::size_t>();
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
    std::vector<std::pair<RawHit, std::string>> rows;  // hit, row tenant
    bool denied = false;
    withPlacement(victim.tenantId(), [&](pqxx::work &tx, const std::optional<Current> &current) {
        if (!current)
            return;
        const Placement &p = current->placement;
        try {
            // A subtransaction, so a permission error does not end the caller's transaction.
            pqxx::subtransaction sub(tx, "drill");
            m_placements.runWithin(sub, p, attackerRole, attacker.tenantId(),
                                   [&](pqxx::transaction_base &w) {
                const auto found = w.exec_params(
                    "SELECT tenant_id, document_id, chunk_index, text_plain, encode(text_sealed, 'hex') FROM " +
                        w.quote_name(p.schema) + ".chunks ORDER BY embedding <=> $1::vector LIMIT $2",
                    literal, k);
                for (const auto &row : found) {
                    RawHit hit;
                    hit.documentId = row[1].as<std::string>();
                    hit.chunkIndex = row[2].as<int>();
                    hit.textPlain = optionalText(row[3]);
                    hit.textSealedHex = optionalText(row[4]);
                    rows.emplace_back(std::move(hit), row[0].as<std::string>());
                }
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
    for (const auto &[hit, rowTenant] : rows) {
        if (rowTenant != victim.tenantId())
            continue;
        ++result.victimRowsReturned;
        bool readable = hit.textPlain.has_value();
        if (!readable && hit.textSealedHex) {
            try {
                // Opened as the proxy would for the attacker's scope.
                openText(attacker.tenantId(), *hit.textSealedHex, chunkBinding(hit.documentId, hit.chunkIndex));
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
            tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kPlacementLockSpace, scope.tenantId());
            tx.exec_params("DELETE FROM tenant_placements WHERE tenant_id = $1", scope.tenantId());
            tx.exec_params("DELETE FROM placement_migrations WHERE tenant_id = $1", scope.tenantId());
            tx.exec_params("DELETE FROM tenant_dedicated_databases WHERE tenant_id = $1", scope.tenantId());
            // A Tier 2/3 log went with the schema or database; a Tier 1 log stays (append-only,
            // hashes and metadata only, never content).
            tx.exec_params("DELETE FROM audit_placements WHERE tenant_id = $1 AND tier > 1", scope.tenantId());
            tx.commit();
        });
    });
    m_keys.shred(scope.tenantId());
}

} // namespace bulkhead::retrieval
