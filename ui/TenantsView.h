#pragma once

#include "models/TenantTableModel.h"
#include "ui/ConsoleView.h"

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace bulkhead::ui {

class TenantDialog;
class TenantRemoveDialog;

// Sortable, filterable tenant inventory with add/edit and typed-confirmation removal dialogs; chosen vs minimum tier with
// violations highlighted and the rules' rationale.
class TenantsView final : public ConsoleView
{
    Q_OBJECT

public:
    TenantsView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

    // Open the dialog with open() (no nested event loop) and return it so tests can fill it in
    // and call submit(). nullptr for a non-admin or, when editing, without a selected tenant.
    TenantDialog *openAddDialog();
    TenantDialog *openEditDialog();
    // The typed-confirmation removal of the selected tenant; nullptr as openEditDialog().
    TenantRemoveDialog *openRemoveDialog();
    // The tenant of the selected row; empty without a selection.
    QString selectedTenantId() const;
    // Selects the tenant's row (and so fills the rationale pane).
    void selectTenant(const QString &tenantId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The selected row's tenant, for a platform admin only; nullptr otherwise.
    const models::TenantTableModel::Tenant *selectedTenantForAdmin() const;
    void updatePermissions();
    void updateRationale();

    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QTextBrowser *m_rationale = nullptr;
    // A tenant just added: selected once the refreshed inventory contains it.
    QString m_pendingSelection;
};

} // namespace bulkhead::ui
