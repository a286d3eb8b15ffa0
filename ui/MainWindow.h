#pragma once

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;
class QToolBar;

namespace bulkhead::models {
class ConsoleSession;
class TenantTableModel;
}

namespace bulkhead::ui {

class ConsoleView;
class DaemonController;

// Navigation list with an icon per view on the left, one ConsoleView per page on the right
// (Ctrl+1 ... Ctrl+0 jump); a toolbar for the main actions (refresh, run probes, export
// evidence); a status bar with the connection, the signed-in role and the daemon's version.
// On a language change every view is rebuilt from the session, so all text is retranslated.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    // `daemon` may be null: the console then manages no daemon of its own.
    explicit MainWindow(models::ConsoleSession *session, DaemonController *daemon = nullptr,
                        QWidget *parent = nullptr);

    // Shown in the status bar.
    void setDaemonStatus(const QString &status);
    // Help > About (non-modal open; objectName "aboutDialog").
    void showAbout();

    models::TenantTableModel *tenantModel() const;
    // The page with this objectName ("tenantsPage"), made current; null if unknown.
    ConsoleView *showView(const QString &objectName);
    QList<ConsoleView *> views() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildViews();
    void updateSessionStatus();
    void runProbes();
    void exportEvidence();

    models::ConsoleSession *m_session;
    QPointer<DaemonController> m_daemon;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QToolBar *m_toolBar = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_runProbesAction = nullptr;
    QAction *m_exportEvidenceAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_quitAction = nullptr;
    QLabel *m_daemonStatus = nullptr;
    QLabel *m_connectionStatus = nullptr;
    QLabel *m_roleStatus = nullptr;
    QLabel *m_versionStatus = nullptr;
    QString m_statusText;
};

} // namespace bulkhead::ui
