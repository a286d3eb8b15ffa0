#pragma once

#include "ui/ConsoleView.h"
#include "ui/EvidenceWizard.h"

#include <QPointer>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace bulkhead::ui {

// Evidence pack export wizard with progress, then verification; offline verification of any
// pack file; the daemon's recent exports.
class EvidenceView final : public ConsoleView
{
    Q_OBJECT

public:
    EvidenceView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

    // Without the wizard (tests): exports `tenant` (empty: the whole platform) to `path`;
    // exportFinished reports the outcome. False when an export is already running.
    bool exportPack(const QString &tenant, const QString &path);
    // Verifies a pack file offline and shows the verdict; verified reports it.
    bool verifyFile(const QString &path);
    // The wizard, while it is open (non-modal in tests: see openWizard).
    EvidenceWizard *wizard() const { return m_wizard; }

public Q_SLOTS:
    // Opens the export wizard window-modally without a nested event loop.
    EvidenceWizard *openWizard();
    void refreshExports();

Q_SIGNALS:
    void exportFinished(bool ok, const QString &path);
    void verified(bool ok);
    void exportsLoaded();

private:
    QString stateText(const QString &state) const;
    void showVerdict(bool ok, const QString &summary, const QString &details);

    EvidenceExportJob *m_job;
    QPointer<EvidenceWizard> m_wizard;
    QPushButton *m_exportButton;
    QPushButton *m_verifyButton;
    QPushButton *m_refreshButton;
    QLabel *m_verdict;
    QPlainTextEdit *m_verifyText;
    QTableWidget *m_exports;
    QLabel *m_status;
};

} // namespace bulkhead::ui
