#include "ui/TenantRemoveDialog.h"

#include "models/AdminClient.h"
#include "models/ConsoleSession.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace bulkhead::ui {

TenantRemoveDialog::TenantRemoveDialog(models::ConsoleSession *session, const QString &tenantId, qint64 version,
                                       QWidget *parent)
    : QDialog(parent), m_session(session), m_tenantId(tenantId), m_version(version)
{
    setObjectName(QStringLiteral("tenantRemoveDialog"));
    setWindowTitle(tr("Remove tenant %1", "tenant removal dialog title").arg(tenantId));
    auto *layout = new QVBoxLayout(this);
    auto *what = new QLabel(
        tr("<p>Removing <b>%1</b> cannot be undone:</p>"
           "<ul><li>its API keys and auditor tokens stop working at once;</li>"
           "<li>its documents, their placement and its encryption keys are destroyed "
           "(crypto-shredded);</li>"
           "<li>its settings, limits and upstream assignment are deleted;</li>"
           "<li>its audit chain is sealed in the archive for its retention period.</li></ul>"
           "<p>A tenant created later with the same id starts empty.</p>",
           "tenant removal dialog")
            .arg(tenantId.toHtmlEscaped()),
        this);
    what->setObjectName(QStringLiteral("removalSummary"));
    what->setTextFormat(Qt::RichText);
    what->setWordWrap(true);
    layout->addWidget(what);

    auto *prompt = new QLabel(tr("Type the tenant id to &confirm:", "tenant removal dialog label"), this);
    layout->addWidget(prompt);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("confirmTenantIdEdit"));
    m_confirm->setAccessibleName(tr("Tenant id to confirm the removal", "accessible name"));
    prompt->setBuddy(m_confirm);
    layout->addWidget(m_confirm);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("removalError"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto *remove = m_buttons->addButton(tr("&Remove tenant", "tenant removal dialog button"),
                                        QDialogButtonBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("removeTenantButton"));
    layout->addWidget(m_buttons);
    connect(remove, &QPushButton::clicked, this, &TenantRemoveDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirm, &QLineEdit::textChanged, this, [this] {
        m_error->setVisible(false);
        revalidate();
    });
    revalidate();
}

bool TenantRemoveDialog::isConfirmed() const
{
    return m_confirm->text() == m_tenantId;
}

void TenantRemoveDialog::submit()
{
    if (m_busy || !isConfirmed())
        return;
    m_busy = true;
    revalidate();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("version"), QString::number(m_version));
    query.addQueryItem(QStringLiteral("confirm"), m_tenantId);
    m_session->admin()->call("DELETE", QStringLiteral("/admin/v1/tenants/") + m_tenantId, query, {}, this,
                             [this](const models::AdminResult &result) {
                                 m_busy = false;
                                 if (!result.ok()) {
                                     m_error->setText(models::AdminClient::describeFailure(result));
                                     m_error->setVisible(true);
                                     revalidate();
                                     return;
                                 }
                                 m_session->refresh();
                                 Q_EMIT removed(m_tenantId);
                                 accept();
                             });
}

void TenantRemoveDialog::revalidate()
{
    for (QAbstractButton *button : m_buttons->buttons())
        if (m_buttons->buttonRole(button) == QDialogButtonBox::DestructiveRole)
            button->setEnabled(isConfirmed() && !m_busy);
}

} // namespace bulkhead::ui
