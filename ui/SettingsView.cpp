#include "ui/SettingsView.h"

#include "models/ConsoleSession.h"
#include "ui/ConsoleStartup.h"
#include "ui/DaemonController.h"
#include "ui/Language.h"
#include "ui/Prompts.h"
#include "ui/SecretStore.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bulkhead::ui {

SettingsView::SettingsView(models::ConsoleSession *session, DaemonController *daemon, QWidget *parent)
    : ConsoleView(session, parent), m_daemon(daemon), m_secrets(new SecretStore(this))
{
    setObjectName(QStringLiteral("settingsPage"));
    auto *layout = new QVBoxLayout(this);

    auto *connection = new QGroupBox(tr("Daemon connection", "settings group"), this);
    auto *connectionForm = new QFormLayout(connection);
    m_url = new QLineEdit(QSettings().value(ConsoleStartup::daemonUrlSetting()).toString(), connection);
    m_url->setObjectName(QStringLiteral("settingsDaemonUrlEdit"));
    m_url->setPlaceholderText(tr("empty: the embedded platform", "settings placeholder"));
    m_url->setAccessibleName(tr("Daemon admin URL", "accessible name"));
    m_token = new QLineEdit(connection);
    m_token->setObjectName(QStringLiteral("settingsTokenEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("kept in the OS keychain only", "settings placeholder"));
    m_token->setAccessibleName(tr("Admin token", "accessible name"));
    auto *save = new QPushButton(tr("Save and &connect", "settings button"), connection);
    save->setObjectName(QStringLiteral("saveConnectionButton"));
    connectionForm->addRow(tr("Admin &URL:", "settings label"), m_url);
    connectionForm->addRow(tr("Admin &token:", "settings label"), m_token);
    connectionForm->addRow(save);
    layout->addWidget(connection);
    connect(save, &QPushButton::clicked, this, [this] { saveConnection(m_url->text().trimmed(), m_token->text()); });

    auto *database = new QGroupBox(tr("Bundled daemon's database", "settings group"), this);
    auto *databaseForm = new QFormLayout(database);
    m_database = new QLineEdit(database);
    m_database->setObjectName(QStringLiteral("settingsDatabaseEdit"));
    m_database->setAccessibleName(tr("Database connection string", "accessible name"));
    auto *applyDatabase = new QPushButton(tr("&Apply on next daemon start", "settings button"), database);
    applyDatabase->setObjectName(QStringLiteral("applyDatabaseButton"));
    databaseForm->addRow(tr("&Database:", "settings label"), m_database);
    databaseForm->addRow(applyDatabase);
    if (daemon) {
        const QStringList arguments = daemon->arguments();
        const qsizetype at = arguments.indexOf(QStringLiteral("--database"));
        if (at >= 0 && at + 1 < arguments.size())
            m_database->setText(arguments[at + 1]);
    } else {
        database->setEnabled(false);
    }
    connect(applyDatabase, &QPushButton::clicked, this, [this] {
        if (!m_daemon)
            return;
        QStringList arguments = m_daemon->arguments();
        const qsizetype at = arguments.indexOf(QStringLiteral("--database"));
        if (at >= 0 && at + 1 < arguments.size())
            arguments[at + 1] = m_database->text().trimmed();
        else
            arguments << QStringLiteral("--database") << m_database->text().trimmed();
        m_daemon->configure(m_daemon->program(), arguments, m_daemon->baseUrl());
        showMessage(tr("The bundled daemon uses the new database from its next start.", "settings"), false);
    });
    layout->addWidget(database);

    auto *upstreams = new QGroupBox(tr("Upstreams", "settings group"), this);
    auto *upstreamLayout = new QVBoxLayout(upstreams);
    m_upstreams = new QTableWidget(0, 3, upstreams);
    m_upstreams->setObjectName(QStringLiteral("upstreamTable"));
    m_upstreams->setAccessibleName(tr("Upstreams", "accessible name"));
    m_upstreams->setHorizontalHeaderLabels({tr("ID", "upstream table header"),
                                            tr("Base URL", "upstream table header"),
                                            tr("Dedicated tenant", "upstream table header")});
    m_upstreams->horizontalHeader()->setStretchLastSection(true);
    m_upstreams->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_upstreams->setSelectionBehavior(QAbstractItemView::SelectRows);
    upstreamLayout->addWidget(m_upstreams);
    auto *addRow = new QHBoxLayout;
    m_upstreamId = new QLineEdit(upstreams);
    m_upstreamId->setObjectName(QStringLiteral("upstreamIdEdit"));
    m_upstreamId->setPlaceholderText(tr("id", "upstream placeholder"));
    m_upstreamId->setAccessibleName(tr("Upstream id", "accessible name"));
    m_upstreamUrl = new QLineEdit(upstreams);
    m_upstreamUrl->setObjectName(QStringLiteral("upstreamUrlEdit"));
    m_upstreamUrl->setPlaceholderText(tr("https://host/v1", "upstream placeholder"));
    m_upstreamUrl->setAccessibleName(tr("Upstream base URL", "accessible name"));
    m_upstreamTenant = new QLineEdit(upstreams);
    m_upstreamTenant->setObjectName(QStringLiteral("upstreamTenantEdit"));
    m_upstreamTenant->setPlaceholderText(tr("dedicated tenant (optional)", "upstream placeholder"));
    m_upstreamTenant->setAccessibleName(tr("Dedicated tenant", "accessible name"));
    auto *add = new QPushButton(tr("Add &upstream", "settings button"), upstreams);
    add->setObjectName(QStringLiteral("addUpstreamButton"));
    auto *remove = new QPushButton(tr("&Remove", "settings button"), upstreams);
    remove->setObjectName(QStringLiteral("removeUpstreamButton"));
    for (QWidget *w : {static_cast<QWidget *>(m_upstreamId), static_cast<QWidget *>(m_upstreamUrl),
                       static_cast<QWidget *>(m_upstreamTenant), static_cast<QWidget *>(add),
                       static_cast<QWidget *>(remove)})
        addRow->addWidget(w);
    upstreamLayout->addLayout(addRow);
    layout->addWidget(upstreams, 1);
    connect(add, &QPushButton::clicked, this, [this] {
        addUpstream(m_upstreamId->text().trimmed(), m_upstreamUrl->text().trimmed(),
                    m_upstreamTenant->text().trimmed());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_upstreams->currentRow();
        if (row < 0)
            return;
        const QString id = m_upstreams->item(row, 0)->text();
        if (!Prompts::current().confirm(this, tr("Remove upstream", "dialog title"),
                                        tr("Remove the upstream %1? Tenants routed to it fail "
                                           "closed until they get another.", "confirmation").arg(id)))
            return;
        this->session()->admin()->call("DELETE", QStringLiteral("/admin/v1/upstreams/") + id, {}, {}, this,
                                       [this](const models::AdminResult &r) {
                                           if (!r.ok())
                                               showMessage(models::describeAdminError(r.error), true);
                                           loadUpstreams();
                                       });
    });

    auto *language = new QGroupBox(tr("Language", "settings group"), this);
    auto *languageForm = new QFormLayout(language);
    m_language = new QComboBox(language);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->setAccessibleName(tr("Language", "accessible name"));
    for (const QString &code : Language::available())
        m_language->addItem(Language::nativeName(code), code);
    m_language->setCurrentIndex(qMax(0, m_language->findData(Language::current())));
    languageForm->addRow(tr("&Language:", "settings label"), m_language);
    // Queued: applying the language rebuilds this view.
    connect(m_language, &QComboBox::activated, this, [this](int index) {
        const QString code = m_language->itemData(index).toString();
        QMetaObject::invokeMethod(QCoreApplication::instance(), [code] { Language::apply(code); }, Qt::QueuedConnection);
    });
    layout->addWidget(language);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("settingsMessageLabel"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
}

QString SettingsView::title() const
{
    return tr("&Settings", "navigation entry");
}

void SettingsView::activate()
{
    loadUpstreams();
}

void SettingsView::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #a4161a;") : QString());
}

void SettingsView::saveConnection(const QString &url, const QString &token)
{
    if (url.isEmpty()) {
        QSettings().remove(ConsoleStartup::daemonUrlSetting());
        showMessage(tr("The console uses the embedded platform from its next start.", "settings"), false);
        Q_EMIT connectionSaved(true);
        return;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != QLatin1StringView("http") &&
                              parsed.scheme() != QLatin1StringView("https")) || parsed.host().isEmpty()) {
        showMessage(tr("The admin URL must be an http or https URL with a host.", "settings error"), true);
        Q_EMIT connectionSaved(false);
        return;
    }
    if (token.isEmpty()) {
        showMessage(tr("Enter the admin token for this daemon.", "settings error"), true);
        Q_EMIT connectionSaved(false);
        return;
    }
    m_secrets->write(SecretStore::adminTokenKey(url), token, [this, url, token](const QString &error) {
        if (!error.isEmpty()) {
            showMessage(tr("The OS keychain is unavailable (%1). The token was not saved anywhere.",
                           "settings error").arg(error), true);
            Q_EMIT connectionSaved(false);
            return;
        }
        QSettings().setValue(ConsoleStartup::daemonUrlSetting(), url);
        m_token->clear();
        session()->connectTo(QUrl(url), token);
        showMessage(tr("Saved: the token is in the OS keychain.", "settings"), false);
        Q_EMIT connectionSaved(true);
    });
}

void SettingsView::addUpstream(const QString &id, const QString &baseUrl, const QString &dedicatedTenant)
{
    QJsonObject body{{QStringLiteral("id"), id}, {QStringLiteral("base_url"), baseUrl}};
    if (!dedicatedTenant.isEmpty())
        body.insert(QStringLiteral("dedicated_tenant"), dedicatedTenant);
    session()->admin()->post(QStringLiteral("/admin/v1/upstreams"), body, this,
                             [this](const models::AdminResult &r) {
                                 if (!r.ok()) {
                                     showMessage(models::AdminClient::describeFailure(r), true);
                                     Q_EMIT upstreamAdded(false);
                                     return;
                                 }
                                 Q_EMIT upstreamAdded(true);
                                 m_upstreamId->clear();
                                 m_upstreamUrl->clear();
                                 m_upstreamTenant->clear();
                                 showMessage(tr("Upstream added.", "settings"), false);
                                 loadUpstreams();
                             });
}

void SettingsView::loadUpstreams()
{
    if (!session()->isPlatformAdmin())
        return;
    session()->admin()->get(QStringLiteral("/admin/v1/upstreams"), {}, this,
                            [this](const models::AdminResult &r) {
                                if (!r.ok())
                                    return;
                                const QJsonArray list = r.body.value(QStringLiteral("upstreams")).toArray();
                                m_upstreams->setRowCount(int(list.size()));
                                for (int row = 0; row < list.size(); ++row) {
                                    const QJsonObject u = list[row].toObject();
                                    m_upstreams->setItem(row, 0, new QTableWidgetItem(u.value(QStringLiteral("id")).toString()));
                                    m_upstreams->setItem(row, 1, new QTableWidgetItem(u.value(QStringLiteral("base_url")).toString()));
                                    m_upstreams->setItem(row, 2, new QTableWidgetItem(u.value(QStringLiteral("dedicated_tenant")).toString()));
                                }
                                Q_EMIT upstreamsLoaded(int(list.size()));
                            });
}

} // namespace bulkhead::ui
