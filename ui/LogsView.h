#pragma once

#include "models/LogTableModel.h"
#include "ui/ConsoleView.h"

#include <QFile>
#include <QPointer>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace bulkhead::ui {

// Tenant-scoped audit log browsing with filters, keyset paging, chain verification and export.
class LogsView final : public ConsoleView
{
    Q_OBJECT

public:
    LogsView(models::ConsoleSession *session, QWidget *parent);
    ~LogsView() override;

    QString title() const override;
    void activate() override;

    models::LogTableModel *logModel() const { return m_model; }
    // Writes every record of the current tenant and filter to `path` as JSON Lines, through
    // `path`.partial renamed at the end; exportFinished reports the outcome. False when an
    // export is already running or the partial file cannot be created.
    bool exportTo(const QString &path);
    bool isExporting() const { return m_export.isOpen(); }
    // Writes the selected record's inclusion proof (GET /admin/v1/logs/proof) to `path`, for
    // `bulkheadctl logs verify-proof` or the README's recipe; proofExported() says how it ended.
    bool exportProofTo(const QString &path);

public Q_SLOTS:
    void applyFilter();
    void verifyChain();

Q_SIGNALS:
    void exportFinished(bool ok, qint64 records);
    void chainVerified(bool ok);
    void proofExported(bool ok);

private:
    void fillTenants();
    models::LogFilter currentFilter() const;
    void showSelectedRecord();
    void exportNextPage(qint64 after);
    void finishExport(bool ok, const QString &message);

    models::LogTableModel *m_model;
    QComboBox *m_tenant;
    QLineEdit *m_route;
    QComboBox *m_decision;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_until;
    QPushButton *m_apply;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QPushButton *m_verify;
    QLabel *m_chainStatus;
    QPushButton *m_exportButton;
    QPushButton *m_proofButton;
    QProgressBar *m_exportProgress;
    QLabel *m_status;

    QFile m_export;
    QString m_exportPath;
    QString m_exportTenant;
    models::LogFilter m_exportFilter;
    qint64 m_exported = 0;
    qint64 m_selectedSeq = -1;
};

} // namespace bulkhead::ui
