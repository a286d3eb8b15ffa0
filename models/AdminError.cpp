#include "models/AdminError.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace bulkhead::models {
namespace {

// One sentence per code of the protocol's table. No default: the compiler names a code that
// has none (-Wswitch), and tst_adminerror walks the table.
QString describeApiError(protocol::ApiErrorCode code)
{
    using protocol::ApiErrorCode;
    switch (code) {
    case ApiErrorCode::InvalidRequest:
        return QCoreApplication::translate("AdminError",
                                           "The daemon rejected the request as invalid.",
                                           "admin API error shown to the user");
    case ApiErrorCode::InvalidJson:
        return QCoreApplication::translate("AdminError",
                                           "The daemon could not read the request as JSON.",
                                           "admin API error shown to the user");
    case ApiErrorCode::BodyTooLarge:
        return QCoreApplication::translate("AdminError",
                                           "The request is larger than the daemon accepts.",
                                           "admin API error shown to the user");
    case ApiErrorCode::DocumentTooLarge:
        return QCoreApplication::translate("AdminError",
                                           "The document is larger than the tenant's limit allows.",
                                           "admin API error shown to the user");
    case ApiErrorCode::HeaderTooLarge:
        return QCoreApplication::translate(
            "AdminError", "The request headers are larger than the daemon accepts.",
            "admin API error shown to the user");
    case ApiErrorCode::UnsupportedMediaType:
        return QCoreApplication::translate("AdminError",
                                           "The daemon does not accept the request's content type.",
                                           "admin API error shown to the user");
    case ApiErrorCode::MethodNotAllowed:
        return QCoreApplication::translate("AdminError",
                                           "The daemon does not allow this action here; the "
                                           "console and the daemon may be different versions.",
                                           "admin API error shown to the user");
    case ApiErrorCode::RouteNotFound:
        return QCoreApplication::translate(
            "AdminError",
            "The daemon does not offer this function; it may be older than the console.",
            "admin API error shown to the user");
    case ApiErrorCode::MissingApiKey:
        return QCoreApplication::translate("AdminError", "The request carried no tenant API key.",
                                           "admin API error shown to the user");
    case ApiErrorCode::InvalidApiKey:
        return QCoreApplication::translate("AdminError",
                                           "The daemon does not accept the tenant API key.",
                                           "admin API error shown to the user");
    case ApiErrorCode::MissingAdminToken:
        return QCoreApplication::translate("AdminError", "No admin token is configured.",
                                           "admin API error shown to the user");
    case ApiErrorCode::InvalidAdminToken:
        return QCoreApplication::translate("AdminError",
                                           "The daemon does not accept the admin token.",
                                           "admin API error shown to the user");
    case ApiErrorCode::PermissionDenied:
        return QCoreApplication::translate("AdminError",
                                           "The admin token is not allowed to do this.",
                                           "admin API error shown to the user");
    case ApiErrorCode::NotFound:
        return QCoreApplication::translate("AdminError", "The item no longer exists on the daemon.",
                                           "admin API error shown to the user");
    case ApiErrorCode::Conflict:
        return QCoreApplication::translate("AdminError", "An item with this id already exists.",
                                           "admin API error shown to the user");
    case ApiErrorCode::VersionConflict:
        return QCoreApplication::translate("AdminError",
                                           "Someone else changed this item in the meantime. The "
                                           "list has been reloaded; please make your change again.",
                                           "admin API error shown to the user");
    case ApiErrorCode::MigrationInProgress:
        return QCoreApplication::translate(
            "AdminError",
            "A tier migration of this tenant is in progress; try again when it has finished.",
            "admin API error shown to the user");
    case ApiErrorCode::SystemMessageRejected:
        return QCoreApplication::translate(
            "AdminError", "The tenant's policy rejects system messages from clients.",
            "admin API error shown to the user");
    case ApiErrorCode::ContentBlocked:
        return QCoreApplication::translate(
            "AdminError", "The daemon blocked the content under the tenant's isolation policy.",
            "admin API error shown to the user");
    case ApiErrorCode::TooManyConnections:
        return QCoreApplication::translate(
            "AdminError", "The daemon has too many connections right now; try again shortly.",
            "admin API error shown to the user");
    case ApiErrorCode::RateLimitExceeded:
        return QCoreApplication::translate("AdminError",
                                           "A rate limit was reached; try again shortly.",
                                           "admin API error shown to the user");
    case ApiErrorCode::RequestTimeout:
        return QCoreApplication::translate("AdminError",
                                           "The request took too long to reach the daemon.",
                                           "admin API error shown to the user");
    case ApiErrorCode::PolicyUnavailable:
        return QCoreApplication::translate("AdminError",
                                           "The daemon cannot confirm its policy right now.",
                                           "admin API error shown to the user");
    case ApiErrorCode::UpstreamUnavailable:
        return QCoreApplication::translate("AdminError",
                                           "The language model upstream could not be reached.",
                                           "admin API error shown to the user");
    case ApiErrorCode::DedicatedUpstreamRequired:
        return QCoreApplication::translate(
            "AdminError", "This tenant's tier requires a dedicated upstream, and none is assigned.",
            "admin API error shown to the user");
    case ApiErrorCode::UpstreamTimeout:
        return QCoreApplication::translate("AdminError",
                                           "The language model upstream did not answer in time.",
                                           "admin API error shown to the user");
    case ApiErrorCode::UpstreamError:
        return QCoreApplication::translate("AdminError",
                                           "The language model upstream reported an error.",
                                           "admin API error shown to the user");
    case ApiErrorCode::UpstreamInvalidResponse:
        return QCoreApplication::translate(
            "AdminError", "The language model upstream sent an answer the daemon cannot accept.",
            "admin API error shown to the user");
    case ApiErrorCode::ShuttingDown:
        return QCoreApplication::translate("AdminError", "The daemon is shutting down.",
                                           "admin API error shown to the user");
    case ApiErrorCode::Internal:
        return QCoreApplication::translate("AdminError", "The daemon reported an internal error.",
                                           "admin API error shown to the user");
    }
    return {};
}

} // namespace

AdminError adminErrorFromCode(const QString &code)
{
    if (const auto known = protocol::apiErrorFromCode(code.toStdString()))
        return *known;
    return AdminError::Unknown;
}

AdminError adminErrorFromBody(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonValue code =
        doc.object().value(QLatin1StringView("error")).toObject().value(QLatin1StringView("code"));
    if (!code.isString())
        return AdminError::BadResponse;
    return adminErrorFromCode(code.toString());
}

QString describeAdminError(AdminError error)
{
    if (const auto code = error.code()) {
        if (QString sentence = describeApiError(*code); !sentence.isEmpty())
            return sentence;
    } else if (error == AdminError::None) {
        return {};
    } else if (error == AdminError::Network) {
        return QCoreApplication::translate("AdminError", "The daemon could not be reached.",
                                           "admin API error shown to the user");
    } else if (error == AdminError::BadResponse) {
        return QCoreApplication::translate("AdminError",
                                           "The daemon sent an answer the console cannot read.",
                                           "admin API error shown to the user");
    }
    return QCoreApplication::translate("AdminError",
                                       "The daemon reported an error this console does not know.",
                                       "admin API error shown to the user");
}

} // namespace bulkhead::models
