// The control-plane schema as an ordered list of migrations (see Migrations.h).
//
// Rules for adding one: append it with the next version number; never change the SQL or the name
// of a migration that has been merged (databases out there already recorded it: write a new one
// that alters the old table instead); keep each one valid inside a transaction (no
// CREATE INDEX CONCURRENTLY, no CREATE DATABASE).
#include "AuditSchema.h"
#include "RetrievalSchema.h"
#include "ControlPlaneSchema.h"
#include "DatabaseLogin.h"
#include "Migrations.h"

#include <array>

namespace bulkhead::store {
namespace {

// The enum CHECKs spell the canonical names of core::toString(): a binary that stores a value
// the schema does not know fails loudly instead of writing something older readers misparse.
// Adding an enum value in core/Domain.h therefore needs a migration that widens the CHECK.
constexpr std::string_view kTenants = R"sql(
CREATE TABLE tenants (
    id              text        PRIMARY KEY
                                CONSTRAINT tenants_id_format CHECK (id ~ '^[a-z][a-z0-9_]{1,30}$'),
    name            text        NOT NULL
                                CONSTRAINT tenants_name_length
                                CHECK (char_length(name) BETWEEN 1 AND 200),
    classifications text[]      NOT NULL DEFAULT '{}'
                                CONSTRAINT tenants_classifications_known
                                CHECK (classifications <@ ARRAY['PHI', 'PII', 'CUI', 'FINANCIAL',
                                                                'PRIVILEGED']::text[]),
    relationship    text        NOT NULL
                                CONSTRAINT tenants_relationship_known
                                CHECK (relationship IN ('internal', 'external')),
    threat          text        NOT NULL
                                CONSTRAINT tenants_threat_known
                                CHECK (threat IN ('low', 'medium', 'high')),
    regimes         text[]      NOT NULL DEFAULT '{}'
                                CONSTRAINT tenants_regimes_known
                                CHECK (regimes <@ ARRAY['HIPAA_BAA', 'FEDRAMP', 'OCC_HEIGHTENED',
                                                        'PCI_DSS', 'GDPR',
                                                        'STATE_GOVERNANCE']::text[]),
    chosen_tier     integer     NULL
                                CONSTRAINT tenants_chosen_tier_range
                                CHECK (chosen_tier BETWEEN 1 AND 3),
    version         bigint      NOT NULL DEFAULT 1
                                CONSTRAINT tenants_version_positive CHECK (version >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
)sql";

// Per-tenant limits (requests, tokens, concurrency, document bytes, request caps) as policy
// data beside the tenant's other settings: a change bumps the control-plane version.
constexpr const char *kTenantLimits = R"sql(
ALTER TABLE tenant_settings ADD COLUMN limits jsonb NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT tenant_settings_limits_object CHECK (jsonb_typeof(limits) = 'object');
)sql";

// A tenant's injection thresholds calibrated from its own benign traffic, per kind
// ({"prompt": {...}, "document": {...}}; scan/TenantCalibration.h): policy data as well.
constexpr const char *kTenantIngressCalibration = R"sql(
ALTER TABLE tenant_settings ADD COLUMN ingress_calibration jsonb NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT tenant_settings_ingress_calibration_object CHECK (jsonb_typeof(ingress_calibration) = 'object');
)sql";

} // namespace

std::span<const Migration> controlPlaneMigrations() noexcept
{
    // Function-local so a migration's SQL may come from a function in another file without
    // static-initialisation-order surprises.
    static const std::string retention = auditRetentionSchemaSql();
    static const std::array migrations{
        Migration{1, "tenants", kTenants},
        Migration{2, "data_plane_control", controlPlaneSchemaSql()},
        Migration{3, "tenant_scan_policy", scanPolicySchemaSql()},
        Migration{4, "audit_log", auditLogSchemaSql()},
        Migration{5, "probes", probeSchemaSql()},
        Migration{6, "tenant_keys", tenantKeysSchemaSql()},
        Migration{7, "retrieval", retrievalSchemaSql()},
        Migration{8, "audit_retention", retention},
        Migration{9, "tenant_limits", kTenantLimits},
        Migration{10, "tenant_offboarding", auditOffboardingSql()},
        Migration{11, "runtime_role", runtimeRoleSchemaSql()},
        Migration{12, "audit_relocation", auditRelocationSql()},
        Migration{13, "audit_late_records", auditLateRecordsSql()},
        Migration{14, "audit_append", auditAppendSql()},
        // The same text again: a database that ran 14 before the function restored its caller's
        // role gets the current one (CREATE OR REPLACE).
        Migration{15, "audit_append_restores_role", auditAppendSql()},
        // And again: one early exit when another writer appended first (same behaviour).
        Migration{16, "audit_append_one_exit", auditAppendSql()},
        Migration{17, "audit_guard_per_table", auditGuardPerTableSql()},
        Migration{18, "tenant_ingress_calibration", kTenantIngressCalibration},
        Migration{19, "audit_append_batch", auditAppendBatchSql()},
    };
    return migrations;
}

} // namespace bulkhead::store
