#pragma once

#include "models/AdminError.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace bulkhead::models {

// What one admin API call produced. `error` is None exactly when the status is 2xx.
struct AdminResult {
    int status = 0;                      // HTTP status; 0: no answer at all
    AdminError error = AdminError::None;
    QString field;                       // the request field an invalid_request names, if any
    QJsonObject body;                    // the JSON object answered (empty for non-JSON)
    QByteArray raw;                      // the body as received (metrics text, ZIP bytes)
    QString server;                      // the Server header ("bulkheadd" or "bulkheadd/1.2.0")

    bool ok() const { return error == AdminError::None; }
};

// The admin API (/admin/v1/...) over HTTP with a bearer token. Replies are JSON; failures arrive
// as an AdminError code the UI translates, never as the server's text. The token is never logged
// and never part of an error.
class AdminClient final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const AdminResult &)>;

    explicit AdminClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    QNetworkAccessManager *network() const { return m_network; }

    // One call. `done` runs on the GUI thread once, unless `context` is destroyed first.
    // A non-empty `body` is sent as JSON; `ifMatch` > 0 sends If-Match with that version.
    void call(const QByteArray &method, const QString &path, const QUrlQuery &query,
              const QJsonObject &body, QObject *context, Callback done, qint64 ifMatch = 0);
    void get(const QString &path, const QUrlQuery &query, QObject *context, Callback done)
    {
        call("GET", path, query, {}, context, std::move(done));
    }
    void post(const QString &path, const QJsonObject &body, QObject *context, Callback done)
    {
        call("POST", path, {}, body, context, std::move(done));
    }

    // A long-lived GET for server-sent events (probe runs); the caller owns the reply.
    QNetworkReply *openEventStream(const QString &path);

    // A failed call as one translated sentence, naming the request field when the daemon did.
    static QString describeFailure(const AdminResult &result);

    // GET /admin/v1/tenants -> tenantsLoaded or failed.
    void fetchTenants();

Q_SIGNALS:
    void tenantsLoaded(const QJsonArray &tenants);
    void failed(bulkhead::models::AdminError error, int httpStatus);
    // Emitted synchronously as each call leaves: what a caller decided to ask, observable
    // without waiting for an answer (a refusal decided locally sends nothing).
    void requestSent(const QByteArray &method, const QString &path);

private:
    QNetworkReply *send(const QByteArray &method, const QString &path, const QUrlQuery &query,
                        const QJsonObject &body, qint64 ifMatch);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QString m_token;
};

// Turns a finished reply into an AdminResult (exposed for tests).
AdminResult adminResultFrom(int status, const QByteArray &body);

} // namespace bulkhead::models
