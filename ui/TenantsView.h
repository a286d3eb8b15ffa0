#pragma once

#include "ui/ConsoleView.h"

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace bulkhead::ui {

// Sortable, filterable tenant inventory with add/edit dialog; chosen vs minimum tier with
// violations highlighted and the rules' rationale.
class TenantsView final : public ConsoleView
{
    Q_OBJECT

public:
    TenantsView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

private:
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace bulkhead::ui
