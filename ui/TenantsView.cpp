#include "ui/TenantsView.h"

#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace bulkhead::ui {

TenantsView::TenantsView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("tenantsPage"));
    auto *layout = new QVBoxLayout(this);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("tenantFilterEdit"));
    m_filter->setPlaceholderText(tr("Filter tenants by any column (Ctrl+F)", "tenant filter placeholder"));
    m_filter->setAccessibleName(tr("Tenant filter", "accessible name"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setObjectName(QStringLiteral("tenantProxy"));
    m_proxy->setSourceModel(session->tenants());
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(Qt::EditRole);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("tenantTable"));
    m_table->setAccessibleName(tr("Tenants", "accessible name"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(models::TenantTableModel::IdColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    layout->addWidget(m_table);
    setTabOrder(m_filter, m_table);

    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    connect(findShortcut, &QShortcut::activated, m_filter, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
}

QString TenantsView::title() const
{
    return tr("&Tenants", "navigation entry");
}

void TenantsView::activate()
{
    session()->refresh();
}

} // namespace bulkhead::ui
