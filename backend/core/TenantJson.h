#pragma once

#include "Domain.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace bulkhead::core {

// One tenant's JSON form, shared by the inventory file, the admin API and the console:
// {"id","name","classifications":[...],"relationship","threat","regimes":[...],"tier",
//  "version"}. Parsing validates everything and throws Error(InvalidArgument) naming the
// field as `path.field` and, for enumerations, the allowed values. Unknown fields are errors.
Tenant tenantFromJson(const nlohmann::json &node, const std::string &path = {});
nlohmann::json tenantToJson(const Tenant &tenant);

} // namespace bulkhead::core
