#include "ui/ConsoleStartup.h"

#include "models/ConsoleSession.h"
#include "ui/DaemonController.h"
#include "ui/EmbeddedPlatform.h"
#include "ui/Prompts.h"
#include "ui/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <unistd.h>

namespace bulkhead::ui {

ConsoleStartup::ConsoleStartup(models::ConsoleSession *session, DaemonController *daemon,
                               QObject *parent)
    : QObject(parent), m_session(session), m_daemon(daemon), m_secrets(new SecretStore(this))
{
}

ConsoleStartup::~ConsoleStartup() = default;

QString ConsoleStartup::embeddedFolder()
{
    // Tests and packagers may put the platform elsewhere.
    if (const QString dir = qEnvironmentVariable("BULKHEAD_CONSOLE_DIR"); !dir.isEmpty())
        return dir + QStringLiteral("/platform");
    const QString base = ::geteuid() == 0
                             ? QStringLiteral("/var/lib/bulkhead-console")
                             : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base + QStringLiteral("/platform");
}

QString ConsoleStartup::daemonUrlSetting()
{
    return QStringLiteral("daemon/url");
}

QString ConsoleStartup::embeddedKeyProviderSetting()
{
    return QStringLiteral("embedded/keyProvider");
}

QString ConsoleStartup::embeddedKeyFile()
{
    return embeddedFolder() + QStringLiteral("/master.key");
}

bool ConsoleStartup::usesKeyFiles() const
{
    return m_platform && !m_platform->keyFile().isEmpty();
}

void ConsoleStartup::begin(const QString &urlOverride, bool noEmbedded)
{
    const QString configured =
        urlOverride.isEmpty() ? QSettings().value(daemonUrlSetting()).toString() : urlOverride;
    if (!configured.isEmpty()) {
        connectRemote(configured);
        return;
    }
    if (noEmbedded) {
        Q_EMIT status(tr("No daemon configured: set one in Settings.", "status bar"));
        return;
    }
    startEmbedded();
}

void ConsoleStartup::refuseToStore(const QString &error)
{
    Q_EMIT keychainUnavailable(error);
    Q_EMIT status(tr("The OS keychain is unavailable (%1); the admin token is not stored anywhere "
                     "else, so the console does not connect.", "status bar").arg(error));
}

void ConsoleStartup::refuseToRead(const QString &error)
{
    Q_EMIT keychainUnavailable(error);
    Q_EMIT status(tr("The OS keychain is unavailable (%1); the console cannot read the admin token "
                     "and does not connect.", "status bar").arg(error));
}

void ConsoleStartup::connectRemote(const QString &url)
{
    const QString key = SecretStore::adminTokenKey(url);
    auto connectWith = [this, url](const QString &token) {
        m_session->connectTo(QUrl(url), token);
        Q_EMIT status(tr("Daemon: %1", "status bar; %1 is the admin URL").arg(url));
    };
    if (const QString handedOver = qEnvironmentVariable("BULKHEAD_TOKEN"); !handedOver.isEmpty()) {
        // A token handed over once (scripted set-up) is kept in the keychain, not in a file.
        m_secrets->write(key, handedOver, [this, connectWith, handedOver](const QString &error) {
            if (!error.isEmpty())
                return refuseToStore(error);
            connectWith(handedOver);
        });
        return;
    }
    m_secrets->read(key, [this, url, connectWith](const QString &token, const QString &error) {
        if (!error.isEmpty())
            return refuseToRead(error);
        if (token.isEmpty()) {
            Q_EMIT status(tr("No admin token stored for %1: enter it in Settings.",
                             "status bar").arg(url));
            return;
        }
        connectWith(token);
    });
}

void ConsoleStartup::startEmbedded()
{
    if (QSettings().value(embeddedKeyProviderSetting()).toString() == QLatin1StringView("file")) {
        Q_EMIT keyFilesChosen(true);
        launchEmbedded(true);
        return;
    }
    // The keychain is asked first: without it the platform's daemon could not keep its master
    // key there, and the console could not keep the admin token.
    m_secrets->read(SecretStore::availabilityProbeKey(), [this](const QString &, const QString &error) {
        if (!error.isEmpty())
            return offerKeyFiles(error);
        launchEmbedded(false);
    });
}

void ConsoleStartup::offerKeyFiles(const QString &keychainError)
{
    Q_EMIT keychainUnavailable(keychainError);
    const QString folder = QDir::toNativeSeparators(embeddedFolder());
    const bool accepted = Prompts::current().confirm(
        nullptr, tr("No keychain available", "dialog title"),
        tr("The OS keychain (Secret Service) cannot be used: %1\n\nThe embedded demo platform can "
           "keep its master key and admin token in files instead, in %2, readable only by you. "
           "Anyone who can read your files can then read the platform's data.\n\nUse key files "
           "for the embedded platform?", "confirmation; %1 is the keychain's error, %2 a folder")
            .arg(keychainError, folder));
    Q_EMIT keyFilesChosen(accepted);
    if (!accepted) {
        Q_EMIT status(tr("The OS keychain is unavailable (%1) and key files were declined: the "
                         "embedded platform is not started.", "status bar").arg(keychainError));
        return;
    }
    QSettings().setValue(embeddedKeyProviderSetting(), QStringLiteral("file"));
    launchEmbedded(true);
}

void ConsoleStartup::launchEmbedded(bool keyFiles)
{
    m_platform = std::make_unique<EmbeddedPlatform>(embeddedFolder());
    if (keyFiles) {
        m_platform->setKeyFile(embeddedKeyFile());
        Q_EMIT status(tr("The embedded platform keeps its master key in %1 (no OS keychain).",
                         "status bar; %1 is a file").arg(QDir::toNativeSeparators(embeddedKeyFile())));
    }
    connect(m_platform.get(), &EmbeddedPlatform::progress, this, &ConsoleStartup::status);
    connect(m_platform.get(), &EmbeddedPlatform::failed, this, [this](const QString &reason) {
        Q_EMIT status(tr("The embedded platform did not start: %1", "status bar").arg(reason));
    });
    connect(m_platform.get(), &EmbeddedPlatform::ready, this, &ConsoleStartup::onEmbeddedReady);
    m_platform->start();
}

void ConsoleStartup::onEmbeddedReady(const QString &adminUrl, const QString &token,
                                     const QString &upstreamUrl)
{
    const QString folder = m_platform->directory();
    const QStringList arguments = QStringList{
        QStringLiteral("--listen"), QUrl(adminUrl).authority(),
        QStringLiteral("--database"), m_platform->summary().value(QStringLiteral("database")).toString(),
        QStringLiteral("--database-owner"),
        m_platform->summary().value(QStringLiteral("database_owner")).toString(),
        QStringLiteral("--upstream-url"), upstreamUrl,
        QStringLiteral("--audit-key-file"), folder + QStringLiteral("/audit.key")}
        + m_platform->daemonKeyArguments();
    m_daemon->configure(QCoreApplication::applicationDirPath() + QStringLiteral("/bulkheadd"), arguments,
                        QUrl(adminUrl));
    if (const qint64 pid = m_platform->componentPid(QStringLiteral("bulkheadd")))
        m_daemon->adopt(pid, folder + QStringLiteral("/bulkheadd.log"));

    if (usesKeyFiles()) {
        // The user chose files over a keychain: the token stays in the private demo.json.
        if (token.isEmpty()) {
            Q_EMIT status(tr("The embedded platform's admin token is not in %1; stop the platform "
                             "(bulkheadctl demo down --dir %2) to start afresh.",
                             "status bar; %1 is a file, %2 a folder")
                              .arg(QDir::toNativeSeparators(folder + QStringLiteral("/demo.json")),
                                   QDir::toNativeSeparators(folder)));
            return;
        }
        connectEmbedded(adminUrl, token);
        return;
    }
    const QString key = SecretStore::adminTokenKey(adminUrl);
    if (token.isEmpty()) {
        // A platform this console started before: its token is in the keychain.
        m_secrets->read(key, [this, adminUrl, folder](const QString &secret, const QString &error) {
            if (!error.isEmpty())
                return refuseToRead(error);
            if (secret.isEmpty()) {
                Q_EMIT status(tr("The embedded platform's admin token is not in the keychain; stop the "
                                 "platform (bulkheadctl demo down --dir %1) to start afresh.",
                                 "status bar; %1 is a folder").arg(folder));
                return;
            }
            connectEmbedded(adminUrl, secret);
        });
        return;
    }
    m_secrets->write(key, token, [this, adminUrl, token](const QString &error) {
        if (!error.isEmpty())
            return refuseToStore(error);
        // In the keychain now: no copy stays in the platform's folder.
        if (!m_platform->forgetAdminToken())
            Q_EMIT status(tr("The admin token is in the keychain, but its copy in the platform "
                             "folder could not be removed.", "status bar"));
        connectEmbedded(adminUrl, token);
    });
}

void ConsoleStartup::connectEmbedded(const QString &adminUrl, const QString &token)
{
    m_session->connectTo(QUrl(adminUrl), token);
    Q_EMIT status(tr("Embedded platform at %1 (upstream: bulkhead-refmodel, a simulator)",
                     "status bar; %1 is the admin URL").arg(adminUrl));
}

void ConsoleStartup::shutdown()
{
    if (m_platform)
        m_platform->stop();
}

} // namespace bulkhead::ui
