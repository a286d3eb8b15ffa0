#include "ApiError.h"

#include <nlohmann/json.hpp>

#include <array>

namespace bulkhead::protocol {
namespace {

constexpr std::array kTable{
    ApiErrorEntry{ApiErrorCode::InvalidRequest, {"invalid_request", 400, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::InvalidJson, {"invalid_json", 400, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::BodyTooLarge, {"body_too_large", 413, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::DocumentTooLarge, {"document_too_large", 413, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::HeaderTooLarge, {"header_too_large", 431, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::UnsupportedMediaType,
        {"unsupported_media_type", 415, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::MethodNotAllowed, {"method_not_allowed", 405, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::RouteNotFound, {"route_not_found", 404, "not_found_error"}},
    ApiErrorEntry{ApiErrorCode::MissingApiKey, {"missing_api_key", 401, "authentication_error"}},
    ApiErrorEntry{ApiErrorCode::InvalidApiKey, {"invalid_api_key", 401, "authentication_error"}},
    ApiErrorEntry{ApiErrorCode::MissingAdminToken, {"missing_admin_token", 401, "authentication_error"}},
    ApiErrorEntry{ApiErrorCode::InvalidAdminToken, {"invalid_admin_token", 401, "authentication_error"}},
    ApiErrorEntry{ApiErrorCode::PermissionDenied, {"permission_denied", 403, "permission_error"}},
    ApiErrorEntry{ApiErrorCode::NotFound, {"not_found", 404, "not_found_error"}},
    ApiErrorEntry{ApiErrorCode::Conflict, {"conflict", 409, "conflict_error"}},
    ApiErrorEntry{ApiErrorCode::VersionConflict, {"version_conflict", 409, "conflict_error"}},
    ApiErrorEntry{ApiErrorCode::MigrationInProgress, {"migration_in_progress", 409, "conflict_error"}},
    ApiErrorEntry{ApiErrorCode::SystemMessageRejected,
        {"system_message_rejected", 400, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::ContentBlocked, {"content_blocked", 403, "policy_violation"}},
    ApiErrorEntry{ApiErrorCode::TooManyConnections, {"too_many_connections", 503, "server_error"}},
    ApiErrorEntry{ApiErrorCode::RateLimitExceeded, {"rate_limit_exceeded", 429, "rate_limit_error"}},
    ApiErrorEntry{ApiErrorCode::RequestTimeout, {"request_timeout", 408, "invalid_request_error"}},
    ApiErrorEntry{ApiErrorCode::PolicyUnavailable, {"policy_unavailable", 503, "server_error"}},
    ApiErrorEntry{ApiErrorCode::UpstreamUnavailable, {"upstream_unavailable", 502, "server_error"}},
    ApiErrorEntry{ApiErrorCode::DedicatedUpstreamRequired,
        {"dedicated_upstream_required", 503, "server_error"}},
    ApiErrorEntry{ApiErrorCode::UpstreamTimeout, {"upstream_timeout", 504, "server_error"}},
    ApiErrorEntry{ApiErrorCode::UpstreamError, {"upstream_error", 502, "server_error"}},
    ApiErrorEntry{ApiErrorCode::UpstreamInvalidResponse, {"upstream_invalid_response", 502, "server_error"}},
    ApiErrorEntry{ApiErrorCode::ShuttingDown, {"shutting_down", 503, "server_error"}},
    ApiErrorEntry{ApiErrorCode::Internal, {"internal_error", 500, "server_error"}},
};

// One row per code, in enum order, so a code added to the enum without its row fails to build.
constexpr bool inEnumOrder()
{
    for (std::size_t i = 0; i < kTable.size(); ++i)
        if (static_cast<std::size_t>(kTable[i].code) != i)
            return false;
    return true;
}
static_assert(kTable.size() == static_cast<std::size_t>(ApiErrorCode::Internal) + 1);
static_assert(inEnumOrder());

} // namespace

std::span<const ApiErrorEntry> apiErrorTable() noexcept
{
    return kTable;
}

const ApiErrorInfo &apiErrorInfo(ApiErrorCode code) noexcept
{
    const auto index = static_cast<std::size_t>(code);
    return index < kTable.size() ? kTable[index].info : kTable.back().info;
}

std::optional<ApiErrorCode> apiErrorFromCode(std::string_view code) noexcept
{
    for (const auto &row : kTable)
        if (row.info.code == code)
            return row.code;
    return std::nullopt;
}

nlohmann::json ApiError::toJson() const
{
    const auto &info = apiErrorInfo(code);
    return {{"error",
             {{"type", info.type},
              {"code", info.code},
              {"message", message},
              {"param", param.empty() ? nlohmann::json() : nlohmann::json(param)}}}};
}

std::string ApiError::toBody() const
{
    // Replace invalid UTF-8 (a message can quote client input) rather than throw.
    return toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ApiError ApiError::fromDomain(const core::Error &error)
{
    using core::ErrorCode;
    ApiErrorCode code = ApiErrorCode::Internal;
    std::string message = error.what();
    switch (error.code()) {
    case ErrorCode::InvalidArgument: code = ApiErrorCode::InvalidRequest; break;
    case ErrorCode::NotFound: code = ApiErrorCode::NotFound; break;
    case ErrorCode::Conflict: code = ApiErrorCode::Conflict; break;
    case ErrorCode::VersionConflict: code = ApiErrorCode::VersionConflict; break;
    case ErrorCode::Unavailable:
    case ErrorCode::Retry:
        code = ApiErrorCode::PolicyUnavailable;
        message = "the policy store is unavailable; nothing was forwarded";
        break;
    case ErrorCode::Internal:
        code = ApiErrorCode::Internal;
        message = "internal error";  // details go to the operational log, not to clients
        break;
    }
    return {code, std::move(message), error.field()};
}

} // namespace bulkhead::protocol
