#pragma once

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace bulkhead::models {
class TenantTableModel;
}

namespace bulkhead::ui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Shown in the status bar and the overview until the daemon connection is established.
    void setDaemonStatus(const QString &status);

    // The tenants view's model; the admin API client (still to come) feeds it.
    models::TenantTableModel *tenantModel() const { return m_tenantModel; }

private:
    QWidget *createTenantsPage(QWidget *parent);

private:
    QLabel *m_daemonStatus = nullptr;
    models::TenantTableModel *m_tenantModel = nullptr;
    QSortFilterProxyModel *m_tenantProxy = nullptr;
    QLineEdit *m_tenantFilter = nullptr;
    QTableView *m_tenantTable = nullptr;
};

} // namespace bulkhead::ui
