#pragma once

#include "ui/ConsoleView.h"

#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace bulkhead::ui {

class DaemonController;
class SecretStore;

// Where the console connects (daemon URL; its admin token goes to the OS keychain only), the
// bundled daemon's database, the upstreams the daemon may route to, and the language.
class SettingsView final : public ConsoleView
{
    Q_OBJECT

public:
    SettingsView(models::ConsoleSession *session, DaemonController *daemon, QWidget *parent);

    QString title() const override;
    void activate() override;

    // Stores the URL in the settings and the token in the keychain, then connects; on a
    // keychain failure nothing is stored and the console does not connect.
    void saveConnection(const QString &url, const QString &token);
    void addUpstream(const QString &id, const QString &baseUrl, const QString &dedicatedTenant);

Q_SIGNALS:
    void connectionSaved(bool ok);
    void upstreamsLoaded(int count);
    // The daemon's answer to addUpstream: added, or refused (the reason is shown).
    void upstreamAdded(bool ok);

private:
    void loadUpstreams();
    void showMessage(const QString &text, bool error);

    QPointer<DaemonController> m_daemon;
    SecretStore *m_secrets = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_database = nullptr;
    QTableWidget *m_upstreams = nullptr;
    QLineEdit *m_upstreamId = nullptr;
    QLineEdit *m_upstreamUrl = nullptr;
    QLineEdit *m_upstreamTenant = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace bulkhead::ui
