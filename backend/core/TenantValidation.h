#pragma once

#include "Domain.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::core {

inline constexpr std::size_t kMaxTenantNameCodePoints = 200;

// True for ^[a-z][a-z0-9_]{1,30}$. Tenant ids become parts of schema and role names, so the
// alphabet is deliberately narrow; there is no quoting step that could be forgotten.
bool isValidTenantId(std::string_view id) noexcept;

// The audit scope of admin actions (the platform chain): never a tenant's id.
inline constexpr std::string_view kPlatformAuditScope = "platform";

// Number of code points in well-formed UTF-8 (no overlongs, no surrogates), or nullopt.
std::optional<std::size_t> utf8CodePointCount(std::string_view text) noexcept;

// Throw Error(InvalidArgument, ..., field) naming the field and what is allowed.
void validateTenantId(std::string_view id, const std::string &field = "id");
void validateTenantName(std::string_view name, const std::string &field = "name");
void validateTenant(const Tenant &tenant, const std::string &fieldPrefix = {});

} // namespace bulkhead::core
