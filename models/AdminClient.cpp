#include "models/AdminClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace bulkhead::models {

AdminClient::AdminClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
}

QNetworkReply *AdminClient::get(const QString &path)
{
    QUrl url = m_baseUrl;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    return m_network->get(request);
}

void AdminClient::fetchTenants()
{
    QNetworkReply *reply = get(QStringLiteral("/admin/v1/tenants"));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 0) {
            Q_EMIT failed(AdminError::Network, 0);
            return;
        }
        if (status < 200 || status >= 300) {
            Q_EMIT failed(adminErrorFromBody(body), status);
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (doc.isArray()) {
            Q_EMIT tenantsLoaded(doc.array());
            return;
        }
        const QJsonValue tenants = doc.object().value(QLatin1StringView("tenants"));
        if (!tenants.isArray()) {
            Q_EMIT failed(AdminError::BadResponse, status);
            return;
        }
        Q_EMIT tenantsLoaded(tenants.toArray());
    });
}

} // namespace bulkhead::models
