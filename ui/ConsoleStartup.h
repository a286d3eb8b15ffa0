#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace bulkhead::models {
class ConsoleSession;
}

namespace bulkhead::ui {

class DaemonController;
class EmbeddedPlatform;
class SecretStore;

// How the console finds its daemon. A configured daemon URL (settings or --url) connects with
// the admin token from the OS keychain. Otherwise, on the embedded default, it starts the private
// platform (PostgreSQL cluster, the reference upstream — a simulator — and bulkheadd with the demo
// tenants), keeps the admin token in the keychain and hands bulkheadd to the DaemonController.
// When the keychain cannot be used it says so and does not connect: no silent plaintext
// fallback. Only for the embedded platform, and only when the user agrees (asked through
// Prompts, remembered in the settings), the platform keeps its master key in a file
// (bulkheadd --key-provider file) and its admin token in demo.json, both private to the user
// in the platform folder.
class ConsoleStartup final : public QObject
{
    Q_OBJECT

public:
    ConsoleStartup(models::ConsoleSession *session, DaemonController *daemon,
                   QObject *parent = nullptr);
    ~ConsoleStartup() override;

    void begin(const QString &urlOverride, bool noEmbedded);
    // Stops what begin() started (blocks up to 30 s): called once, on quit.
    void shutdown();

    // Where the embedded platform lives: $BULKHEAD_CONSOLE_DIR/platform if set, else the user's
    // data folder, or /var/lib for root (the cluster runs as an unprivileged account that
    // cannot enter root's home).
    static QString embeddedFolder();
    // Settings key of the configured daemon's admin URL (empty: embedded default).
    static QString daemonUrlSetting();
    // Settings key of the embedded platform's key provider: "file" once the user chose key
    // files on a machine without a keychain; absent: the OS keychain.
    static QString embeddedKeyProviderSetting();
    // The master key file of the embedded platform when it uses key files.
    static QString embeddedKeyFile();

    // The embedded platform while it is started or running (null otherwise).
    EmbeddedPlatform *embeddedPlatform() const { return m_platform.get(); }

Q_SIGNALS:
    // A translated sentence for the status bar.
    void status(const QString &text);
    // The keychain refused: the console does not connect (no plaintext fallback).
    void keychainUnavailable(const QString &reason);
    // On the embedded default without a keychain: key files were offered (or remembered) and
    // accepted, or declined (then nothing is started).
    void keyFilesChosen(bool accepted);

private:
    void connectRemote(const QString &url);
    void startEmbedded();
    void offerKeyFiles(const QString &keychainError);
    void launchEmbedded(bool keyFiles);
    bool usesKeyFiles() const;
    void onEmbeddedReady(const QString &adminUrl, const QString &token, const QString &upstreamUrl);
    void connectEmbedded(const QString &adminUrl, const QString &token);
    // The keychain refused: say so and do not connect.
    void refuseToStore(const QString &error);
    void refuseToRead(const QString &error);

    models::ConsoleSession *m_session;
    DaemonController *m_daemon;
    SecretStore *m_secrets;
    std::unique_ptr<EmbeddedPlatform> m_platform;
};

} // namespace bulkhead::ui
