#include "MainWindow.h"

#include "models/TenantTableModel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bulkhead::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Bulkhead", "application name in the window title"));
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("viewTabs"));

    auto *overview = new QWidget(tabs);
    overview->setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(overview);
    auto *headline = new QLabel(
        tr("Tenant isolation for shared LLM infrastructure", "overview headline"), overview);
    headline->setObjectName(QStringLiteral("overviewHeadline"));
    layout->addWidget(headline);
    layout->addStretch();
    tabs->addTab(overview, tr("&Overview", "tab title"));
    tabs->addTab(createTenantsPage(tabs), tr("&Tenants", "tab title"));
    setCentralWidget(tabs);

    m_daemonStatus = new QLabel(tr("Daemon: not connected", "status bar"), this);
    m_daemonStatus->setObjectName(QStringLiteral("daemonStatusLabel"));
    statusBar()->addPermanentWidget(m_daemonStatus);
    resize(1100, 720);
}

QWidget *MainWindow::createTenantsPage(QWidget *parent)
{
    auto *page = new QWidget(parent);
    page->setObjectName(QStringLiteral("tenantsPage"));
    auto *layout = new QVBoxLayout(page);

    m_tenantFilter = new QLineEdit(page);
    m_tenantFilter->setObjectName(QStringLiteral("tenantFilterEdit"));
    m_tenantFilter->setPlaceholderText(
        tr("Filter tenants by any column (Ctrl+F)", "tenant filter placeholder"));
    m_tenantFilter->setClearButtonEnabled(true);
    layout->addWidget(m_tenantFilter);

    m_tenantModel = new models::TenantTableModel(this);
    m_tenantProxy = new QSortFilterProxyModel(this);
    m_tenantProxy->setObjectName(QStringLiteral("tenantProxy"));
    m_tenantProxy->setSourceModel(m_tenantModel);
    m_tenantProxy->setFilterKeyColumn(-1);
    m_tenantProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_tenantProxy->setSortRole(Qt::EditRole);
    connect(m_tenantFilter, &QLineEdit::textChanged, m_tenantProxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_tenantTable = new QTableView(page);
    m_tenantTable->setObjectName(QStringLiteral("tenantTable"));
    m_tenantTable->setModel(m_tenantProxy);
    m_tenantTable->setSortingEnabled(true);
    m_tenantTable->sortByColumn(models::TenantTableModel::IdColumn, Qt::AscendingOrder);
    m_tenantTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tenantTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tenantTable->setAlternatingRowColors(true);
    m_tenantTable->horizontalHeader()->setStretchLastSection(true);
    m_tenantTable->verticalHeader()->setVisible(false);
    layout->addWidget(m_tenantTable);
    setTabOrder(m_tenantFilter, m_tenantTable);

    auto *findShortcut = new QShortcut(QKeySequence::Find, page);
    connect(findShortcut, &QShortcut::activated, m_tenantFilter, [this] {
        m_tenantFilter->setFocus(Qt::ShortcutFocusReason);
        m_tenantFilter->selectAll();
    });
    return page;
}

void MainWindow::setDaemonStatus(const QString &status)
{
    m_daemonStatus->setText(status);
}

} // namespace bulkhead::ui
