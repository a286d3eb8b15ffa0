#pragma once

#include <string_view>

namespace bulkhead::store {

// Migration 4: the Tier 1 audit log (backend/audit): per-tenant append-only records and signed
// checkpoints in shared tables, under forced row-level security keyed on the session setting
// `bulkhead.tenant`, with a trigger that rejects UPDATE, DELETE and TRUNCATE for every role.
std::string_view auditLogSchemaSql() noexcept;

} // namespace bulkhead::store
