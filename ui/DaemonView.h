#pragma once

#include "ui/ConsoleView.h"

#include <QPointer>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace bulkhead::ui {

class DaemonController;

// Start, stop and restart the bundled daemon, its live log, health and configuration. Without a
// bundled daemon (connected to a remote one) it says so and offers nothing to press.
class DaemonView final : public ConsoleView
{
    Q_OBJECT

public:
    DaemonView(models::ConsoleSession *session, DaemonController *daemon, QWidget *parent);

    QString title() const override;

private:
    void showState();

    QPointer<DaemonController> m_daemon;
    QLabel *m_state = nullptr;
    QLabel *m_health = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_restart = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPlainTextEdit *m_config = nullptr;
};

} // namespace bulkhead::ui
