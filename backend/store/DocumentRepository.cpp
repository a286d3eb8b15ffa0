#include "DocumentRepository.h"

#include <algorithm>
#include <pqxx/pqxx>

namespace bulkhead::store {
namespace {

std::optional<std::string> optionalText(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : std::optional(f.as<std::string>());
}

} // namespace

void DocumentRepository::insert(const DocumentRow &d)
{
    m_tx.exec_params("INSERT INTO " + m_tx.quote_name(m_schema) +
                         ".documents (tenant_id, id, chunk_count, content_sha256, "
                         "metadata_plain, metadata_sealed) VALUES ($1, $2, $3, $4, $5::jsonb, "
                         "decode($6, 'hex'))",
                     d.tenantId, d.id, d.chunkCount, d.contentSha256, d.metadataPlain,
                     d.metadataSealedHex);
}

void DocumentRepository::insert(const ChunkRow &c)
{
    m_tx.exec_params("INSERT INTO " + m_tx.quote_name(m_schema) +
                         ".chunks (tenant_id, document_id, chunk_index, "
                         "text_plain, text_sealed, embedding) "
                         "VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6::vector)",
                     c.tenantId, c.documentId, c.index, c.textPlain, c.textSealedHex, c.embedding);
}

bool DocumentRepository::remove(const std::string &tenantId, const std::string &documentId)
{
    return m_tx.exec_params("DELETE FROM " + m_tx.quote_name(m_schema) +
                                ".documents WHERE tenant_id = $1 AND id = $2",
                            tenantId, documentId)
               .affected_rows() > 0;
}

bool DocumentRepository::removeForRewrite(const std::string &tenantId,
                                          const std::string &documentId)
{
    return !m_tx.exec_params("DELETE FROM " + m_tx.quote_name(m_schema) +
                                 ".documents WHERE tenant_id = $1 AND id = $2 "
                                 "RETURNING 1",
                             tenantId, documentId)
                .empty();
}

void DocumentRepository::removeAll(const std::string &tenantId)
{
    m_tx.exec_params("DELETE FROM " + m_tx.quote_name(m_schema) + ".documents WHERE tenant_id = $1",
                     tenantId);
}

void DocumentRepository::removeAllShared(pqxx::transaction_base &tx, const std::string &tenantId)
{
    tx.exec_params("DELETE FROM retrieval_shared.documents WHERE tenant_id = $1", tenantId);
}

std::size_t DocumentRepository::count(const std::string &tenantId)
{
    return m_tx
        .exec_params1("SELECT count(*) FROM " + m_tx.quote_name(m_schema) +
                          ".documents WHERE tenant_id = $1",
                      tenantId)[0]
        .as<std::size_t>();
}

std::vector<std::string> DocumentRepository::ids(const std::string &tenantId)
{
    std::vector<std::string> out;
    for (const auto &row : m_tx.exec_params("SELECT id FROM " + m_tx.quote_name(m_schema) +
                                                ".documents WHERE tenant_id = $1 ORDER BY id",
                                            tenantId))
        out.push_back(row[0].as<std::string>());
    return out;
}

DocumentRow DocumentRepository::document(const std::string &tenantId, const std::string &documentId)
{
    const auto head = m_tx.exec_params1(
        "SELECT content_sha256, metadata_plain::text, encode(metadata_sealed, 'hex') "
        "FROM " +
            m_tx.quote_name(m_schema) + ".documents WHERE tenant_id = $1 AND id = $2",
        tenantId, documentId);
    DocumentRow d;
    d.tenantId = tenantId;
    d.id = documentId;
    d.contentSha256 = head[0].as<std::string>();
    d.metadataPlain = optionalText(head[1]);
    d.metadataSealedHex = optionalText(head[2]);
    return d;
}

std::vector<ChunkRow> DocumentRepository::chunks(const std::string &tenantId,
                                                 const std::string &documentId)
{
    std::vector<ChunkRow> out;
    for (const auto &row :
         m_tx.exec_params("SELECT text_plain, encode(text_sealed, 'hex'), embedding::text FROM " +
                              m_tx.quote_name(m_schema) +
                              ".chunks WHERE tenant_id = $1 AND document_id = $2 "
                              "ORDER BY chunk_index",
                          tenantId, documentId))
        out.push_back({tenantId, documentId, static_cast<int>(out.size()), optionalText(row[0]),
                       optionalText(row[1]), row[2].as<std::string>()});
    return out;
}

std::vector<std::string> DocumentRepository::sealedUnder(const std::string &tenantId,
                                                         const std::string &keyId)
{
    const std::string schema = m_tx.quote_name(m_schema);
    std::vector<std::string> out;
    for (const auto &row : m_tx.exec_params(
             "SELECT document_id FROM " + schema +
                 ".chunks WHERE tenant_id = $1 "
                 "AND position(convert_to($2, 'UTF8') IN text_sealed) > 0 "
                 "UNION SELECT id FROM " +
                 schema +
                 ".documents WHERE tenant_id = $1 "
                 "AND position(convert_to($2, 'UTF8') IN metadata_sealed) > 0 ORDER BY 1",
             tenantId, keyId))
        out.push_back(row[0].as<std::string>());
    return out;
}

std::vector<ChunkHit> DocumentRepository::nearest(const std::string &tenantId,
                                                  const std::string &queryVector, int k, bool exact)
{
    if (exact) {
        m_tx.exec0("SET LOCAL enable_indexscan = off");
    } else {
        // pgvector 0.8: keep scanning the HNSW graph until k rows pass the tenant filter.
        m_tx.exec0("SET LOCAL hnsw.iterative_scan = strict_order");
        m_tx.exec0("SET LOCAL hnsw.ef_search = " + std::to_string(std::max(40, 2 * k)));
    }
    const std::string schema = m_tx.quote_name(m_schema);
    const auto rows = m_tx.exec_params(
        "SELECT c.document_id, c.chunk_index, c.text_plain, encode(c.text_sealed, 'hex'), "
        "c.distance, "
        "d.metadata_plain::text, encode(d.metadata_sealed, 'hex') FROM ("
        "  SELECT document_id, chunk_index, text_plain, text_sealed, embedding <=> $2::vector AS "
        "distance"
        "  FROM " +
            schema +
            ".chunks WHERE tenant_id = $1 ORDER BY embedding <=> $2::vector LIMIT $3"
            ") c JOIN " +
            schema +
            ".documents d ON d.tenant_id = $1 AND d.id = c.document_id "
            "ORDER BY c.distance, c.document_id, c.chunk_index",
        tenantId, queryVector, k);
    std::vector<ChunkHit> hits;
    for (const auto &row : rows)
        hits.push_back({row[0].as<std::string>(), row[1].as<int>(), optionalText(row[2]),
                        optionalText(row[3]), row[4].as<double>(), optionalText(row[5]),
                        optionalText(row[6])});
    if (exact)
        m_tx.exec0("SET LOCAL enable_indexscan = on");
    return hits;
}

std::vector<ChunkRow> DocumentRepository::nearestWithoutPredicate(const std::string &queryVector,
                                                                  int k)
{
    std::vector<ChunkRow> out;
    for (const auto &row : m_tx.exec_params(
             "SELECT tenant_id, document_id, chunk_index, text_plain, encode(text_sealed, 'hex') "
             "FROM " +
                 m_tx.quote_name(m_schema) + ".chunks ORDER BY embedding <=> $1::vector LIMIT $2",
             queryVector, k))
        out.push_back({row[0].as<std::string>(),
                       row[1].as<std::string>(),
                       row[2].as<int>(),
                       optionalText(row[3]),
                       optionalText(row[4]),
                       {}});
    return out;
}

} // namespace bulkhead::store
