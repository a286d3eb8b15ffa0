#pragma once

#include <string_view>

namespace bulkhead::store {

// Migration 6: tenant key records. Only wrapped keys (envelopes under the master key or the
// tenant's KEK) and their ids and dates: nothing here decrypts without the master key.
std::string_view tenantKeysSchemaSql() noexcept;

// Migration 7: retrieval. The deployment tag that makes cluster-wide role and database names
// unique per control-plane database, where each tenant's documents live (tenant_placements) and
// the state of tier migrations, and the Tier 1 shared document tables in schema
// `retrieval_shared` under forced row-level security, read and written only as the NOLOGIN
// data-plane role `bh_<tag>_dataplane` (not the owner, no BYPASSRLS).
std::string_view retrievalSchemaSql() noexcept;

// The document tables of one placement, created in `schema` (quoted by the caller). The same
// shape in every tier: Tier 1 fills the plain columns, Tier 2 the sealed ones.
std::string documentTablesSql(const std::string &quotedSchema);

} // namespace bulkhead::store
