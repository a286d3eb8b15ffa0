#pragma once

#include "core/Error.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bulkhead::protocol {

// The one table of errors shared by the daemon, bulkheadctl and the console. The code string is
// the contract (clients branch on it, the console translates it); the message is for people.
enum class ApiErrorCode {
    InvalidRequest,
    InvalidJson,
    BodyTooLarge,
    DocumentTooLarge,
    HeaderTooLarge,
    UnsupportedMediaType,
    MethodNotAllowed,
    RouteNotFound,
    MissingApiKey,
    InvalidApiKey,
    MissingAdminToken,
    InvalidAdminToken,
    PermissionDenied,
    NotFound,
    Conflict,
    VersionConflict,
    MigrationInProgress,
    SystemMessageRejected,
    ContentBlocked,
    TooManyConnections,
    RateLimitExceeded,
    RequestTimeout,
    PolicyUnavailable,
    UpstreamUnavailable,
    DedicatedUpstreamRequired,
    UpstreamTimeout,
    UpstreamError,
    UpstreamInvalidResponse,
    ShuttingDown,
    Internal,  // stays last: the table's completeness check counts up to it
};

struct ApiErrorInfo
{
    std::string_view code;  // stable wire code, e.g. "invalid_api_key"
    int httpStatus;
    std::string_view type;  // OpenAI-style error type, e.g. "authentication_error"
};

struct ApiErrorEntry
{
    ApiErrorCode code;
    ApiErrorInfo info;
};

// Every error, in enum order: what the published API description lists as the `code` enum and
// what the console and bulkheadctl must each have a sentence for.
std::span<const ApiErrorEntry> apiErrorTable() noexcept;
const ApiErrorInfo &apiErrorInfo(ApiErrorCode code) noexcept;
std::optional<ApiErrorCode> apiErrorFromCode(std::string_view code) noexcept;

// An error on its way to a client.
struct ApiError
{
    ApiErrorCode code = ApiErrorCode::Internal;
    std::string message;
    std::string param;  // the offending field, if any

    int httpStatus() const noexcept { return apiErrorInfo(code).httpStatus; }
    // {"error":{"type","code","message","param"}}: the OpenAI shape, so SDKs surface it.
    nlohmann::json toJson() const;
    std::string toBody() const;

    // Domain errors map to API errors at the edge; the mapping is the only place that decides.
    static ApiError fromDomain(const core::Error &error);
};

// Thrown by data-plane steps that decide a client-facing error themselves (a rejected system
// message, a blocked response); everything else throws core::Error and is mapped above.
class ApiException final : public std::runtime_error
{
public:
    explicit ApiException(ApiError error)
        : std::runtime_error(error.message), m_error(std::move(error))
    {
    }
    ApiException(ApiErrorCode code, std::string message, std::string param = {})
        : ApiException(ApiError{code, std::move(message), std::move(param)})
    {
    }
    const ApiError &error() const noexcept { return m_error; }

private:
    ApiError m_error;
};

} // namespace bulkhead::protocol
