#include "models/ConsoleSession.h"

#include "models/TenantTableModel.h"

namespace bulkhead::models {

ConsoleSession::ConsoleSession(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_admin(network), m_tenants(new TenantTableModel(this))
{
}

void ConsoleSession::connectTo(const QUrl &adminUrl, const QString &token)
{
    m_admin.setBaseUrl(adminUrl);
    m_admin.setToken(token);
    refresh();
}

QStringList ConsoleSession::tenantIds() const
{
    QStringList ids;
    for (int row = 0; row < m_tenants->rowCount(); ++row)
        ids << m_tenants->tenant(row)->id;
    return ids;
}

void ConsoleSession::setConnected(bool connected)
{
    if (connected == m_connected)
        return;
    m_connected = connected;
    Q_EMIT connectedChanged(connected);
}

void ConsoleSession::refresh()
{
    m_admin.get(QStringLiteral("/admin/v1/whoami"), {}, this, [this](const AdminResult &r) {
        if (!r.ok()) {
            setConnected(false);
            Q_EMIT failed(describeAdminError(r.error));
            return;
        }
        m_role = r.body.value(QLatin1StringView("role")).toString();
        m_principalTenant = r.body.value(QLatin1StringView("tenant")).toString();
        const QStringList product = r.server.split(QLatin1Char('/'));
        m_daemonProduct = product.value(0).trimmed();
        m_daemonVersion = r.body.value(QLatin1StringView("daemon_version")).toString();
        m_signingKeyFingerprint = r.body.value(QLatin1StringView("signing_key_fingerprint")).toString();
        if (m_daemonVersion.isEmpty())
            m_daemonVersion = product.value(1).section(QLatin1Char(' '), 0, 0).trimmed();
        setConnected(true);
        Q_EMIT principalChanged();
    });
    m_admin.get(QStringLiteral("/admin/v1/tenants"), {}, this, [this](const AdminResult &r) {
        if (!r.ok()) {
            Q_EMIT failed(describeAdminError(r.error));
            return;
        }
        m_tenants->setTenants(r.body.value(QLatin1StringView("tenants")).toArray());
        Q_EMIT tenantsChanged();
    });
    m_admin.get(QStringLiteral("/admin/v1/policy/evaluate"), {}, this,
                [this](const AdminResult &r) {
                    // A tenant auditor may not evaluate the platform: no decision, no error.
                    if (!r.ok())
                        return;
                    m_decision = r.body;
                    Q_EMIT decisionChanged();
                });
}

} // namespace bulkhead::models
