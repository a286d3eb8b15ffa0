#include "models/AdminError.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace bulkhead::models {

AdminError adminErrorFromCode(const QString &code)
{
    struct Entry { QLatin1StringView wire; AdminError error; };
    static constexpr Entry table[] = {
        {QLatin1StringView("invalid_request"), AdminError::InvalidRequest},
        {QLatin1StringView("invalid_json"), AdminError::InvalidJson},
        {QLatin1StringView("missing_admin_token"), AdminError::MissingAdminToken},
        {QLatin1StringView("invalid_admin_token"), AdminError::InvalidAdminToken},
        {QLatin1StringView("permission_denied"), AdminError::PermissionDenied},
        {QLatin1StringView("not_found"), AdminError::NotFound},
        {QLatin1StringView("conflict"), AdminError::Conflict},
        {QLatin1StringView("version_conflict"), AdminError::VersionConflict},
        {QLatin1StringView("policy_unavailable"), AdminError::PolicyUnavailable},
        {QLatin1StringView("shutting_down"), AdminError::ShuttingDown},
        {QLatin1StringView("internal"), AdminError::Internal},
    };
    for (const auto &e : table)
        if (code == e.wire)
            return e.error;
    return AdminError::Unknown;
}

AdminError adminErrorFromBody(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonValue code = doc.object().value(QLatin1StringView("error")).toObject().value(
        QLatin1StringView("code"));
    if (!code.isString())
        return AdminError::BadResponse;
    return adminErrorFromCode(code.toString());
}

QString describeAdminError(AdminError error)
{
    switch (error) {
    case AdminError::None:
        return {};
    case AdminError::Network:
        return QCoreApplication::translate("AdminError", "The daemon could not be reached.",
            "admin API error shown to the user");
    case AdminError::BadResponse:
        return QCoreApplication::translate("AdminError", "The daemon sent an answer the console cannot read.",
            "admin API error shown to the user");
    case AdminError::InvalidRequest:
    case AdminError::InvalidJson:
        return QCoreApplication::translate("AdminError", "The daemon rejected the request as invalid.",
            "admin API error shown to the user");
    case AdminError::MissingAdminToken:
        return QCoreApplication::translate("AdminError", "No admin token is configured.",
            "admin API error shown to the user");
    case AdminError::InvalidAdminToken:
        return QCoreApplication::translate("AdminError", "The daemon does not accept the admin token.",
            "admin API error shown to the user");
    case AdminError::PermissionDenied:
        return QCoreApplication::translate("AdminError", "The admin token is not allowed to do this.",
            "admin API error shown to the user");
    case AdminError::NotFound:
        return QCoreApplication::translate("AdminError", "The item no longer exists on the daemon.",
            "admin API error shown to the user");
    case AdminError::Conflict:
        return QCoreApplication::translate("AdminError", "An item with this id already exists.",
            "admin API error shown to the user");
    case AdminError::VersionConflict:
        return QCoreApplication::translate("AdminError", "Someone else changed this item in the meantime. The list has been reloaded; "
                 "please make your change again.",
            "admin API error shown to the user");
    case AdminError::PolicyUnavailable:
        return QCoreApplication::translate("AdminError", "The daemon cannot confirm its policy right now.",
            "admin API error shown to the user");
    case AdminError::ShuttingDown:
        return QCoreApplication::translate("AdminError", "The daemon is shutting down.",
            "admin API error shown to the user");
    case AdminError::Internal:
        return QCoreApplication::translate("AdminError", "The daemon reported an internal error.",
            "admin API error shown to the user");
    case AdminError::Unknown:
        break;
    }
    return QCoreApplication::translate("AdminError", "The daemon reported an error this console does not know.",
            "admin API error shown to the user");
}

} // namespace bulkhead::models
