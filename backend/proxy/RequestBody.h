#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace bulkhead::proxy {

// The client's JSON body as every later stage reads it (TenantPolicyStage; the request fuzzer
// runs this same function): its nesting bounded while it is read, the whole of it valid JSON
// (UTF-8). Refusals are protocol::ApiException invalid_json.
nlohmann::json parseRequestBody(std::string_view body);

} // namespace bulkhead::proxy
