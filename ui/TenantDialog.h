#pragma once

#include "models/TenantTableModel.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace bulkhead::models {
class ConsoleSession;
}

namespace bulkhead::ui {

// Adds a tenant (POST /admin/v1/tenants) or edits one (PATCH /admin/v1/tenants/{id} with the
// version the user saw). Validates like backend/core/TenantValidation.cpp so most mistakes are
// caught before a round trip; OK stays disabled until the entry is valid. Opened with open(),
// never exec(): tests drive submit() and watch saved().
class TenantDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit TenantDialog(models::ConsoleSession *session, QWidget *parent = nullptr);

    // Switches to editing: the id becomes read-only and the version is sent with the PATCH.
    void setTenant(const models::TenantTableModel::Tenant &tenant);
    bool isEditing() const { return m_editing; }
    QString tenantId() const;

    // A translated sentence naming what is wrong; empty when the entry is valid.
    QString validationError() const;
    bool isValid() const { return validationError().isEmpty(); }
    // What submit() sends: the whole tenant for a POST, the tenant plus "version" for a PATCH.
    QJsonObject requestBody() const;

public Q_SLOTS:
    // Sends the request; on success refreshes the session, emits saved() and accepts. On failure
    // the dialog stays open with the error.
    void submit();

Q_SIGNALS:
    void saved(const QString &tenantId);

private:
    void revalidate();
    void showError(const QString &message);

    models::ConsoleSession *m_session;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_name = nullptr;
    QHash<QString, QCheckBox *> m_classifications;
    QHash<QString, QCheckBox *> m_regimes;
    QComboBox *m_relationship = nullptr;
    QComboBox *m_threat = nullptr;
    QComboBox *m_tier = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_editing = false;
    bool m_busy = false;
    qint64 m_version = 0;
    QString m_serverError;
};

} // namespace bulkhead::ui
