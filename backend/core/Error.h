#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::core {

// Stable, machine-readable error codes shared by every layer. The text of `code()` is part of
// the public contract (CLI JSON, admin API): never rename a value, only add new ones.
enum class ErrorCode {
    InvalidArgument,  // a field failed validation
    NotFound,         // the named entity does not exist
    Conflict,         // the entity already exists
    VersionConflict,  // optimistic concurrency: someone else changed it first
    Unavailable,      // a dependency (database, keychain, upstream) cannot be reached
    Retry,            // transient: serialization failure, deadlock; safe to retry
    Internal,         // a bug or an unexpected state
};

std::string_view errorCodeName(ErrorCode code) noexcept;

// The one exception type that crosses layer boundaries. `field` names the offending input
// (a JSON path such as "tenants[2].classifications[0]") when there is one.
class Error final : public std::runtime_error
{
public:
    Error(ErrorCode code, std::string message, std::string field = {})
        : std::runtime_error(std::move(message)), m_code(code), m_field(std::move(field))
    {
    }

    Error(ErrorCode code, std::string message, std::string field, std::vector<std::string> allowed)
        : std::runtime_error(std::move(message)), m_code(code), m_field(std::move(field)),
          m_allowed(std::move(allowed))
    {
    }

    ErrorCode code() const noexcept { return m_code; }
    const std::string &field() const noexcept { return m_field; }
    // The values the field accepts, when it is an enumeration.
    const std::vector<std::string> &allowed() const noexcept { return m_allowed; }

private:
    ErrorCode m_code;
    std::string m_field;
    std::vector<std::string> m_allowed;
};

} // namespace bulkhead::core
