#include "MainWindow.h"

#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bulkhead::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Bulkhead", "application name in the window title"));
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("viewTabs"));

    auto *overview = new QWidget(tabs);
    overview->setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(overview);
    auto *headline = new QLabel(
        tr("Tenant isolation for shared LLM infrastructure", "overview headline"), overview);
    headline->setObjectName(QStringLiteral("overviewHeadline"));
    layout->addWidget(headline);
    layout->addStretch();
    tabs->addTab(overview, tr("Overview", "tab title"));
    setCentralWidget(tabs);

    m_daemonStatus = new QLabel(tr("Daemon: not connected", "status bar"), this);
    m_daemonStatus->setObjectName(QStringLiteral("daemonStatusLabel"));
    statusBar()->addPermanentWidget(m_daemonStatus);
    resize(1100, 720);
}

void MainWindow::setDaemonStatus(const QString &status)
{
    m_daemonStatus->setText(status);
}

} // namespace bulkhead::ui
