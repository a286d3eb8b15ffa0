#include "models/AdminClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace bulkhead::models {

AdminResult adminResultFrom(int status, const QByteArray &body)
{
    AdminResult result;
    result.status = status;
    result.raw = body;
    if (status == 0) {
        result.error = AdminError::Network;
        return result;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        result.body = doc.object();
    if (status < 200 || status >= 300) {
        result.error = adminErrorFromBody(body);
        // "param": the protocol's name for the offending field (protocol::ApiError::toJson).
        result.field = result.body.value(QLatin1StringView("error")).toObject()
                           .value(QLatin1StringView("param")).toString();
    }
    return result;
}

AdminClient::AdminClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
}

QNetworkReply *AdminClient::send(const QByteArray &method, const QString &path,
                                 const QUrlQuery &query, const QJsonObject &body, qint64 ifMatch)
{
    QUrl url = m_baseUrl;
    url.setPath(path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    if (ifMatch > 0)
        request.setRawHeader("If-Match", QByteArray::number(ifMatch));
    QByteArray payload;
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    }
    Q_EMIT requestSent(method, path);
    return m_network->sendCustomRequest(request, method, payload);
}

void AdminClient::call(const QByteArray &method, const QString &path, const QUrlQuery &query,
                       const QJsonObject &body, QObject *context, Callback done, qint64 ifMatch)
{
    QNetworkReply *reply = send(method, path, query, body, ifMatch);
    const auto answered = connect(reply, &QNetworkReply::finished, context ? context : this,
            [reply, done = std::move(done)] {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                AdminResult result = adminResultFrom(status, reply->readAll());
                result.server = QString::fromLatin1(reply->rawHeader("Server"));
                done(result);
            });
    // The context died first: the reply must not outlive the client unobserved. Its callback is
    // cut off before the abort: `destroyed` comes from ~QObject, after the context's own members
    // are gone, and abort() finishes the reply at once, which would run the callback on them.
    if (context && context != this)
        connect(context, &QObject::destroyed, reply, [reply, answered] {
            QObject::disconnect(answered);
            reply->abort();
            reply->deleteLater();
        });
}

QNetworkReply *AdminClient::openEventStream(const QString &path)
{
    QUrl url = m_baseUrl;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "text/event-stream");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(0);
    return m_network->get(request);
}

QString AdminClient::describeFailure(const AdminResult &result)
{
    const QString sentence = describeAdminError(result.error);
    return result.field.isEmpty()
               ? sentence
               : tr("%1 (field: %2)", "an error sentence, then the request field it concerns")
                     .arg(sentence, result.field);
}

void AdminClient::fetchTenants()
{
    get(QStringLiteral("/admin/v1/tenants"), {}, this, [this](const AdminResult &result) {
        if (!result.ok()) {
            Q_EMIT failed(result.error, result.status);
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(result.raw);
        if (doc.isArray()) {
            Q_EMIT tenantsLoaded(doc.array());
            return;
        }
        const QJsonValue tenants = result.body.value(QLatin1StringView("tenants"));
        if (!tenants.isArray()) {
            Q_EMIT failed(AdminError::BadResponse, result.status);
            return;
        }
        Q_EMIT tenantsLoaded(tenants.toArray());
    });
}

} // namespace bulkhead::models
