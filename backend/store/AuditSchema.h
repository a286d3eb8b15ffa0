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

// Migration 8: per-tenant retention periods, and auditPruningSql() for the shared tables.
std::string auditRetentionSchemaSql();

} // namespace bulkhead::store
