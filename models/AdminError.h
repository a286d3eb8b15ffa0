#pragma once

#include "protocol/ApiError.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace bulkhead::models {

// What went wrong with an admin call, as the console tells it: one of the API's stable error
// codes, straight from the protocol's one table (protocol::ApiErrorCode, the codes the daemon
// answers with and resources/openapi.json publishes), or one of the console's own outcomes
// (no answer, an unreadable answer, a code newer than this console). The console translates
// the code, never the server's English message.
class AdminError final
{
public:
    // No error.
    constexpr AdminError() noexcept = default;
    // An error the daemon answered with; implicit, so `result.error == ApiErrorCode::NotFound`.
    constexpr AdminError(protocol::ApiErrorCode code) noexcept : m_kind(Kind::Api), m_code(code) {}

    static const AdminError None;
    static const AdminError Network;      // no HTTP answer at all
    static const AdminError BadResponse;  // an answer that is not the expected JSON
    static const AdminError Unknown;      // a code this console does not know yet

    // The API's code, when the daemon sent one this console knows.
    constexpr std::optional<protocol::ApiErrorCode> code() const noexcept
    {
        return m_kind == Kind::Api ? std::optional(m_code) : std::nullopt;
    }

    friend constexpr bool operator==(const AdminError &, const AdminError &) noexcept = default;

private:
    enum class Kind { None, Api, Network, BadResponse, Unknown };
    constexpr explicit AdminError(Kind kind) noexcept : m_kind(kind) {}

    Kind m_kind = Kind::None;
    // Meaningful only for Kind::Api; a fixed value otherwise so that == compares kinds alone.
    protocol::ApiErrorCode m_code = protocol::ApiErrorCode::Internal;
};

inline constexpr AdminError AdminError::None{};
inline constexpr AdminError AdminError::Network{AdminError::Kind::Network};
inline constexpr AdminError AdminError::BadResponse{AdminError::Kind::BadResponse};
inline constexpr AdminError AdminError::Unknown{AdminError::Kind::Unknown};

// "version_conflict" -> ApiErrorCode::VersionConflict (by the protocol's table); anything the
// table does not hold -> AdminError::Unknown.
AdminError adminErrorFromCode(const QString &code);
// Reads {"error":{"code",...}}; BadResponse when the body is not that shape.
AdminError adminErrorFromBody(const QByteArray &body);
// A whole translated sentence for the user; empty for None. Every code of the protocol's table
// has its own (a code added there without one here does not compile: the switch names them all).
QString describeAdminError(AdminError error);

} // namespace bulkhead::models
