#include "ControlPlaneSchema.h"

namespace bulkhead::store {

std::string_view controlPlaneSchemaSql() noexcept
{
    return R"sql(
CREATE TABLE control_plane_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version bigint NOT NULL DEFAULT 1
);
INSERT INTO control_plane_version DEFAULT VALUES;

-- Every change to what the data plane enforces bumps one counter and notifies listeners, so
-- daemons refresh within one poll period or at once on NOTIFY.
CREATE FUNCTION bump_control_plane_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE control_plane_version SET version = version + 1;
    PERFORM pg_notify('bulkhead_control_plane', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TABLE upstreams (
    id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,30}$'),
    base_url text NOT NULL CHECK (base_url ~ '^https?://[^\s/?#]+(/[^\s?#]*)?$'),
    ca_file text NOT NULL DEFAULT '',
    dedicated_tenant_id text UNIQUE REFERENCES tenants (id) ON DELETE SET NULL,
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_settings (
    tenant_id text PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    system_prompt text NOT NULL DEFAULT '' CHECK (octet_length(system_prompt) <= 65536),
    canary text NOT NULL CHECK (canary ~ '^bh-canary-[0-9a-f]{32}$'),
    client_system_policy text NOT NULL DEFAULT 'append'
        CHECK (client_system_policy IN ('append', 'reject')),
    cache_salt_key bytea NOT NULL CHECK (octet_length(cache_salt_key) = 32),
    cache_salt_epoch bigint NOT NULL DEFAULT 1,
    upstream_id text REFERENCES upstreams (id) ON DELETE RESTRICT,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id text PRIMARY KEY CHECK (id ~ '^key_[0-9a-f]{16}$'),
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    label text NOT NULL DEFAULT '' CHECK (char_length(label) <= 200),
    lookup_id text NOT NULL UNIQUE CHECK (lookup_id ~ '^[0-9a-f]{32}$'),
    salt text NOT NULL,
    hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE admin_tokens (
    id text PRIMARY KEY CHECK (id ~ '^tok_[0-9a-f]{16}$'),
    role text NOT NULL CHECK (role IN ('platform-admin', 'tenant-auditor')),
    tenant_id text REFERENCES tenants (id) ON DELETE CASCADE,
    label text NOT NULL DEFAULT '' CHECK (char_length(label) <= 200),
    lookup_id text NOT NULL UNIQUE CHECK (lookup_id ~ '^[0-9a-f]{32}$'),
    salt text NOT NULL,
    hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CHECK ((role = 'tenant-auditor') = (tenant_id IS NOT NULL))
);

CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_control_plane_version();
CREATE TRIGGER tenant_settings_changed AFTER INSERT OR UPDATE OR DELETE ON tenant_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_control_plane_version();
CREATE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION bump_control_plane_version();
CREATE TRIGGER admin_tokens_changed AFTER INSERT OR UPDATE OR DELETE ON admin_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION bump_control_plane_version();
CREATE TRIGGER upstreams_changed AFTER INSERT OR UPDATE OR DELETE ON upstreams
    FOR EACH STATEMENT EXECUTE FUNCTION bump_control_plane_version();
)sql";
}

std::string_view scanPolicySchemaSql() noexcept
{
    return R"sql(
ALTER TABLE tenant_settings
    ADD COLUMN egress_cross_tenant text CHECK (egress_cross_tenant IN ('block', 'redact', 'flag')),
    ADD COLUMN egress_self_leak text CHECK (egress_self_leak IN ('off', 'flag', 'redact', 'block')),
    ADD COLUMN ingress_prompt text CHECK (ingress_prompt IN ('flag', 'block'));
)sql";
}

std::string_view probeSchemaSql() noexcept
{
    return R"sql(
CREATE TABLE probe_runs (
    id text PRIMARY KEY CHECK (id ~ '^run_[0-9a-f]{16}$'),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status text NOT NULL CHECK (status IN ('running', 'passed', 'failed', 'error')),
    request jsonb NOT NULL,
    summary jsonb,
    error text
);
CREATE TABLE probe_results (
    run_id text NOT NULL REFERENCES probe_runs (id) ON DELETE CASCADE,
    attacker text NOT NULL,
    victim text NOT NULL,
    layer text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('pass', 'fail', 'error')),
    detail jsonb NOT NULL,
    PRIMARY KEY (run_id, attacker, victim, layer)
);
CREATE INDEX probe_results_victim ON probe_results (victim, layer);
)sql";
}

} // namespace bulkhead::store
