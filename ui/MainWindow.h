#pragma once

#include <QMainWindow>

class QLabel;

namespace bulkhead::ui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Shown in the status bar and the overview until the daemon connection is established.
    void setDaemonStatus(const QString &status);

private:
    QLabel *m_daemonStatus = nullptr;
};

} // namespace bulkhead::ui
