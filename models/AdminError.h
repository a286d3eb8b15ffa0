#pragma once

#include <QByteArray>
#include <QString>

namespace bulkhead::models {

// The admin API's stable error codes (backend/protocol/ApiError.h). The console translates the
// code, never the server's English message.
enum class AdminError {
    None,
    Network,        // no HTTP answer at all
    BadResponse,    // an answer that is not the expected JSON
    InvalidRequest,
    InvalidJson,
    MissingAdminToken,
    InvalidAdminToken,
    PermissionDenied,
    NotFound,
    Conflict,
    VersionConflict,
    PolicyUnavailable,
    ShuttingDown,
    Internal,
    Unknown,        // a code this console does not know yet
};

// "version_conflict" -> AdminError::VersionConflict; anything unknown -> AdminError::Unknown.
AdminError adminErrorFromCode(const QString &code);
// Reads {"error":{"code",...}}; BadResponse when the body is not that shape.
AdminError adminErrorFromBody(const QByteArray &body);
// A whole translated sentence for the user.
QString describeAdminError(AdminError error);

} // namespace bulkhead::models
