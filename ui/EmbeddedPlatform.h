#pragma once

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>

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
    QProcess m_process;
    QByteArray m_stderr;
    QString m_errors;  // stderr lines that are not progress: the reason when it fails
    bool m_started = false;
    QJsonObject m_summary;
};

} // namespace bulkhead::ui
