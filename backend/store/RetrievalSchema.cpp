#include "RetrievalSchema.h"

#include <string>

namespace bulkhead::store {
namespace {

constexpr std::string_view kTenantKeys = R"sql(
CREATE TABLE tenant_keks (
    tenant_id   text        NOT NULL CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    version     integer     NOT NULL CHECK (version > 0),
    key_id      text        NOT NULL UNIQUE,
    wrapped     bytea       NOT NULL,
    created_at  bigint      NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
CREATE TABLE tenant_data_keys (
    tenant_id   text        NOT NULL,
    key_id      text        NOT NULL UNIQUE,
    purpose     text        NOT NULL CHECK (char_length(purpose) BETWEEN 1 AND 200),
    kek_version integer     NOT NULL,
    wrapped     bytea       NOT NULL,
    created_at  bigint      NOT NULL,
    wrapped_at  bigint      NOT NULL,
    active      boolean     NOT NULL,
    PRIMARY KEY (tenant_id, key_id),
    FOREIGN KEY (tenant_id, kek_version) REFERENCES tenant_keks (tenant_id, version)
);
CREATE UNIQUE INDEX tenant_data_keys_one_active
    ON tenant_data_keys (tenant_id, purpose) WHERE active;
)sql";

// Names: roles and databases are cluster-wide, so they carry the deployment tag
// (`bh_<tag>_…`); two control planes in one cluster (every test database) never collide.
constexpr std::string_view kRetrieval = R"sql(
CREATE TABLE retrieval_settings (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    tag         text    NOT NULL CHECK (tag ~ '^[a-z0-9]{8}$'),
    dimensions  integer NOT NULL DEFAULT 384 CHECK (dimensions = 384)
);
INSERT INTO retrieval_settings (tag)
    VALUES (substr(md5(random()::text || clock_timestamp()::text || current_database()), 1, 8));

CREATE TABLE tenant_placements (
    tenant_id   text        PRIMARY KEY CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    tier        integer     NOT NULL CHECK (tier BETWEEN 1 AND 3),
    state       text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'migrating')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Tier 3 on a server of the tenant's own: its connection string, sealed with the tenant's data
-- key (it may carry a password). Without a row, Tier 3 is a new database in this cluster.
CREATE TABLE tenant_dedicated_databases (
    tenant_id   text        PRIMARY KEY CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    dsn_sealed  bytea       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Where each tenant's audit log lives, fixed by its tier at its first record (see
-- backend/audit/AuditLocation.h). Tier changes move documents, not logs.
CREATE TABLE audit_placements (
    tenant_id   text        PRIMARY KEY CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    tier        integer     NOT NULL CHECK (tier BETWEEN 1 AND 3),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE placement_migrations (
    tenant_id   text        PRIMARY KEY,
    from_tier   integer     NOT NULL,
    to_tier     integer     NOT NULL,
    phase       text        NOT NULL CHECK (phase IN ('copying', 'switched', 'done', 'rolled_back', 'failed')),
    total       integer     NOT NULL DEFAULT 0,
    moved       integer     NOT NULL DEFAULT 0,
    error       text        NOT NULL DEFAULT '',
    started_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Prompt and response content in the audit log: off unless the tenant opts in; then sealed
-- with the tenant's key.
ALTER TABLE tenant_settings ADD COLUMN audit_content boolean NOT NULL DEFAULT false;

CREATE SCHEMA retrieval_shared;

DO $$
DECLARE
    dataplane text := 'bh_' || (SELECT tag FROM retrieval_settings) || '_dataplane';
BEGIN
    EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT', dataplane);
    IF NOT pg_has_role(current_user, dataplane, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', dataplane, current_user);
    END IF;
END
$$;
)sql";

} // namespace

std::string_view tenantKeysSchemaSql() noexcept
{
    return kTenantKeys;
}

std::string_view retrievalSchemaSql() noexcept
{
    static const std::string sql = std::string(kRetrieval) + documentTablesSql("retrieval_shared") + R"sql(
ALTER TABLE retrieval_shared.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE retrieval_shared.documents FORCE ROW LEVEL SECURITY;
ALTER TABLE retrieval_shared.chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE retrieval_shared.chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON retrieval_shared.documents
    USING (tenant_id = current_setting('bulkhead.tenant', true))
    WITH CHECK (tenant_id = current_setting('bulkhead.tenant', true));
CREATE POLICY tenant_isolation ON retrieval_shared.chunks
    USING (tenant_id = current_setting('bulkhead.tenant', true))
    WITH CHECK (tenant_id = current_setting('bulkhead.tenant', true));
DO $$
DECLARE
    dataplane text := 'bh_' || (SELECT tag FROM retrieval_settings) || '_dataplane';
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA retrieval_shared TO %I', dataplane);
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON retrieval_shared.documents, retrieval_shared.chunks TO %I', dataplane);
END
$$;
)sql";
    return sql;
}

// The HNSW index serves every tier; Tier 1 queries it with pgvector 0.8's iterative scan, so a
// tenant filter keeps scanning until k of the tenant's rows are found.
std::string documentTablesSql(const std::string &quotedSchema)
{
    const std::string s = quotedSchema;
    return "CREATE TABLE " + s + R"sql(.documents (
    tenant_id      text        NOT NULL,
    id             text        NOT NULL,
    chunk_count    integer     NOT NULL,
    content_sha256 text        NOT NULL,
    metadata_plain jsonb,
    metadata_sealed bytea,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE TABLE )sql" + s + R"sql(.chunks (
    tenant_id      text        NOT NULL,
    document_id    text        NOT NULL,
    chunk_index    integer     NOT NULL,
    text_plain     text,
    text_sealed    bytea,
    embedding      vector(384) NOT NULL,
    PRIMARY KEY (tenant_id, document_id, chunk_index),
    FOREIGN KEY (tenant_id, document_id) REFERENCES )sql" + s + R"sql(.documents (tenant_id, id)
        ON DELETE CASCADE,
    CHECK ((text_plain IS NULL) <> (text_sealed IS NULL))
);
CREATE INDEX ON )sql" + s + R"sql(.chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX ON )sql" + s + ".chunks (tenant_id);\n";
}

} // namespace bulkhead::store
