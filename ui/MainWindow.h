#pragma once

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace bulkhead::models {
class ConsoleSession;
class TenantTableModel;
}

namespace bulkhead::ui {

class ConsoleView;
class DaemonController;

// Navigation list on the left, one ConsoleView per page on the right (Ctrl+1 ... Ctrl+0 jump).
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

    models::TenantTableModel *tenantModel() const;
    // The page with this objectName ("tenantsPage"), made current; null if unknown.
    ConsoleView *showView(const QString &objectName);
    QList<ConsoleView *> views() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildViews();

    models::ConsoleSession *m_session;
    QPointer<DaemonController> m_daemon;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_daemonStatus = nullptr;
    QString m_statusText;
};

} // namespace bulkhead::ui
