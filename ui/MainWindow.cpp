#include "ui/MainWindow.h"

#include "models/ConsoleSession.h"
#include "ui/DaemonController.h"
#include "ui/DaemonView.h"
#include "ui/EvidenceView.h"
#include "ui/KeysView.h"
#include "ui/Language.h"
#include "ui/LogsView.h"
#include "ui/MatrixView.h"
#include "ui/OverviewView.h"
#include "ui/ProbesView.h"
#include "ui/SettingsView.h"
#include "ui/TenantsView.h"
#include "ui/TiersView.h"

#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace bulkhead::ui {

MainWindow::MainWindow(models::ConsoleSession *session, DaemonController *daemon, QWidget *parent)
    : QMainWindow(parent), m_session(session), m_daemon(daemon)
{
    setObjectName(QStringLiteral("mainWindow"));
    auto *splitter = new QSplitter(this);
    m_navigation = new QListWidget(splitter);
    m_navigation->setObjectName(QStringLiteral("viewList"));
    m_navigation->setMaximumWidth(240);
    m_navigation->setMinimumWidth(170);
    m_navigation->setSpacing(3);
    m_navigation->setUniformItemSizes(true);
    m_stack = new QStackedWidget(splitter);
    m_stack->setObjectName(QStringLiteral("viewStack"));
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_stack->count())
            return;
        m_stack->setCurrentIndex(row);
        if (auto *view = qobject_cast<ConsoleView *>(m_stack->widget(row)))
            view->activate();
    });

    // Ctrl+1 ... Ctrl+9, Ctrl+0: the first ten views.
    for (int i = 0; i < 10; ++i) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + (i + 1) % 10)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] {
            if (i < m_navigation->count())
                m_navigation->setCurrentRow(i);
        });
    }

    m_daemonStatus = new QLabel(this);
    m_daemonStatus->setObjectName(QStringLiteral("daemonStatusLabel"));
    statusBar()->addPermanentWidget(m_daemonStatus);
    connect(m_session, &models::ConsoleSession::failed, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });

    buildMenus();
    buildViews();
    resize(1280, 800);
}

void MainWindow::buildMenus()
{
    menuBar()->clear();
    m_navigation->setAccessibleName(tr("Views", "accessible name of the navigation list"));
    setWindowTitle(tr("Bulkhead", "application name in the window title"));
    auto *file = menuBar()->addMenu(tr("&File", "menu"));
    auto *refresh = file->addAction(tr("&Refresh", "menu action"), m_session,
                                    &models::ConsoleSession::refresh);
    refresh->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit", "menu action"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    auto *languages = menuBar()->addMenu(tr("&Language", "menu"));
    languages->setObjectName(QStringLiteral("languageMenu"));
    auto *group = new QActionGroup(languages);
    for (const QString &code : Language::available()) {
        QAction *action = languages->addAction(Language::nativeName(code));
        action->setObjectName(QStringLiteral("language_") + code);
        action->setCheckable(true);
        action->setChecked(code == Language::current());
        group->addAction(action);
        // Queued: the menu that emitted this is rebuilt by the language change.
        connect(action, &QAction::triggered, this,
                [code] { Language::apply(code); }, Qt::QueuedConnection);
    }
    if (m_daemonStatus && m_statusText.isEmpty())
        m_daemonStatus->setText(tr("Daemon: not connected", "status bar"));
}

void MainWindow::buildViews()
{
    const int current = qMax(0, m_navigation->currentRow());
    const QSignalBlocker blocker(m_navigation);
    m_navigation->clear();
    while (m_stack->count() > 0) {
        QWidget *page = m_stack->widget(0);
        m_stack->removeWidget(page);
        page->deleteLater();
    }
    const QList<ConsoleView *> pages{
        new OverviewView(m_session, m_stack),
        new TenantsView(m_session, m_stack),
        new MatrixView(m_session, m_stack),
        new TiersView(m_session, m_stack),
        new ProbesView(m_session, m_stack),
        new LogsView(m_session, m_stack),
        new KeysView(m_session, m_stack),
        new EvidenceView(m_session, m_stack),
        new DaemonView(m_session, m_daemon, m_stack),
        new SettingsView(m_session, m_daemon, m_stack),
    };
    for (ConsoleView *page : pages) {
        m_stack->addWidget(page);
        auto *item = new QListWidgetItem(QString(page->title()).remove(QLatin1Char('&')), m_navigation);
        item->setData(Qt::UserRole, page->objectName());
    }
    m_navigation->setCurrentRow(current);
    m_stack->setCurrentIndex(current);
}

models::TenantTableModel *MainWindow::tenantModel() const
{
    return m_session->tenants();
}

QList<ConsoleView *> MainWindow::views() const
{
    QList<ConsoleView *> out;
    for (int i = 0; i < m_stack->count(); ++i)
        out << qobject_cast<ConsoleView *>(m_stack->widget(i));
    return out;
}

ConsoleView *MainWindow::showView(const QString &objectName)
{
    for (int i = 0; i < m_stack->count(); ++i) {
        if (m_stack->widget(i)->objectName() == objectName) {
            m_navigation->setCurrentRow(i);
            return qobject_cast<ConsoleView *>(m_stack->widget(i));
        }
    }
    return nullptr;
}

void MainWindow::setDaemonStatus(const QString &status)
{
    m_statusText = status;
    m_daemonStatus->setText(status);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        buildMenus();
        buildViews();
    }
    QMainWindow::changeEvent(event);
}

} // namespace bulkhead::ui
