#pragma once

#include "models/AdminError.h"

#include <QJsonArray>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace bulkhead::models {

// The admin API (/admin/v1/...) over HTTP with the platform-admin bearer token. Replies are
// JSON; failures arrive as an AdminError code the UI translates, never as the server's text.
class AdminClient final : public QObject
{
    Q_OBJECT

public:
    explicit AdminClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token) { m_token = token; }

    // GET /admin/v1/tenants -> tenantsLoaded or failed.
    void fetchTenants();

Q_SIGNALS:
    void tenantsLoaded(const QJsonArray &tenants);
    void failed(bulkhead::models::AdminError error, int httpStatus);

private:
    QNetworkReply *get(const QString &path);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QString m_token;
};

} // namespace bulkhead::models
