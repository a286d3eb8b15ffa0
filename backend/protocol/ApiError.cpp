#include "ApiError.h"

#include <nlohmann/json.hpp>

#include <array>

namespace bulkhead::protocol {
namespace {

struct Row
{
    ApiErrorCode code;
    ApiErrorInfo info;
};

constexpr std::array kTable{
    Row{ApiErrorCode::InvalidRequest, {"invalid_request", 400, "invalid_request_error"}},
    Row{ApiErrorCode::InvalidJson, {"invalid_json", 400, "invalid_request_error"}},
    Row{ApiErrorCode::BodyTooLarge, {"body_too_large", 413, "invalid_request_error"}},
    Row{ApiErrorCode::DocumentTooLarge, {"document_too_large", 413, "invalid_request_error"}},
    Row{ApiErrorCode::HeaderTooLarge, {"header_too_large", 431, "invalid_request_error"}},
    Row{ApiErrorCode::UnsupportedMediaType,
        {"unsupported_media_type", 415, "invalid_request_error"}},
    Row{ApiErrorCode::MethodNotAllowed, {"method_not_allowed", 405, "invalid_request_error"}},
    Row{ApiErrorCode::RouteNotFound, {"route_not_found", 404, "not_found_error"}},
    Row{ApiErrorCode::MissingApiKey, {"missing_api_key", 401, "authentication_error"}},
    Row{ApiErrorCode::InvalidApiKey, {"invalid_api_key", 401, "authentication_error"}},
    Row{ApiErrorCode::MissingAdminToken, {"missing_admin_token", 401, "authentication_error"}},
    Row{ApiErrorCode::InvalidAdminToken, {"invalid_admin_token", 401, "authentication_error"}},
    Row{ApiErrorCode::PermissionDenied, {"permission_denied", 403, "permission_error"}},
    Row{ApiErrorCode::NotFound, {"not_found", 404, "not_found_error"}},
    Row{ApiErrorCode::Conflict, {"conflict", 409, "conflict_error"}},
    Row{ApiErrorCode::VersionConflict, {"version_conflict", 409, "conflict_error"}},
    Row{ApiErrorCode::MigrationInProgress, {"migration_in_progress", 409, "conflict_error"}},
    Row{ApiErrorCode::SystemMessageRejected,
        {"system_message_rejected", 400, "invalid_request_error"}},
    Row{ApiErrorCode::ContentBlocked, {"content_blocked", 403, "policy_violation"}},
    Row{ApiErrorCode::TooManyConnections, {"too_many_connections", 503, "server_error"}},
    Row{ApiErrorCode::RateLimitExceeded, {"rate_limit_exceeded", 429, "rate_limit_error"}},
    Row{ApiErrorCode::RequestTimeout, {"request_timeout", 408, "invalid_request_error"}},
    Row{ApiErrorCode::PolicyUnavailable, {"policy_unavailable", 503, "server_error"}},
    Row{ApiErrorCode::UpstreamUnavailable, {"upstream_unavailable", 502, "server_error"}},
    Row{ApiErrorCode::DedicatedUpstreamRequired,
        {"dedicated_upstream_required", 503, "server_error"}},
    Row{ApiErrorCode::UpstreamTimeout, {"upstream_timeout", 504, "server_error"}},
    Row{ApiErrorCode::UpstreamError, {"upstream_error", 502, "server_error"}},
    Row{ApiErrorCode::UpstreamInvalidResponse, {"upstream_invalid_response", 502, "server_error"}},
    Row{ApiErrorCode::ShuttingDown, {"shutting_down", 503, "server_error"}},
    Row{ApiErrorCode::Internal, {"internal_error", 500, "server_error"}},
};

} // namespace

const ApiErrorInfo &apiErrorInfo(ApiErrorCode code) noexcept
{
    for (const auto &row : kTable)
        if (row.code == code)
            return row.info;
    return kTable.back().info;
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
