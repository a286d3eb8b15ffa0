#include "ui/DaemonController.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <csignal>
#include <sys/types.h>

namespace bulkhead::ui {

namespace {
constexpr int kMaxLogLines = 5000;
constexpr int kStopGraceMs = 10000;
}

DaemonController::DaemonController(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { appendLog(m_process.readAllStandardOutput()); });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            setState(State::Stopped);
            Q_EMIT failed(tr("bulkheadd could not be started: %1", "daemon error; %1 is the reason")
                              .arg(m_process.errorString()));
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        m_stopTimer.stop();
        const bool expected = m_state == State::Stopping;
        setState(State::Stopped);
        if (!expected)
            Q_EMIT failed(status == QProcess::CrashExit
                              ? tr("bulkheadd crashed", "daemon error")
                              : tr("bulkheadd exited with code %1", "daemon error").arg(exitCode));
        if (m_restartPending) {
            m_restartPending = false;
            start();
        }
    });
    m_healthTimer.setInterval(1000);
    connect(&m_healthTimer, &QTimer::timeout, this, &DaemonController::pollHealth);
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, [this] {
        if (m_process.state() != QProcess::NotRunning)
            m_process.kill();
        else if (m_adoptedPid > 0)
            ::kill(pid_t(m_adoptedPid), SIGKILL);
    });
}

DaemonController::~DaemonController()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_state = State::Stopping;
        m_process.terminate();
        if (!m_process.waitForFinished(kStopGraceMs))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

void DaemonController::configure(const QString &program, const QStringList &arguments,
                                 const QUrl &baseUrl)
{
    m_program = program;
    m_arguments = arguments;
    m_baseUrl = baseUrl;
}

void DaemonController::adopt(qint64 pid, const QString &logFile)
{
    m_adoptedPid = pid;
    m_adoptedLog = logFile;
    m_adoptedLogOffset = 0;
    pollAdoptedLog();
    setState(adoptedAlive() ? State::Running : State::Stopped);
    m_healthTimer.start();
    pollHealth();
}

qint64 DaemonController::pid() const
{
    if (m_process.state() != QProcess::NotRunning)
        return m_process.processId();
    return adoptedAlive() ? m_adoptedPid : 0;
}

bool DaemonController::adoptedAlive() const
{
    return m_adoptedPid > 0 && ::kill(pid_t(m_adoptedPid), 0) == 0;
}

void DaemonController::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    if (state == State::Stopped && (m_healthy || m_ready)) {
        m_healthy = m_ready = false;
        Q_EMIT healthChanged(false, false);
    }
    Q_EMIT stateChanged(state);
}

void DaemonController::appendLog(const QByteArray &bytes)
{
    m_partialLine += bytes;
    qsizetype newline;
    while ((newline = m_partialLine.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_partialLine.left(newline));
        m_partialLine.remove(0, newline + 1);
        m_log << line;
        if (m_log.size() > kMaxLogLines)
            m_log.removeFirst();
        Q_EMIT logLine(line);
    }
}

void DaemonController::start()
{
    if (m_state == State::Starting || m_state == State::Running)
        return;
    if (m_program.isEmpty()) {
        Q_EMIT failed(tr("No daemon is configured to start.", "daemon error"));
        return;
    }
    m_adoptedPid = 0;
    m_partialLine.clear();
    setState(State::Starting);
    m_process.start(m_program, m_arguments);
    m_healthTimer.start();
}

void DaemonController::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        setState(State::Stopping);
        m_process.terminate();
        m_stopTimer.start(kStopGraceMs);
        return;
    }
    if (adoptedAlive()) {
        setState(State::Stopping);
        ::kill(pid_t(m_adoptedPid), SIGTERM);
        m_stopTimer.start(kStopGraceMs);
        return;  // pollHealth notices the exit
    }
    setState(State::Stopped);
}

void DaemonController::restart()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_restartPending = true;
        stop();
        return;
    }
    if (adoptedAlive()) {
        m_restartPending = true;
        stop();
        return;
    }
    start();
}

void DaemonController::pollAdoptedLog()
{
    if (m_adoptedLog.isEmpty())
        return;
    QFile file(m_adoptedLog);
    if (!file.open(QIODevice::ReadOnly))
        return;
    if (file.size() < m_adoptedLogOffset)
        m_adoptedLogOffset = 0;  // rotated or truncated
    file.seek(m_adoptedLogOffset);
    const QByteArray bytes = file.readAll();
    m_adoptedLogOffset += bytes.size();
    appendLog(bytes);
}

void DaemonController::pollHealth()
{
    if (m_adoptedPid > 0) {
        pollAdoptedLog();
        if (!adoptedAlive() && m_process.state() == QProcess::NotRunning) {
            m_stopTimer.stop();
            m_adoptedPid = 0;
            const bool expected = m_state == State::Stopping;
            setState(State::Stopped);
            if (!expected)
                Q_EMIT failed(tr("bulkheadd exited", "daemon error"));
            if (m_restartPending) {
                m_restartPending = false;
                start();
            }
            return;
        }
    }
    if (m_state == State::Stopped || !m_baseUrl.isValid())
        return;
    for (const char *path : {"/healthz", "/readyz"}) {
        QUrl url = m_baseUrl;
        url.setPath(QString::fromLatin1(path));
        QNetworkRequest request(url);
        request.setTransferTimeout(2000);
        QNetworkReply *reply = m_network->get(request);
        const bool isReady = std::string_view(path) == "/readyz";
        connect(reply, &QNetworkReply::finished, this, [this, reply, isReady] {
            reply->deleteLater();
            const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
            if (m_state == State::Stopped || m_state == State::Stopping)
                return;
            bool healthy = m_healthy, ready = m_ready;
            (isReady ? ready : healthy) = ok;
            if (!isReady && ok && m_state == State::Starting)
                setState(State::Running);
            if (healthy != m_healthy || ready != m_ready) {
                m_healthy = healthy;
                m_ready = ready;
                Q_EMIT healthChanged(healthy, ready);
            }
        });
    }
}

} // namespace bulkhead::ui
