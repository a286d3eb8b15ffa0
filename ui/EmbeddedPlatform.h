#pragma once

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace bulkhead::ui {

// The console's embedded default: a private platform in the user's data folder, started with
// `bulkheadctl demo up` (a private PostgreSQL cluster, the reference upstream — a simulator —
// and bulkheadd, demo tenants loaded) and stopped with `demo down` when the console quits.
// A platform already running in the folder is reused.
class EmbeddedPlatform final : public QObject
{
    Q_OBJECT

public:
    explicit EmbeddedPlatform(QString directory, QObject *parent = nullptr);
    ~EmbeddedPlatform() override;

    // Before start(): keep the daemon's master key in this file (bulkheadd --key-provider file
    // --key-file PATH) instead of the OS keychain. Empty: the keychain (the default).
    void setKeyFile(const QString &path) { m_keyFile = path; }
    QString keyFile() const { return m_keyFile; }
    // What `bulkheadctl` is started with.
    QStringList upArguments() const;
    // The key-provider options bulkheadd itself needs (for a restart by the DaemonController).
    QStringList daemonKeyArguments() const;

    void start();
    // Blocks up to 30 s: called once, on quit.
    void stop();

    QString directory() const { return m_directory; }
    // demo.json as read when ready() was emitted (addresses, database, tenants' keys).
    QJsonObject summary() const { return m_summary; }
    // Removes the admin token from demo.json and deletes the daemon's admin.token hand-over file,
    // once the token is in the keychain; false if either could not be done.
    bool forgetAdminToken();
    // The pid `demo up` recorded for a component ("bulkheadd"), or 0.
    qint64 componentPid(const QString &name) const;

Q_SIGNALS:
    void progress(const QString &step);
    // `adminToken` is empty when an earlier console run already moved it into the keychain.
    void ready(const QString &adminUrl, const QString &adminToken, const QString &upstreamUrl);
    void failed(const QString &reason);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    bool readSummary();
    QString bulkheadctl() const;

    QString m_directory;
    QString m_keyFile;
    QProcess m_process;
    QByteArray m_stderr;
    QString m_errors;  // stderr lines that are not progress: the reason when it fails
    bool m_started = false;
    QJsonObject m_summary;
};

} // namespace bulkhead::ui
