#include "Error.h"

namespace bulkhead::core {

std::string_view errorCodeName(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::VersionConflict: return "version_conflict";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::Retry: return "retry";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

} // namespace bulkhead::core
