#include "ui/DaemonView.h"

#include "ui/DaemonController.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead::ui {

DaemonView::DaemonView(models::ConsoleSession *session, DaemonController *daemon, QWidget *parent)
    : ConsoleView(session, parent), m_daemon(daemon)
{
    setObjectName(QStringLiteral("daemonPage"));
    auto *layout = new QVBoxLayout(this);
    if (!daemon) {
        auto *note = new QLabel(tr("This console manages no daemon of its own: it is connected to "
                                   "a daemon started elsewhere.", "daemon view"), this);
        note->setObjectName(QStringLiteral("daemonUnmanagedLabel"));
        note->setWordWrap(true);
        layout->addWidget(note);
        layout->addStretch();
        return;
    }

    auto *status = new QGroupBox(tr("Bundled daemon", "daemon view group"), this);
    auto *form = new QFormLayout(status);
    m_state = new QLabel(status);
    m_state->setObjectName(QStringLiteral("daemonStateLabel"));
    m_health = new QLabel(status);
    m_health->setObjectName(QStringLiteral("daemonHealthLabel"));
    form->addRow(tr("State:", "daemon view"), m_state);
    form->addRow(tr("Health:", "daemon view"), m_health);
    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("&Start", "daemon view button"), status);
    m_start->setObjectName(QStringLiteral("startDaemonButton"));
    m_stop = new QPushButton(tr("St&op", "daemon view button"), status);
    m_stop->setObjectName(QStringLiteral("stopDaemonButton"));
    m_restart = new QPushButton(tr("&Restart", "daemon view button"), status);
    m_restart->setObjectName(QStringLiteral("restartDaemonButton"));
    for (auto *button : {m_start, m_stop, m_restart})
        buttons->addWidget(button);
    buttons->addStretch();
    form->addRow(buttons);
    layout->addWidget(status);

    auto *configBox = new QGroupBox(tr("Configuration", "daemon view group"), this);
    auto *configLayout = new QVBoxLayout(configBox);
    m_config = new QPlainTextEdit(configBox);
    m_config->setObjectName(QStringLiteral("daemonConfigText"));
    m_config->setAccessibleName(tr("Daemon configuration", "accessible name"));
    m_config->setReadOnly(true);
    m_config->setMaximumHeight(90);
    QString text = daemon->program();
    for (const QString &argument : daemon->arguments())
        text += (argument.startsWith(QLatin1String("--")) ? QStringLiteral("\n  ") : QStringLiteral(" ")) + argument;
    m_config->setPlainText(text);
    configLayout->addWidget(m_config);
    layout->addWidget(configBox);

    auto *logBox = new QGroupBox(tr("Live log", "daemon view group"), this);
    auto *logLayout = new QVBoxLayout(logBox);
    m_log = new QPlainTextEdit(logBox);
    m_log->setObjectName(QStringLiteral("daemonLogText"));
    m_log->setAccessibleName(tr("Daemon log", "accessible name"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFont(QStringLiteral("monospace")));
    m_log->setPlainText(daemon->logLines().join(QLatin1Char('\n')));
    logLayout->addWidget(m_log);
    layout->addWidget(logBox, 1);

    connect(m_start, &QPushButton::clicked, daemon, &DaemonController::start);
    connect(m_stop, &QPushButton::clicked, daemon, &DaemonController::stop);
    connect(m_restart, &QPushButton::clicked, daemon, &DaemonController::restart);
    connect(daemon, &DaemonController::stateChanged, this, &DaemonView::showState);
    connect(daemon, &DaemonController::healthChanged, this, &DaemonView::showState);
    connect(daemon, &DaemonController::logLine, m_log, &QPlainTextEdit::appendPlainText);
    connect(daemon, &DaemonController::failed, m_log, [this](const QString &reason) {
        m_log->appendPlainText(QStringLiteral("** ") + reason);
    });
    showState();
}

void DaemonView::showState()
{
    if (!m_daemon)
        return;
    using State = DaemonController::State;
    const State state = m_daemon->state();
    switch (state) {
    case State::Stopped: m_state->setText(tr("Stopped", "daemon state")); break;
    case State::Starting: m_state->setText(tr("Starting", "daemon state")); break;
    case State::Running:
        m_state->setText(tr("Running (pid %1)", "daemon state").arg(m_daemon->pid()));
        break;
    case State::Stopping: m_state->setText(tr("Stopping", "daemon state")); break;
    }
    if (state == State::Stopped)
        m_health->setText(tr("not running", "daemon health"));
    else if (m_daemon->ready())
        m_health->setText(tr("healthy and ready", "daemon health"));
    else if (m_daemon->healthy())
        m_health->setText(tr("healthy, not ready (policy or database unavailable)", "daemon health"));
    else
        m_health->setText(tr("not answering", "daemon health"));
    m_start->setEnabled(state == State::Stopped);
    m_stop->setEnabled(state == State::Running || state == State::Starting);
    m_restart->setEnabled(state == State::Running || state == State::Stopped);
}

QString DaemonView::title() const
{
    return tr("&Daemon", "navigation entry");
}

} // namespace bulkhead::ui
