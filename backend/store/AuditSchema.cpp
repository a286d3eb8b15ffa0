#include "AuditSchema.h"

namespace bulkhead::store {
namespace {

// Row-level security is FORCED so the table owner (the daemon's role) is bound by it too; only
// superusers and BYPASSRLS roles see across tenants. current_setting(..., true) is NULL when
// unset, and `tenant_id = NULL` is never true: a session that forgot to set the tenant sees
// nothing rather than everything.
//
// Append-only is a trigger, not only a REVOKE, so it holds for the owner as well; tamper evidence
// (the Merkle tree and signed checkpoints) covers whoever can get past it (a superuser).
constexpr std::string_view kAuditLog = R"sql(
CREATE TABLE audit_records (
    tenant_id   text        NOT NULL
                            CONSTRAINT audit_records_tenant_format
                            CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    seq         bigint      NOT NULL CONSTRAINT audit_records_seq_range CHECK (seq >= 0),
    recorded_at timestamptz NOT NULL,
    request_id  text        NOT NULL,
    route       text        NOT NULL,
    decision    text        NOT NULL
                            CONSTRAINT audit_records_decision_known
                            CHECK (decision IN ('allowed', 'blocked')),
    record      jsonb       NOT NULL,
    leaf_hash   bytea       NOT NULL
                            CONSTRAINT audit_records_leaf_size CHECK (octet_length(leaf_hash) = 32),
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_records_by_time ON audit_records (tenant_id, recorded_at, seq);

CREATE TABLE audit_checkpoints (
    tenant_id   text        NOT NULL
                            CONSTRAINT audit_checkpoints_tenant_format
                            CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    tree_size   bigint      NOT NULL CONSTRAINT audit_checkpoints_size_range CHECK (tree_size > 0),
    root_hash   bytea       NOT NULL
                            CONSTRAINT audit_checkpoints_root_size CHECK (octet_length(root_hash) = 32),
    signed_at_us bigint     NOT NULL,
    key_id      text        NOT NULL,
    signature   bytea       NOT NULL,
    PRIMARY KEY (tenant_id, tree_size)
);

ALTER TABLE audit_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_records FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_records_tenant ON audit_records
    USING (tenant_id = current_setting('bulkhead.tenant', true))
    WITH CHECK (tenant_id = current_setting('bulkhead.tenant', true));

ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_checkpoints_tenant ON audit_checkpoints
    USING (tenant_id = current_setting('bulkhead.tenant', true))
    WITH CHECK (tenant_id = current_setting('bulkhead.tenant', true));

CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_records_append_only
    BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_records_no_truncate
    BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_no_truncate
    BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
)sql";

// Retention (backend/audit/AuditRetention): an old record may lose its content, never its place
// in the Merkle tree. The append-only trigger lets exactly one UPDATE through: in a transaction
// that set `bulkhead.pruning`, the record column replaced by the fixed marker, every other column
// (sequence, time, request id, route, decision, leaf hash) unchanged. The verifier then takes the
// stored leaf for a pruned record, so the signed roots still prove every position.
constexpr std::string_view kAuditPruning = R"sql(
CREATE OR REPLACE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- Nested: the row fields exist only on audit_records (checkpoints share this function).
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_records' THEN
        IF current_setting('bulkhead.pruning', true) = 'on'
           AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq
           AND NEW.recorded_at = OLD.recorded_at AND NEW.request_id = OLD.request_id
           AND NEW.route = OLD.route AND NEW.decision = OLD.decision
           AND NEW.leaf_hash = OLD.leaf_hash
           AND NEW.record = '{"pruned": true}'::jsonb THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
)sql";

// Migration 14 (in public; 15 brings it up to date), and the schema of every placement with a
// database of its own (PlacementProvisioning): one append to a tenant's log as ONE statement, so a
// writer in autocommit pays one round trip (BEGIN, scope, INSERT and COMMIT were four, each
// 40-150 us of wake-ups beyond the server's own time). It does what a writer's transaction did:
// act as the location's role ("none": the session user), confine row-level security to the tenant,
// point search_path at its tables, take its writer lock (until the transaction ends), insert the
// rows only if the first continues the stored log, and the signed checkpoint with them. False, and
// nothing written, when another writer appended since. Invoker's rights: it grants nothing the
// caller could not do statement by statement. It leaves the role as it found it, so the next
// tenant's call in the same transaction is made, and found in public, by the writer's own login
// and not by the last tenant's role; tenant and search_path stay set, the lock stays held.
constexpr std::string_view kAuditAppendHead = R"sql(
CREATE OR REPLACE FUNCTION audit_append(
    p_tenant text, p_lock_space integer, p_search_path text, p_role text, p_rows jsonb,
    p_first bigint, p_checkpoint_size bigint, p_checkpoint_root text, p_checkpoint_at bigint,
    p_checkpoint_key text, p_checkpoint_signature text)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
    inserted bigint;
    caller_role text := current_setting('role');
BEGIN
    PERFORM set_config('role', p_role, true), set_config('bulkhead.tenant', p_tenant, true),
            set_config('search_path', p_search_path, true);
    PERFORM pg_advisory_xact_lock(p_lock_space, hashtext(p_tenant));
)sql";

constexpr std::string_view kAuditAppendTail = R"sql(
    WHERE (SELECT coalesce(max(a.seq) + 1, 0) FROM audit_records a WHERE a.tenant_id = p_tenant) = p_first;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    IF inserted = 0 THEN
        PERFORM set_config('role', caller_role, true);
        RETURN false;  -- another writer appended first: the caller reloads the chain
    END IF;
    IF inserted <> jsonb_array_length(p_rows) THEN
        RAISE EXCEPTION 'an audit append inserted part of its records';
    END IF;
    IF p_checkpoint_size IS NOT NULL THEN
        INSERT INTO audit_checkpoints (tenant_id, tree_size, root_hash, signed_at_us, key_id, signature)
        VALUES (p_tenant, p_checkpoint_size, decode(p_checkpoint_root, 'hex'), p_checkpoint_at,
                p_checkpoint_key, decode(p_checkpoint_signature, 'hex'));
    END IF;
    PERFORM set_config('role', caller_role, true);
    RETURN true;
END
$fn$;
)sql";

// Migration 19 (public only): several control-plane tenants' appends (Tier 1 and 2) in ONE
// statement, so a writer in autocommit commits a batch spanning tenants in one round trip instead
// of BEGIN, an append per tenant and COMMIT. Each element is one tenant's audit_append, called in
// the order given (the writer sorts by tenant, so two writers take the tenants' locks in the same
// order) as the caller, whose role each call gives back. Returns the tenants whose append found
// that another writer had appended first (nothing of theirs written; the others are). Any error
// fails the whole statement, and nothing is written.
constexpr std::string_view kAuditAppendBatch = R"sql(
CREATE OR REPLACE FUNCTION audit_append_batch(p_lock_space integer, p_appends jsonb)
RETURNS SETOF text LANGUAGE plpgsql AS $fn$
DECLARE
    one jsonb;
BEGIN
    FOR one IN SELECT e.value FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS e(value, n)
               ORDER BY e.n LOOP
        IF NOT public.audit_append(
                one->>'tenant', p_lock_space, one->>'search_path', one->>'role', one->'rows',
                (one->>'first')::bigint, (one->>'checkpoint_size')::bigint, one->>'checkpoint_root',
                (one->>'checkpoint_at')::bigint, one->>'checkpoint_key', one->>'checkpoint_signature') THEN
            RETURN NEXT one->>'tenant';
        END IF;
    END LOOP;
END
$fn$;
)sql";

// Migration 8: per-tenant retention periods, and the pruning-aware trigger for the shared log.
constexpr std::string_view kAuditRetention = R"sql(
CREATE TABLE audit_retention (
    tenant_id   text        PRIMARY KEY
                            CONSTRAINT audit_retention_tenant_format
                            CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    days        integer     NOT NULL CONSTRAINT audit_retention_days_range CHECK (days BETWEEN 1 AND 36500),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
)sql";

// Migration 10: offboarding. A tenant is bound to an immutable incarnation; deleting it moves its
// shared (Tier 1) audit chain, records and signed checkpoints unchanged, into the archive under
// that incarnation, so a tenant later created with the same id starts an empty chain and can read
// nothing of the old one. The append-only trigger lets exactly that DELETE through: in a
// transaction that set `bulkhead.offboarding` to the incarnation, a row goes only once its
// identical copy (same sequence, leaf hash and record; same size and root) is in the archive.
// The archive itself is append-only, and no tenant role can read it.
constexpr std::string_view kAuditOffboarding = R"sql(
ALTER TABLE tenants ADD COLUMN incarnation uuid NOT NULL DEFAULT gen_random_uuid()
    CONSTRAINT tenants_incarnation_unique UNIQUE;

CREATE TABLE offboarded_tenants (
    incarnation   uuid        PRIMARY KEY,
    tenant_id     text        NOT NULL
                              CONSTRAINT offboarded_tenants_tenant_format
                              CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    created_at    timestamptz NOT NULL,
    offboarded_at timestamptz NOT NULL DEFAULT now(),
    retain_until  timestamptz,
    records       bigint      NOT NULL CHECK (records >= 0),
    root_hash     bytea       CHECK (octet_length(root_hash) = 32)
);

CREATE TABLE audit_records_archive (
    incarnation uuid        NOT NULL REFERENCES offboarded_tenants (incarnation),
    tenant_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    recorded_at timestamptz NOT NULL,
    request_id  text        NOT NULL,
    route       text        NOT NULL,
    decision    text        NOT NULL,
    record      jsonb       NOT NULL,
    leaf_hash   bytea       NOT NULL,
    PRIMARY KEY (incarnation, seq)
);
CREATE TABLE audit_checkpoints_archive (
    incarnation  uuid        NOT NULL REFERENCES offboarded_tenants (incarnation),
    tenant_id    text        NOT NULL,
    tree_size    bigint      NOT NULL,
    root_hash    bytea       NOT NULL,
    signed_at_us bigint      NOT NULL,
    key_id       text        NOT NULL,
    signature    bytea       NOT NULL,
    PRIMARY KEY (incarnation, tree_size)
);

CREATE OR REPLACE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_records' THEN
        IF current_setting('bulkhead.pruning', true) = 'on'
           AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq
           AND NEW.recorded_at = OLD.recorded_at AND NEW.request_id = OLD.request_id
           AND NEW.route = OLD.route AND NEW.decision = OLD.decision
           AND NEW.leaf_hash = OLD.leaf_hash
           AND NEW.record = '{"pruned": true}'::jsonb THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('bulkhead.offboarding', true), '') <> '' THEN
        IF TG_TABLE_NAME = 'audit_records' AND EXISTS (
               SELECT 1 FROM audit_records_archive a
               WHERE a.incarnation = current_setting('bulkhead.offboarding')::uuid
                 AND a.tenant_id = OLD.tenant_id AND a.seq = OLD.seq
                 AND a.recorded_at = OLD.recorded_at AND a.request_id = OLD.request_id
                 AND a.route = OLD.route AND a.decision = OLD.decision
                 AND a.record = OLD.record AND a.leaf_hash = OLD.leaf_hash) THEN
            RETURN OLD;
        END IF;
        IF TG_TABLE_NAME = 'audit_checkpoints' AND EXISTS (
               SELECT 1 FROM audit_checkpoints_archive a
               WHERE a.incarnation = current_setting('bulkhead.offboarding')::uuid
                 AND a.tenant_id = OLD.tenant_id AND a.tree_size = OLD.tree_size
                 AND a.root_hash = OLD.root_hash AND a.signature = OLD.signature) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE FUNCTION audit_archive_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'the audit archive is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_records_archive_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_records_archive
    FOR EACH STATEMENT EXECUTE FUNCTION audit_archive_reject_change();
CREATE TRIGGER audit_checkpoints_archive_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints_archive
    FOR EACH STATEMENT EXECUTE FUNCTION audit_archive_reject_change();
CREATE TRIGGER offboarded_tenants_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON offboarded_tenants
    FOR EACH STATEMENT EXECUTE FUNCTION audit_archive_reject_change();
)sql";

// Migration 12: the audit log moves with a tier change (backend/audit/AuditRelocation.h). A
// placement is 'moving' while its log is copied; every move is recorded, append-only, with the
// checkpoint signed over the whole log at the move. The shared tables refuse rows of a tenant
// whose log is not active there (so a daemon that missed the move cannot append behind it), and
// the append-only trigger lets the tenant's shared rows go only for a recorded move of the
// tenant's current incarnation out of Tier 1, and only the rows the move covered.
constexpr std::string_view kAuditRelocation = R"sql(
ALTER TABLE audit_placements ADD COLUMN state text NOT NULL DEFAULT 'active'
    CONSTRAINT audit_placements_state_known CHECK (state IN ('active', 'moving'));

CREATE TABLE audit_relocations (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    incarnation  uuid        NOT NULL,
    tenant_id    text        NOT NULL
                             CONSTRAINT audit_relocations_tenant_format
                             CHECK (tenant_id ~ '^[a-z][a-z0-9_]{1,30}$'),
    from_tier    integer     NOT NULL CHECK (from_tier BETWEEN 1 AND 3),
    to_tier      integer     NOT NULL CHECK (to_tier BETWEEN 1 AND 3),
    records      bigint      NOT NULL CHECK (records >= 0),
    tree_size    bigint      NOT NULL CHECK (tree_size >= 0),
    root_hash    bytea       CHECK (octet_length(root_hash) = 32),
    signed_at_us bigint,
    key_id       text,
    signature    bytea,
    moved_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_relocations_by_tenant ON audit_relocations (tenant_id, moved_at);
CREATE TRIGGER audit_relocations_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_relocations
    FOR EACH STATEMENT EXECUTE FUNCTION audit_archive_reject_change();

-- SECURITY DEFINER: the check must not depend on what the appending role may read.
CREATE FUNCTION audit_reject_misplaced() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM appended a JOIN public.audit_placements p ON p.tenant_id = a.tenant_id
               WHERE p.tier <> 1 OR p.state <> 'active') THEN
        RAISE EXCEPTION 'the tenant''s audit log is not in the shared tables (it moved, or is moving)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER audit_records_placed AFTER INSERT ON public.audit_records
    REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_misplaced();
CREATE TRIGGER audit_checkpoints_placed AFTER INSERT ON public.audit_checkpoints
    REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_misplaced();

-- The whole function again (a merged migration is never edited): migration 10's body plus the
-- relocation branch.
CREATE OR REPLACE FUNCTION public.audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_records' THEN
        IF current_setting('bulkhead.pruning', true) = 'on'
           AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq
           AND NEW.recorded_at = OLD.recorded_at AND NEW.request_id = OLD.request_id
           AND NEW.route = OLD.route AND NEW.decision = OLD.decision
           AND NEW.leaf_hash = OLD.leaf_hash
           AND NEW.record = '{"pruned": true}'::jsonb THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('bulkhead.offboarding', true), '') <> '' THEN
        IF TG_TABLE_NAME = 'audit_records' AND EXISTS (
               SELECT 1 FROM public.audit_records_archive a
               WHERE a.incarnation = current_setting('bulkhead.offboarding')::uuid
                 AND a.tenant_id = OLD.tenant_id AND a.seq = OLD.seq
                 AND a.recorded_at = OLD.recorded_at AND a.request_id = OLD.request_id
                 AND a.route = OLD.route AND a.decision = OLD.decision
                 AND a.record = OLD.record AND a.leaf_hash = OLD.leaf_hash) THEN
            RETURN OLD;
        END IF;
        IF TG_TABLE_NAME = 'audit_checkpoints' AND EXISTS (
               SELECT 1 FROM public.audit_checkpoints_archive a
               WHERE a.incarnation = current_setting('bulkhead.offboarding')::uuid
                 AND a.tenant_id = OLD.tenant_id AND a.tree_size = OLD.tree_size
                 AND a.root_hash = OLD.root_hash AND a.signature = OLD.signature) THEN
            RETURN OLD;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('bulkhead.relocating', true), '') <> '' THEN
        -- (a row type has only its own table's fields: one test per table)
        IF TG_TABLE_NAME = 'audit_records' AND EXISTS (
               SELECT 1 FROM public.audit_relocations r
               JOIN public.tenants t ON t.id = r.tenant_id AND t.incarnation = r.incarnation
               WHERE r.id = current_setting('bulkhead.relocating')::uuid
                 AND r.tenant_id = OLD.tenant_id AND r.from_tier = 1 AND OLD.seq < r.records) THEN
            RETURN OLD;
        END IF;
        IF TG_TABLE_NAME = 'audit_checkpoints' AND EXISTS (
               SELECT 1 FROM public.audit_relocations r
               JOIN public.tenants t ON t.id = r.tenant_id AND t.incarnation = r.incarnation
               WHERE r.id = current_setting('bulkhead.relocating')::uuid
                 AND r.tenant_id = OLD.tenant_id AND r.from_tier = 1 AND OLD.tree_size <= r.records) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
)sql";

} // namespace

std::string_view auditRelocationSql() noexcept
{
    return kAuditRelocation;
}

// Migration 13: a record that arrives after its tenant was removed (a long stream outliving the
// removal) belongs to the removed incarnation, never to a tenant later created with the same id.
// The shared tables, and every Tier 2 placement's in this database, refuse a record of an
// offboarded id unless a tenant of that id exists and was created before the record's request
// began (recorded_at is set when the request is authenticated). A Tier 3 log lives in a database
// of its own, which removal drops.
constexpr std::string_view kAuditLateRecords = R"sql(
CREATE INDEX offboarded_tenants_by_tenant ON offboarded_tenants (tenant_id);

CREATE FUNCTION public.audit_reject_late() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM appended a
               WHERE EXISTS (SELECT 1 FROM public.offboarded_tenants o WHERE o.tenant_id = a.tenant_id)
                 AND NOT EXISTS (SELECT 1 FROM public.tenants t
                                 WHERE t.id = a.tenant_id AND t.created_at <= a.recorded_at)) THEN
        RAISE EXCEPTION 'an audit record of a removed tenant (its request began before the tenant of that id existed)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER audit_records_not_late AFTER INSERT ON public.audit_records
    REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION public.audit_reject_late();
DO $do$
DECLARE placement text;
BEGIN
    FOR placement IN SELECT table_schema FROM information_schema.tables
                     WHERE table_name = 'audit_records' AND table_schema LIKE 't\_%' LOOP
        EXECUTE format('CREATE TRIGGER audit_records_not_late AFTER INSERT ON %I.audit_records '
                       'REFERENCING NEW TABLE AS appended FOR EACH STATEMENT '
                       'EXECUTE FUNCTION public.audit_reject_late()', placement);
    END LOOP;
END
$do$;
)sql";

// Migration 17: the append-only guard as one function again, each table's test in an IF of its
// own. PL/pgSQL plans a condition whole, so `TG_TABLE_NAME = 'audit_records' AND ... OLD.seq`
// failed on an audit_checkpoints row ("record old has no field seq"): a tenant removal or a move
// out of Tier 1 failed once the tenant had a signed checkpoint.
constexpr std::string_view kAuditGuardPerTable = R"sql(
CREATE OR REPLACE FUNCTION public.audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_records' THEN
        IF current_setting('bulkhead.pruning', true) = 'on'
           AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq
           AND NEW.recorded_at = OLD.recorded_at AND NEW.request_id = OLD.request_id
           AND NEW.route = OLD.route AND NEW.decision = OLD.decision
           AND NEW.leaf_hash = OLD.leaf_hash
           AND NEW.record = '{"pruned": true}'::jsonb THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('bulkhead.offboarding', true), '') <> '' THEN
        IF TG_TABLE_NAME = 'audit_records' THEN
            IF EXISTS (SELECT 1 FROM public.audit_records_archive a
                       WHERE a.incarnation = current_setting('bulkhead.offboarding')::uuid
                         AND a.tenant_id = OLD.tenant_id AND a.seq = OLD.seq
                         AND a.recorded_at = OLD.recorded_at AND a.request_id = OLD.request_id
                         AND a.route = OLD.route AND a.decision = OLD.decision
                         AND a.record = OLD.record AND a.leaf_hash = OLD.leaf_hash) THEN
                RETURN OLD;
            END IF;
        ELSIF TG_TABLE_NAME = 'audit_checkpoints' THEN
            IF EXISTS (SELECT 1 FROM public.audit_checkpoints_archive a
                       WHERE a.incarnation = current_setting('bulkhead.offboarding')::uuid
                         AND a.tenant_id = OLD.tenant_id AND a.tree_size = OLD.tree_size
                         AND a.root_hash = OLD.root_hash AND a.signature = OLD.signature) THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('bulkhead.relocating', true), '') <> '' THEN
        IF TG_TABLE_NAME = 'audit_records' THEN
            IF EXISTS (SELECT 1 FROM public.audit_relocations r
                       JOIN public.tenants t ON t.id = r.tenant_id AND t.incarnation = r.incarnation
                       WHERE r.id = current_setting('bulkhead.relocating')::uuid
                         AND r.tenant_id = OLD.tenant_id AND r.from_tier = 1 AND OLD.seq < r.records) THEN
                RETURN OLD;
            END IF;
        ELSIF TG_TABLE_NAME = 'audit_checkpoints' THEN
            IF EXISTS (SELECT 1 FROM public.audit_relocations r
                       JOIN public.tenants t ON t.id = r.tenant_id AND t.incarnation = r.incarnation
                       WHERE r.id = current_setting('bulkhead.relocating')::uuid
                         AND r.tenant_id = OLD.tenant_id AND r.from_tier = 1
                         AND OLD.tree_size <= r.records) THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
)sql";

std::string_view auditGuardPerTableSql() noexcept
{
    return kAuditGuardPerTable;
}

std::string_view auditLateRecordsSql() noexcept
{
    return kAuditLateRecords;
}

std::string auditLateRecordsGuardSql(const std::string &quotedSchema)
{
    return "DROP TRIGGER IF EXISTS audit_records_not_late ON " + quotedSchema +
           ".audit_records; CREATE TRIGGER audit_records_not_late AFTER INSERT ON " + quotedSchema +
           ".audit_records REFERENCING NEW TABLE AS appended FOR EACH STATEMENT "
           "EXECUTE FUNCTION public.audit_reject_late()";
}

std::string_view auditOffboardingSql() noexcept
{
    return kAuditOffboarding;
}

std::string_view auditLogSchemaSql() noexcept
{
    return kAuditLog;
}

std::string insertRecordsSql(std::string_view tenant, std::string_view rows)
{
    return "INSERT INTO audit_records (tenant_id, seq, recorded_at, request_id, route, decision, record, "
           "leaf_hash) SELECT " + std::string(tenant) +
           ", r.seq, 'epoch'::timestamptz + r.at * interval '1 microsecond', r.request_id, r.route, "
           "r.decision, r.record, decode(r.leaf, 'hex') FROM jsonb_to_recordset(" + std::string(rows) +
           ") AS r(seq bigint, at bigint, request_id text, route text, decision text, record jsonb, "
           "leaf text)";
}

std::string_view auditAppendSql()
{
    static const std::string text = std::string(kAuditAppendHead) + "    " +
                                    insertRecordsSql("p_tenant", "p_rows") +
                                    std::string(kAuditAppendTail);
    return text;
}

std::string_view auditAppendBatchSql() noexcept
{
    return kAuditAppendBatch;
}

std::string_view auditPruningSql() noexcept
{
    return kAuditPruning;
}

std::string auditRetentionSchemaSql()
{
    return std::string(kAuditRetention) + std::string(kAuditPruning);
}

} // namespace bulkhead::store
