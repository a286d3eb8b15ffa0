#pragma once

#include <string_view>

namespace bulkhead::store {

// Migration 2: the data plane's control-plane tables (tenant settings, API keys, admin tokens,
// upstreams) and the change counter that daemons poll and LISTEN on.
std::string_view controlPlaneSchemaSql() noexcept;

// Migration 3: per-tenant scanning policy (NULL: the platform default).
std::string_view scanPolicySchemaSql() noexcept;

// Migration 5: live cross-tenant probe runs and their per-pair results.
std::string_view probeSchemaSql() noexcept;

} // namespace bulkhead::store
