#pragma once

#include "ui/ConsoleView.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace bulkhead::models {
class EncryptionKeyModel;
struct AdminResult;
}

namespace bulkhead::ui {

// Encryption key status, rotation and crypto-shredding. Reading is open to whoever may see the
// tenant; rotating and shredding only to a platform admin.
class KeysView final : public ConsoleView
{
    Q_OBJECT

public:
    KeysView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

    models::EncryptionKeyModel *keyModel() const { return m_model; }
    QString currentTenant() const;

public Q_SLOTS:
    // GET .../encryption-keys of the chosen tenant.
    void refreshKeys();
    // Each asks first (Prompts::current()); false when the user declined or nothing is chosen.
    bool rotateKek();
    bool rotateDataKey();
    // Needs the tenant id typed exactly (Prompts::confirmByTyping).
    bool shredTenant();

Q_SIGNALS:
    void keysLoaded();
    // A rotation or shred answered: ok is whether the daemon did it.
    void actionFinished(bool ok);

private:
    void fillTenants();
    void updateEnabled();
    // `question` has %1 for the tenant id.
    bool confirmAndRotate(const QString &kind, const QString &title, const QString &question);
    void rotate(const QString &kind);
    void showFailure(const models::AdminResult &result);

    models::EncryptionKeyModel *m_model;
    QComboBox *m_tenant;
    QTableView *m_table;
    QLabel *m_masterKey;
    QLabel *m_signingKey;
    QPushButton *m_rotateKek;
    QPushButton *m_rotateDataKey;
    QPushButton *m_shred;
    QLabel *m_status;
    bool m_busy = false;
};

} // namespace bulkhead::ui
