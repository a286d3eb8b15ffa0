#pragma once

#include <string>
#include <string_view>

namespace bulkhead::store {

// Migration 4: the Tier 1 audit log (backend/audit): per-tenant append-only records and signed
// checkpoints in shared tables, under forced row-level security keyed on the session setting
// `bulkhead.tenant`, with a trigger that rejects UPDATE, DELETE and TRUNCATE for every role.
std::string_view auditLogSchemaSql() noexcept;

// The append-only trigger function, replaced so that retention may swap an old record's content
// for the marker {"pruned": true} (and nothing else) in a transaction that asked for it. Run in
// every placement that holds audit tables, after auditLogSchemaSql().
std::string_view auditPruningSql() noexcept;

// Migrations 14 and 15: `audit_append`, a tenant's append (scope, writer lock, guarded insert,
// checkpoint) as one statement (store/AuditLogTables appendRows), made in the schema search_path
// names: public in the control plane (Tier 1 and 2 writers call it there); the schema of each
// placement with a database of its own (Tier 3 and own-server writers call it there, scoped),
// made with it or, in an older placement, at its first append.
std::string_view auditAppendSql();
// Migration 19: `audit_append_batch`, several control-plane tenants' audit_append calls as one
// statement (store/AuditLogTables appendRowsOfTenants).
std::string_view auditAppendBatchSql() noexcept;

// The one INSERT of audit rows, from a jsonb array of {seq, at, request_id, route, decision,
// record, leaf}: `tenant` and `rows` are SQL expressions (parameters or the function's arguments).
std::string insertRecordsSql(std::string_view tenant, std::string_view rows);

// Migration 8: per-tenant retention periods, and auditPruningSql() for the shared tables.
std::string auditRetentionSchemaSql();

// Migration 10: tenants' incarnations, and the sealed archive a deleted tenant's shared audit chain
// moves to (TenantRepository::offboard), with the one DELETE the append-only trigger allows for it.
std::string_view auditOffboardingSql() noexcept;
// Migration 12: moving a log with a tier change (state, audit_relocations, the shared tables' guards).
std::string_view auditRelocationSql() noexcept;
// Migration 13: no record of a removed incarnation lands in a later tenant's log of the same id.
std::string_view auditLateRecordsSql() noexcept;
// Migration 17: the append-only guard with each table's test apart (see AuditSchema.cpp).
std::string_view auditGuardPerTableSql() noexcept;
// The same guard on a Tier 2 placement's table (in the control-plane database), made with it.
std::string auditLateRecordsGuardSql(const std::string &quotedSchema);

// Advisory-lock space of a tenant's audit chain: its writers and its offboarding serialise on
// pg_advisory_xact_lock(kAuditLockSpace, hashtext(tenant id)). The key spells "audt", so it cannot
// collide with the migration lock or anyone's single-key locks.
inline constexpr int kAuditLockSpace = 0x61756474;

} // namespace bulkhead::store
