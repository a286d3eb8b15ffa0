#include "ui/ConsoleStartup.h"

#include "models/ConsoleSession.h"
#include "ui/DaemonController.h"
#include "ui/EmbeddedPlatform.h"
#include "ui/SecretStore.h"

#include <QCoreApplication>
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
    m_platform = std::make_unique<EmbeddedPlatform>(embeddedFolder());
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
    const QStringList arguments{
        QStringLiteral("--listen"), QUrl(adminUrl).authority(),
        QStringLiteral("--database"), m_platform->summary().value(QStringLiteral("database")).toString(),
        QStringLiteral("--upstream-url"), upstreamUrl,
        QStringLiteral("--audit-key-file"), folder + QStringLiteral("/audit.key")};
    m_daemon->configure(QCoreApplication::applicationDirPath() + QStringLiteral("/bulkheadd"), arguments,
                        QUrl(adminUrl));
    if (const qint64 pid = m_platform->componentPid(QStringLiteral("bulkheadd")))
        m_daemon->adopt(pid, folder + QStringLiteral("/bulkheadd.log"));

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
