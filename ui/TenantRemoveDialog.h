#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace bulkhead::models {
class ConsoleSession;
}

namespace bulkhead::ui {

// Offboards a tenant (DELETE /admin/v1/tenants/{id}?version=N&confirm={id}) after the user has
// read what goes and typed the tenant id again; Remove stays disabled until the id matches.
// Opened with open(), never exec(): tests type into it, call submit() and watch removed().
class TenantRemoveDialog final : public QDialog
{
    Q_OBJECT

public:
    TenantRemoveDialog(models::ConsoleSession *session, const QString &tenantId, qint64 version,
                       QWidget *parent = nullptr);

    bool isConfirmed() const;

public Q_SLOTS:
    // Sends the removal; on success refreshes the session, emits removed() and accepts. On
    // failure the dialog stays open with the error.
    void submit();

Q_SIGNALS:
    void removed(const QString &tenantId);

private:
    void revalidate();

    models::ConsoleSession *m_session;
    const QString m_tenantId;
    const qint64 m_version;
    QLineEdit *m_confirm = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace bulkhead::ui
