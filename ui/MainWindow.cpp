#include "ui/MainWindow.h"

#include "models/ConsoleSession.h"
#include "ui/AboutDialog.h"
#include "ui/ConsoleIcons.h"
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
#include <QToolBar>

namespace bulkhead::ui {

namespace {

// Each view's icon (resources/icons/actions) and the style's stand-in, by page objectName.
struct ViewIcon {
    const char *page;
    const char *icon;
    QStyle::StandardPixmap fallback;
};
constexpr ViewIcon kViewIcons[] = {
    {"overviewPage", "overview", QStyle::SP_ComputerIcon},
    {"tenantsPage", "tenants", QStyle::SP_DirHomeIcon},
    {"matrixPage", "matrix", QStyle::SP_FileDialogDetailedView},
    {"tiersPage", "tiers", QStyle::SP_FileDialogListView},
    {"probesPage", "probes", QStyle::SP_MediaPlay},
    {"logsPage", "logs", QStyle::SP_FileIcon},
    {"keysPage", "keys", QStyle::SP_DialogApplyButton},
    {"evidencePage", "evidence", QStyle::SP_DialogSaveButton},
    {"daemonPage", "daemon", QStyle::SP_DriveNetIcon},
    {"settingsPage", "settings", QStyle::SP_FileDialogContentsView},
};

QIcon viewIcon(const QString &page)
{
    for (const ViewIcon &entry : kViewIcons)
        if (page == QLatin1StringView(entry.page))
            return consoleIcon(QString::fromLatin1(entry.icon), entry.fallback);
    return QApplication::style()->standardIcon(QStyle::SP_FileIcon);
}

QLabel *statusLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

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

    m_navigation->setIconSize(QSize(22, 22));

    // The startup's latest sentence, then the connection, the role and the daemon's version.
    m_daemonStatus = statusLabel(QStringLiteral("daemonStatusLabel"), this);
    m_connectionStatus = statusLabel(QStringLiteral("connectionStatusLabel"), this);
    m_roleStatus = statusLabel(QStringLiteral("roleStatusLabel"), this);
    m_versionStatus = statusLabel(QStringLiteral("daemonVersionStatusLabel"), this);
    statusBar()->addPermanentWidget(m_daemonStatus, 1);
    statusBar()->addPermanentWidget(m_connectionStatus);
    statusBar()->addPermanentWidget(m_roleStatus);
    statusBar()->addPermanentWidget(m_versionStatus);
    connect(m_session, &models::ConsoleSession::failed, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_session, &models::ConsoleSession::connectedChanged, this, &MainWindow::updateSessionStatus);
    connect(m_session, &models::ConsoleSession::principalChanged, this, &MainWindow::updateSessionStatus);

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addToolBar(Qt::TopToolBarArea, m_toolBar);

    buildActions();
    buildMenus();
    buildViews();
    setWindowIcon(QIcon(QStringLiteral(":/icons/bulkhead.svg")));
    resize(1280, 800);
}

void MainWindow::buildActions()
{
    m_refreshAction = new QAction(this);
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setIcon(consoleIcon(QStringLiteral("refresh"), QStyle::SP_BrowserReload));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        m_session->refresh();
        if (auto *view = qobject_cast<ConsoleView *>(m_stack->currentWidget()))
            view->activate();
    });

    m_runProbesAction = new QAction(this);
    m_runProbesAction->setObjectName(QStringLiteral("runProbesAction"));
    m_runProbesAction->setIcon(consoleIcon(QStringLiteral("run-probes"), QStyle::SP_MediaPlay));
    connect(m_runProbesAction, &QAction::triggered, this, &MainWindow::runProbes);

    m_exportEvidenceAction = new QAction(this);
    m_exportEvidenceAction->setObjectName(QStringLiteral("exportEvidenceAction"));
    m_exportEvidenceAction->setIcon(consoleIcon(QStringLiteral("export-evidence"), QStyle::SP_DialogSaveButton));
    connect(m_exportEvidenceAction, &QAction::triggered, this, &MainWindow::exportEvidence);

    m_aboutAction = new QAction(this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setIcon(consoleIcon(QStringLiteral("about"), QStyle::SP_MessageBoxInformation));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, qApp, &QApplication::quit);

    m_toolBar->addAction(m_refreshAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_runProbesAction);
    m_toolBar->addAction(m_exportEvidenceAction);
}

void MainWindow::runProbes()
{
    auto *view = qobject_cast<ProbesView *>(showView(QStringLiteral("probesPage")));
    if (view && !view->isRunning())
        view->runProbes();
}

void MainWindow::exportEvidence()
{
    if (auto *view = qobject_cast<EvidenceView *>(showView(QStringLiteral("evidencePage"))))
        view->openWizard();
}

void MainWindow::showAbout()
{
    auto *about = new AboutDialog(m_session, this);
    about->open();
}

void MainWindow::updateSessionStatus()
{
    if (!m_session->isConnected()) {
        m_connectionStatus->setText(tr("Not connected", "status bar: connection"));
        m_connectionStatus->setToolTip(QString());
        m_roleStatus->setText(QString());
        m_versionStatus->setText(QString());
        m_roleStatus->setVisible(false);
        m_versionStatus->setVisible(false);
        return;
    }
    const QString authority = m_session->adminUrl().authority();
    m_connectionStatus->setText(tr("Connected to %1", "status bar: connection; %1 is host:port").arg(authority));
    m_connectionStatus->setToolTip(m_session->adminUrl().toString());
    if (m_session->isPlatformAdmin())
        m_roleStatus->setText(tr("Role: platform admin", "status bar"));
    else if (!m_session->role().isEmpty())
        m_roleStatus->setText(tr("Role: auditor of %1", "status bar; %1 is a tenant id")
                                  .arg(m_session->principalTenant()));
    else
        m_roleStatus->setText(QString());
    m_versionStatus->setText(
        m_session->daemonVersion().isEmpty()
            ? tr("Daemon version: not reported", "status bar: the daemon does not report its version")
            : tr("Daemon %1", "status bar; %1 is the daemon's version").arg(m_session->daemonVersion()));
    m_roleStatus->setVisible(!m_roleStatus->text().isEmpty());
    m_versionStatus->setVisible(true);
}

void MainWindow::buildMenus()
{
    menuBar()->clear();
    m_navigation->setAccessibleName(tr("Views", "accessible name of the navigation list"));
    setWindowTitle(tr("Bulkhead", "application name in the window title"));
    m_toolBar->setWindowTitle(tr("Main toolbar", "toolbar name"));
    m_refreshAction->setText(tr("&Refresh", "menu action"));
    m_refreshAction->setToolTip(tr("Read everything again from the daemon", "toolbar tooltip"));
    m_runProbesAction->setText(tr("Run &probes", "menu action"));
    m_runProbesAction->setToolTip(tr("Start a probe run with the probes view's settings", "toolbar tooltip"));
    m_exportEvidenceAction->setText(tr("&Export evidence\u2026", "menu action"));
    m_exportEvidenceAction->setToolTip(tr("Export a signed evidence pack for one tenant", "toolbar tooltip"));
    m_aboutAction->setText(tr("&About Bulkhead", "menu action"));
    m_quitAction->setText(tr("&Quit", "menu action"));

    auto *file = menuBar()->addMenu(tr("&File", "menu"));
    file->addAction(m_refreshAction);
    file->addSeparator();
    file->addAction(m_runProbesAction);
    file->addAction(m_exportEvidenceAction);
    file->addSeparator();
    file->addAction(m_quitAction);

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

    auto *help = menuBar()->addMenu(tr("&Help", "menu"));
    help->setObjectName(QStringLiteral("helpMenu"));
    help->addAction(m_aboutAction);

    if (m_daemonStatus && m_statusText.isEmpty())
        m_daemonStatus->setText(tr("Daemon: not connected", "status bar"));
    updateSessionStatus();
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
        auto *item = new QListWidgetItem(viewIcon(page->objectName()),
                                         QString(page->title()).remove(QLatin1Char('&')), m_navigation);
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
