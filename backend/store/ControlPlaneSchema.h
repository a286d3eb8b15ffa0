#pragma once

#include <string_view>

namespace bulkhead::store {

// Migration 2: the data plane's control-plane tables (tenant settings, API keys, admin tokens,
// upstreams) and the change counter that daemons poll and LISTEN on.
std::string_view controlPlaneSchemaSql() noexcept;

} // namespace bulkhead::store
