#pragma once

#include "Domain.h"

#include <string_view>
#include <vector>

namespace bulkhead::core {

// Reads a tenant inventory:
//   {"tenants":[{"id":"life","name":"Life & Health","classifications":["PHI","PII"],
//                "relationship":"internal","threat":"low","regimes":["HIPAA_BAA"],"tier":1}]}
// Only "id" is required; "name" defaults to the id, lists to none, relationship to internal,
// threat to low, tier to undecided. Unknown fields are rejected (a misspelt "regime" silently
// ignored would lower a tenant's tier). Every error is an Error(InvalidArgument) naming the
// JSON path, and for enumerations the allowed values.
std::vector<Tenant> readInventory(std::string_view json);

} // namespace bulkhead::core
