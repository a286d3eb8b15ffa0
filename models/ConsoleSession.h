#pragma once

#include "models/AdminClient.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QNetworkAccessManager;

namespace bulkhead::models {

class TenantTableModel;

// What every view shares: the admin API client, the signed-in principal (role, tenant), the
// tenant inventory and the policy engine's latest decision. Views refresh it after a write so
// all of them show the same state.
class ConsoleSession final : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleSession(QNetworkAccessManager *network, QObject *parent = nullptr);

    AdminClient *admin() { return &m_admin; }
    TenantTableModel *tenants() const { return m_tenants; }

    // Points the client at a daemon and refreshes everything.
    void connectTo(const QUrl &adminUrl, const QString &token);
    bool isConnected() const { return m_connected; }
    QUrl adminUrl() const { return m_admin.baseUrl(); }

    // "platform-admin" or "tenant-auditor"; empty until whoami answered.
    QString role() const { return m_role; }
    QString principalTenant() const { return m_principalTenant; }
    bool isPlatformAdmin() const { return m_role == QLatin1StringView("platform-admin"); }

    // The daemon's software as it names itself in its Server header ("bulkheadd"), and its
    // version: whoami's "daemon_version" if present, else the header's "product/version" part;
    // empty while the daemon does not say.
    QString daemonProduct() const { return m_daemonProduct; }
    QString daemonVersion() const { return m_daemonVersion; }
    // "SHA256:<hex>" of the key that signs evidence packs and audit checkpoints (whoami's
    // signing_key_fingerprint): what an auditor pins. Empty while the daemon does not say.
    QString signingKeyFingerprint() const { return m_signingKeyFingerprint; }

    // GET /admin/v1/policy/evaluate as received (ruleset, platform_assurance_tier, violations,
    // tenants[] with rules[] and triggered_by).
    QJsonObject decision() const { return m_decision; }
    QStringList tenantIds() const;

public Q_SLOTS:
    // Re-reads whoami, the tenants and the policy decision.
    void refresh();

Q_SIGNALS:
    void connectedChanged(bool connected);
    void principalChanged();
    void tenantsChanged();
    void decisionChanged();
    // A translated sentence for the status bar.
    void failed(const QString &message);

private:
    void setConnected(bool connected);

    AdminClient m_admin;
    TenantTableModel *m_tenants;
    QJsonObject m_decision;
    QString m_role;
    QString m_principalTenant;
    QString m_daemonProduct;
    QString m_daemonVersion;
    QString m_signingKeyFingerprint;
    bool m_connected = false;
};

} // namespace bulkhead::models
