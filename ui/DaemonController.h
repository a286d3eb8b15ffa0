#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace bulkhead::ui {

// The bundled bulkheadd: started, stopped and restarted as a child process (QProcess), its
// output as a live log, its health from /healthz and /readyz. It can also adopt the daemon the
// embedded platform started (by pid and log file) so the console can stop and restart that one.
class DaemonController final : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit DaemonController(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~DaemonController() override;

    // What `start()` runs. The arguments hold paths and addresses, never secrets.
    void configure(const QString &program, const QStringList &arguments, const QUrl &baseUrl);
    // A daemon already running as `pid`, writing to `logFile`, listening at `baseUrl`.
    void adopt(qint64 pid, const QString &logFile);

    State state() const { return m_state; }
    QString program() const { return m_program; }
    QStringList arguments() const { return m_arguments; }
    QUrl baseUrl() const { return m_baseUrl; }
    qint64 pid() const;
    bool healthy() const { return m_healthy; }
    bool ready() const { return m_ready; }
    QStringList logLines() const { return m_log; }

public Q_SLOTS:
    void start();
    // SIGTERM, then SIGKILL after 10 s.
    void stop();
    void restart();

Q_SIGNALS:
    void stateChanged(bulkhead::ui::DaemonController::State state);
    void healthChanged(bool healthy, bool ready);
    void logLine(const QString &line);
    // A translated sentence: why the last start or stop failed.
    void failed(const QString &reason);

private:
    void setState(State state);
    void appendLog(const QByteArray &bytes);
    void pollHealth();
    void pollAdoptedLog();
    bool adoptedAlive() const;

    QNetworkAccessManager *m_network;
    QProcess m_process;
    QString m_program;
    QStringList m_arguments;
    QUrl m_baseUrl;
    State m_state = State::Stopped;
    bool m_healthy = false;
    bool m_ready = false;
    bool m_restartPending = false;
    qint64 m_adoptedPid = 0;
    QString m_adoptedLog;
    qint64 m_adoptedLogOffset = 0;
    QByteArray m_partialLine;
    QStringList m_log;
    QTimer m_healthTimer;
    QTimer m_stopTimer;
};

} // namespace bulkhead::ui
