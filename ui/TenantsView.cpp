#include "ui/TenantsView.h"

#include "models/ConsoleSession.h"
#include "models/TenantTableModel.h"
#include "ui/TenantDialog.h"
#include "ui/TenantRemoveDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <utility>

namespace bulkhead::ui {

TenantsView::TenantsView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("tenantsPage"));
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("tenantFilterEdit"));
    m_filter->setPlaceholderText(tr("Filter tenants by any column (Ctrl+F)", "tenant filter placeholder"));
    m_filter->setAccessibleName(tr("Tenant filter", "accessible name"));
    m_filter->setClearButtonEnabled(true);
    top->addWidget(m_filter, 1);

    m_add = new QPushButton(tr("&Add tenant…", "tenants view button"), this);
    m_add->setObjectName(QStringLiteral("addTenantButton"));
    m_add->setToolTip(tr("Add a tenant (Ctrl+N)", "tenants view tooltip"));
    top->addWidget(m_add);
    m_edit = new QPushButton(tr("&Edit…", "tenants view button"), this);
    m_edit->setObjectName(QStringLiteral("editTenantButton"));
    m_edit->setToolTip(tr("Edit the selected tenant (Enter or double-click)", "tenants view tooltip"));
    top->addWidget(m_edit);
    m_remove = new QPushButton(tr("&Remove…", "tenants view button"), this);
    m_remove->setObjectName(QStringLiteral("removeTenantButton"));
    m_remove->setToolTip(tr("Remove the selected tenant and everything it stored", "tenants view tooltip"));
    top->addWidget(m_remove);
    layout->addLayout(top);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setObjectName(QStringLiteral("tenantProxy"));
    m_proxy->setSourceModel(session->tenants());
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(Qt::EditRole);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("tenantSplitter"));
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("tenantTable"));
    m_table->setAccessibleName(tr("Tenants", "accessible name"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(models::TenantTableModel::IdColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // The threshold columns fit their widest label, so a calibrated value and its measured rate
    // stay on one line in every language.
    models::TenantTableModel::InjectionThreshold widest;
    widest.known = widest.calibrated = true;
    widest.flag = widest.measuredFpr = 0.888;
    const int thresholdWidth =
        m_table->fontMetrics().horizontalAdvance(models::TenantTableModel::thresholdLabel(widest)) + 16;
    for (const int column : {models::TenantTableModel::PromptInjectionColumn,
                             models::TenantTableModel::DocumentInjectionColumn})
        m_table->setColumnWidth(column, thresholdWidth);
    m_table->verticalHeader()->setVisible(false);
    m_table->installEventFilter(this);

    auto *rationaleBox = new QWidget(splitter);
    auto *rationaleLayout = new QVBoxLayout(rationaleBox);
    rationaleLayout->setContentsMargins(0, 0, 0, 0);
    auto *rationaleLabel = new QLabel(tr("&Why this tier:", "tenants view label"), rationaleBox);
    m_rationale = new QTextBrowser(rationaleBox);
    m_rationale->setObjectName(QStringLiteral("tenantRationaleText"));
    m_rationale->setAccessibleName(tr("Tier rationale for the selected tenant", "accessible name"));
    m_rationale->setOpenLinks(false);
    rationaleLabel->setBuddy(m_rationale);
    rationaleLayout->addWidget(rationaleLabel);
    rationaleLayout->addWidget(m_rationale);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    setTabOrder(m_filter, m_add);
    setTabOrder(m_add, m_edit);
    setTabOrder(m_edit, m_table);
    setTabOrder(m_table, m_rationale);

    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    connect(findShortcut, &QShortcut::activated, m_filter, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    auto *addShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_N), this);
    addShortcut->setObjectName(QStringLiteral("addTenantShortcut"));
    connect(addShortcut, &QShortcut::activated, this, [this] { openAddDialog(); });

    connect(m_add, &QPushButton::clicked, this, [this] { openAddDialog(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { openEditDialog(); });
    connect(m_remove, &QPushButton::clicked, this, [this] { openRemoveDialog(); });
    connect(m_table, &QTableView::doubleClicked, this, [this] { openEditDialog(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updatePermissions();
        updateRationale();
    });
    connect(session, &models::ConsoleSession::principalChanged, this, &TenantsView::updatePermissions);
    connect(session, &models::ConsoleSession::decisionChanged, this, &TenantsView::updateRationale);
    connect(session, &models::ConsoleSession::tenantsChanged, this, [this] {
        if (!m_pendingSelection.isEmpty())
            selectTenant(std::exchange(m_pendingSelection, QString()));
        updatePermissions();
        updateRationale();
    });
    updatePermissions();
    updateRationale();
}

QString TenantsView::title() const
{
    return tr("&Tenants", "navigation entry");
}

void TenantsView::activate()
{
    session()->refresh();
}

bool TenantsView::eventFilter(QObject *watched, QEvent *event)
{
    // The table would only emit activated() for Enter, which some styles also emit on a single
    // click; Enter edits here explicitly.
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && m_table->currentIndex().isValid()) {
            openEditDialog();
            return true;
        }
    }
    return ConsoleView::eventFilter(watched, event);
}

QString TenantsView::selectedTenantId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return rows.first().data(models::TenantTableModel::TenantIdRole).toString();
}

void TenantsView::selectTenant(const QString &tenantId)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(models::TenantTableModel::TenantIdRole).toString() == tenantId) {
            m_table->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return;
        }
    }
}

TenantDialog *TenantsView::openAddDialog()
{
    if (!session()->isPlatformAdmin())
        return nullptr;
    auto *dialog = new TenantDialog(session(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TenantDialog::saved, this, [this](const QString &id) { m_pendingSelection = id; });
    dialog->open();
    return dialog;
}

const models::TenantTableModel::Tenant *TenantsView::selectedTenantForAdmin() const
{
    if (!session()->isPlatformAdmin())
        return nullptr;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return session()->tenants()->tenant(m_proxy->mapToSource(rows.first()).row());
}

TenantDialog *TenantsView::openEditDialog()
{
    const auto *tenant = selectedTenantForAdmin();
    if (!tenant)
        return nullptr;
    auto *dialog = new TenantDialog(session(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setTenant(*tenant);
    dialog->open();
    return dialog;
}

TenantRemoveDialog *TenantsView::openRemoveDialog()
{
    const auto *tenant = selectedTenantForAdmin();
    if (!tenant)
        return nullptr;
    auto *dialog = new TenantRemoveDialog(session(), tenant->id, tenant->version, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void TenantsView::updatePermissions()
{
    const bool admin = session()->isPlatformAdmin();
    m_add->setEnabled(admin);
    m_edit->setEnabled(admin && !selectedTenantId().isEmpty());
    m_remove->setEnabled(admin && !selectedTenantId().isEmpty());
    const QString why = tr("Only a platform administrator can add, edit or remove tenants.", "tenants view tooltip");
    m_add->setToolTip(admin ? tr("Add a tenant (Ctrl+N)", "tenants view tooltip") : why);
    m_edit->setToolTip(admin ? tr("Edit the selected tenant (Enter or double-click)", "tenants view tooltip") : why);
    m_remove->setToolTip(admin ? tr("Remove the selected tenant and everything it stored", "tenants view tooltip") : why);
}

void TenantsView::updateRationale()
{
    const QString id = selectedTenantId();
    if (id.isEmpty()) {
        m_rationale->setHtml(tr("<p>Select a tenant to see why it needs its tier.</p>", "tenant rationale"));
        return;
    }
    QJsonObject decided;
    for (const QJsonValue &v : session()->decision().value(QLatin1StringView("tenants")).toArray()) {
        if (v.toObject().value(QLatin1StringView("id")).toString() == id) {
            decided = v.toObject();
            break;
        }
    }
    if (decided.isEmpty()) {
        m_rationale->setHtml(tr("<p>No policy decision is available for tenant %1.</p>", "tenant rationale: id")
                                 .arg(id.toHtmlEscaped()));
        return;
    }
    const int chosen = decided.value(QLatin1StringView("chosen_tier")).toInt();
    const int minimum = decided.value(QLatin1StringView("minimum_tier")).toInt();
    QString html;
    if (chosen == 0)
        html += tr("<p>Tenant <b>%1</b> has no chosen tier; the policy requires at least tier %2.</p>",
                   "tenant rationale: id, minimum tier").arg(id.toHtmlEscaped()).arg(minimum);
    else if (chosen < minimum)
        html += tr("<p>Tenant <b>%1</b> runs on tier %2 but needs at least tier %3.</p>",
                   "tenant rationale: id, chosen tier, minimum tier").arg(id.toHtmlEscaped()).arg(chosen).arg(minimum);
    else
        html += tr("<p>Tenant <b>%1</b> runs on tier %2; the policy requires at least tier %3.</p>",
                   "tenant rationale: id, chosen tier, minimum tier").arg(id.toHtmlEscaped()).arg(chosen).arg(minimum);

    const QJsonArray rules = decided.value(QLatin1StringView("rules")).toArray();
    if (rules.isEmpty())
        html += tr("<p>No isolation rule applies to this tenant.</p>", "tenant rationale");
    html += QStringLiteral("<ul>");
    for (const QJsonValue &v : rules) {
        const QJsonObject rule = v.toObject();
        const int tier = rule.value(QLatin1StringView("tier")).toInt();
        QStringList peers;
        for (const QJsonValue &p : rule.value(QLatin1StringView("triggered_by")).toArray())
            peers << p.toString().toHtmlEscaped();
        const QString title = rule.value(QLatin1StringView("title")).toString().toHtmlEscaped();
        const QString ruleId = rule.value(QLatin1StringView("id")).toString().toHtmlEscaped();
        const QString rationale = rule.value(QLatin1StringView("rationale")).toString().toHtmlEscaped();
        const bool violated = tier > chosen;
        html += QStringLiteral("<li>");
        if (violated)
            html += tr("<span style=\"color:#a4262c\"><b>Violation:</b></span> %1 (%2) requires tier %3.",
                       "tenant rationale rule: title, rule id, tier").arg(title, ruleId).arg(tier);
        else
            html += tr("%1 (%2) requires tier %3.", "tenant rationale rule: title, rule id, tier")
                        .arg(title, ruleId).arg(tier);
        html += QStringLiteral("<br/>") + rationale + QStringLiteral("<br/>");
        html += tr("<i>Triggered by: %1</i>", "tenant rationale rule: comma-separated tenant ids")
                    .arg(peers.join(QLatin1StringView(", ")));
        html += QStringLiteral("</li>");
    }
    html += QStringLiteral("</ul>");
    m_rationale->setHtml(html);
}

} // namespace bulkhead::ui
