#include "ui/KeysView.h"

#include "models/AdminClient.h"
#include "models/ConsoleSession.h"
#include "models/EncryptionKeyModel.h"
#include "ui/Prompts.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {

QString tenantPath(const QString &tenant, const QString &rest)
{
    return QStringLiteral("/admin/v1/tenants/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(tenant)), rest);
}

} // namespace

KeysView::KeysView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent), m_model(new models::EncryptionKeyModel(this))
{
    setObjectName(QStringLiteral("keysPage"));
    m_model->setObjectName(QStringLiteral("encryptionKeyModel"));
    auto *layout = new QVBoxLayout(this);

    auto *form = new QFormLayout;
    m_tenant = new QComboBox(this);
    m_tenant->setObjectName(QStringLiteral("keysTenantCombo"));
    m_tenant->setAccessibleName(tr("Tenant", "accessible name: keys view"));
    form->addRow(tr("&Tenant:", "keys view label"), m_tenant);
    m_masterKey = new QLabel(this);
    m_masterKey->setObjectName(QStringLiteral("masterKeyLabel"));
    m_masterKey->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    form->addRow(tr("Master key:", "keys view label"), m_masterKey);
    // The one public key an auditor pins (bulkheadctl's --fingerprint): it signs evidence packs
    // and audit checkpoints, so a pack or proof signed by any other key is refused.
    m_signingKey = new QLabel(this);
    m_signingKey->setObjectName(QStringLiteral("signingKeyFingerprintLabel"));
    m_signingKey->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_signingKey->setToolTip(tr("Pin this fingerprint where evidence is verified: bulkheadctl evidence verify "
                                "--fingerprint, or BULKHEAD_SIGNING_FINGERPRINT.",
                                "keys view tooltip: signing key fingerprint"));
    form->addRow(tr("Signing key:", "keys view label"), m_signingKey);
    layout->addLayout(form);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("encryptionKeyTable"));
    m_table->setAccessibleName(tr("Encryption keys", "accessible name: keys view"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);

    auto *buttons = new QHBoxLayout;
    m_rotateKek = new QPushButton(tr("Rotate &KEK…", "keys view button"), this);
    m_rotateKek->setObjectName(QStringLiteral("rotateKekButton"));
    m_rotateDataKey = new QPushButton(tr("Rotate &data key…", "keys view button"), this);
    m_rotateDataKey->setObjectName(QStringLiteral("rotateDataKeyButton"));
    m_shred = new QPushButton(tr("&Crypto-shred tenant…", "keys view button"), this);
    m_shred->setObjectName(QStringLiteral("shredTenantButton"));
    buttons->addWidget(m_rotateKek);
    buttons->addWidget(m_rotateDataKey);
    buttons->addStretch();
    buttons->addWidget(m_shred);
    layout->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("keysStatusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    setTabOrder(m_tenant, m_table);
    setTabOrder(m_table, m_rotateKek);
    setTabOrder(m_rotateKek, m_rotateDataKey);
    setTabOrder(m_rotateDataKey, m_shred);

    connect(m_tenant, &QComboBox::currentIndexChanged, this, &KeysView::refreshKeys);
    connect(m_rotateKek, &QPushButton::clicked, this, &KeysView::rotateKek);
    connect(m_rotateDataKey, &QPushButton::clicked, this, &KeysView::rotateDataKey);
    connect(m_shred, &QPushButton::clicked, this, &KeysView::shredTenant);
    connect(session, &models::ConsoleSession::tenantsChanged, this, &KeysView::fillTenants);
    connect(session, &models::ConsoleSession::principalChanged, this, &KeysView::fillTenants);
    fillTenants();
}

QString KeysView::title() const
{
    return tr("&Keys", "navigation entry");
}

void KeysView::activate()
{
    refreshKeys();
}

QString KeysView::currentTenant() const
{
    return m_tenant->currentText();
}

void KeysView::fillTenants()
{
    const QString previous = m_tenant->currentText();
    const bool auditor = !session()->role().isEmpty() && !session()->isPlatformAdmin();
    const QStringList tenants =
        auditor ? QStringList{session()->principalTenant()} : session()->tenantIds();
    {
        const QSignalBlocker blocker(m_tenant);
        m_tenant->clear();
        m_tenant->addItems(tenants);
        const int keep = m_tenant->findText(previous);
        m_tenant->setCurrentIndex(keep >= 0 ? keep : (tenants.isEmpty() ? -1 : 0));
    }
    if (m_tenant->currentText() != previous || m_tenant->currentText().isEmpty())
        m_model->clear();
    m_masterKey->setText(m_model->masterKeyId());
    m_signingKey->setText(session()->signingKeyFingerprint());
    updateEnabled();
    if (isVisible() && m_tenant->currentText() != previous)
        refreshKeys();
}

void KeysView::updateEnabled()
{
    // Rotation and shredding are platform-admin writes; the daemon refuses them to an auditor.
    const bool admin = session()->isPlatformAdmin();
    const bool chosen = !currentTenant().isEmpty();
    m_tenant->setEnabled(admin && m_tenant->count() > 0);
    for (QPushButton *button : {m_rotateKek, m_rotateDataKey, m_shred})
        button->setEnabled(admin && chosen && !m_busy);
}

void KeysView::showFailure(const models::AdminResult &result)
{
    m_status->setText(models::describeAdminError(result.error));
}

void KeysView::refreshKeys()
{
    const QString tenant = currentTenant();
    if (tenant.isEmpty()) {
        m_model->clear();
        m_masterKey->clear();
        return;
    }
    session()->admin()->get(
        tenantPath(tenant, QStringLiteral("encryption-keys")), {}, this,
        [this, tenant](const models::AdminResult &result) {
            if (tenant != currentTenant())
                return;  // the user moved on
            if (!result.ok()) {
                m_model->clear();
                m_masterKey->clear();
                showFailure(result);
                return;
            }
            m_model->setKeys(result.body);
            m_masterKey->setText(m_model->masterKeyId());
            const QString rotation = m_model->dataKeyRotation();
            if (rotation == QLatin1StringView("re-encrypting"))
                m_status->setText(tr("The documents of %1 are being re-encrypted under the new data key.",
                                     "keys view status").arg(tenant));
            else if (rotation.startsWith(QLatin1StringView("failed")))
                m_status->setText(tr("Re-encrypting the documents of %1 under the new data key failed.",
                                     "keys view status").arg(tenant));
            Q_EMIT keysLoaded();
        });
}

bool KeysView::rotateKek()
{
    return confirmAndRotate(
        QStringLiteral("kek"), tr("Rotate key-encryption key", "keys view: confirmation title"),
        tr("Rotate the key-encryption key of tenant %1? New data keys are wrapped under the "
           "new version; existing data keys are re-wrapped.", "keys view: confirmation"));
}

bool KeysView::rotateDataKey()
{
    return confirmAndRotate(
        QStringLiteral("data"), tr("Rotate data key", "keys view: confirmation title"),
        tr("Rotate the document data key of tenant %1? Its documents are re-encrypted in the "
           "background and the old key is retired afterwards.", "keys view: confirmation"));
}

bool KeysView::confirmAndRotate(const QString &kind, const QString &title, const QString &question)
{
    const QString tenant = currentTenant();
    if (tenant.isEmpty() || m_busy || !session()->isPlatformAdmin())
        return false;
    if (!Prompts::current().confirm(this, title, question.arg(tenant)))
        return false;
    rotate(kind);
    return true;
}

void KeysView::rotate(const QString &kind)
{
    const QString tenant = currentTenant();
    m_busy = true;
    updateEnabled();
    session()->admin()->post(
        tenantPath(tenant, QStringLiteral("encryption-keys/rotate")),
        QJsonObject{{QStringLiteral("kind"), kind}}, this,
        [this, tenant, kind](const models::AdminResult &result) {
            m_busy = false;
            updateEnabled();
            if (!result.ok()) {
                showFailure(result);
                Q_EMIT actionFinished(false);
                return;
            }
            if (kind == QLatin1StringView("kek"))
                m_status->setText(tr("The key-encryption key of %1 is now at version %2.",
                                     "keys view status")
                                      .arg(tenant)
                                      .arg(result.body.value(QLatin1StringView("version")).toInteger()));
            else
                m_status->setText(tr("Tenant %1 has a new data key; its documents are being re-encrypted.",
                                     "keys view status").arg(tenant));
            refreshKeys();
            Q_EMIT actionFinished(true);
        });
}

bool KeysView::shredTenant()
{
    const QString tenant = currentTenant();
    if (tenant.isEmpty() || m_busy || !session()->isPlatformAdmin())
        return false;
    if (!Prompts::current().confirmByTyping(
            this, tr("Crypto-shred tenant", "keys view: confirmation title"),
            tr("Crypto-shredding destroys every key of tenant %1: its documents and sealed audit "
               "content become unreadable for ever and its API keys are revoked. Type the tenant id "
               "to confirm.", "keys view: confirmation").arg(tenant),
            tenant))
        return false;
    m_busy = true;
    updateEnabled();
    // The daemon checks the typed id too: the request carries it as "confirm".
    session()->admin()->post(
        tenantPath(tenant, QStringLiteral("shred")), QJsonObject{{QStringLiteral("confirm"), tenant}}, this,
        [this, tenant](const models::AdminResult &result) {
            m_busy = false;
            updateEnabled();
            if (!result.ok()) {
                showFailure(result);
                Q_EMIT actionFinished(false);
                return;
            }
            m_status->setText(tr("Tenant %1 is crypto-shredded; %n API key(s) were revoked.",
                                 "keys view status",
                                 int(result.body.value(QLatin1StringView("api_keys_revoked")).toInteger()))
                                  .arg(tenant));
            refreshKeys();
            session()->refresh();
            Q_EMIT actionFinished(true);
        });
    return true;
}

} // namespace bulkhead::ui
