#include "ui/EvidenceView.h"

#include "models/AdminClient.h"
#include "models/ConsoleSession.h"
#include "ui/EvidenceWizard.h"
#include "ui/Prompts.h"

#include <QFile>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {

// A pack is a few megabytes; anything far larger is not worth reading into memory.
constexpr qint64 kMaxPackBytes = qint64(1) << 30;

enum ExportColumn { IdColumn, ScopeColumn, StateColumn, CreatedColumn, FinishedColumn, BytesColumn,
                    Sha256Column, ExportColumnCount };

} // namespace

EvidenceView::EvidenceView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent), m_job(new EvidenceExportJob(session->admin(), this))
{
    setObjectName(QStringLiteral("evidencePage"));
    auto *layout = new QVBoxLayout(this);

    auto *buttons = new QHBoxLayout;
    m_exportButton = new QPushButton(tr("&Export evidence pack…", "evidence view button"), this);
    m_exportButton->setObjectName(QStringLiteral("exportEvidenceButton"));
    m_verifyButton = new QPushButton(tr("&Verify a pack…", "evidence view button"), this);
    m_verifyButton->setObjectName(QStringLiteral("verifyPackButton"));
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_verifyButton);
    buttons->addStretch();
    layout->addLayout(buttons);

    auto *verdictBox = new QGroupBox(tr("Verification", "evidence view group"), this);
    auto *verdictLayout = new QVBoxLayout(verdictBox);
    m_verdict = new QLabel(tr("No pack verified yet.", "evidence view"), verdictBox);
    m_verdict->setObjectName(QStringLiteral("evidenceViewVerdictLabel"));
    m_verdict->setWordWrap(true);
    m_verifyText = new QPlainTextEdit(verdictBox);
    m_verifyText->setObjectName(QStringLiteral("evidenceViewVerifyText"));
    m_verifyText->setAccessibleName(tr("Verification details", "accessible name: evidence view"));
    m_verifyText->setReadOnly(true);
    m_verifyText->setMaximumHeight(140);
    verdictLayout->addWidget(m_verdict);
    verdictLayout->addWidget(m_verifyText);
    layout->addWidget(verdictBox);

    auto *exportsBox = new QGroupBox(tr("Recent exports", "evidence view group"), this);
    auto *exportsLayout = new QVBoxLayout(exportsBox);
    m_exports = new QTableWidget(0, ExportColumnCount, exportsBox);
    m_exports->setObjectName(QStringLiteral("evidenceExportsTable"));
    m_exports->setAccessibleName(tr("Recent evidence exports", "accessible name: evidence view"));
    m_exports->setHorizontalHeaderLabels({
        tr("ID", "evidence exports header"),
        tr("Scope", "evidence exports header"),
        tr("State", "evidence exports header"),
        tr("Created", "evidence exports header"),
        tr("Finished", "evidence exports header"),
        tr("Bytes", "evidence exports header"),
        tr("SHA-256", "evidence exports header"),
    });
    m_exports->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_exports->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_exports->setSelectionMode(QAbstractItemView::SingleSelection);
    m_exports->verticalHeader()->setVisible(false);
    m_exports->horizontalHeader()->setStretchLastSection(true);
    m_exports->setSortingEnabled(true);
    exportsLayout->addWidget(m_exports);
    m_refreshButton = new QPushButton(tr("&Refresh list", "evidence view button"), exportsBox);
    m_refreshButton->setObjectName(QStringLiteral("refreshEvidenceExportsButton"));
    exportsLayout->addWidget(m_refreshButton, 0, Qt::AlignLeft);
    layout->addWidget(exportsBox, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("evidenceStatusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    setTabOrder(m_exportButton, m_verifyButton);
    setTabOrder(m_verifyButton, m_verifyText);
    setTabOrder(m_verifyText, m_exports);
    setTabOrder(m_exports, m_refreshButton);

    connect(m_exportButton, &QPushButton::clicked, this, &EvidenceView::openWizard);
    connect(m_verifyButton, &QPushButton::clicked, this, [this] {
        const QString path = Prompts::current().openFileName(
            this, tr("Verify evidence pack", "evidence view: open dialog title"),
            tr("Evidence packs (*.zip);;All files (*)", "evidence view: open dialog filter"));
        if (!path.isEmpty())
            verifyFile(path);
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &EvidenceView::refreshExports);
    connect(m_job, &EvidenceExportJob::finished, this, [this](bool ok, const QString &message) {
        m_exportButton->setEnabled(true);
        m_status->setText(ok ? tr("The evidence pack is saved as %1.", "evidence view status").arg(m_job->path())
                             : tr("The export failed: %1", "evidence view status").arg(message));
        refreshExports();
        Q_EMIT exportFinished(ok, m_job->path());
    });
    connect(m_job, &EvidenceExportJob::progress, this, [this](qint64 done, qint64 total) {
        m_status->setText(tr("Gathering evidence: %1 of %2 steps done.", "evidence view status")
                              .arg(done).arg(total));
    });
}

QString EvidenceView::title() const
{
    return tr("&Evidence", "navigation entry");
}

void EvidenceView::activate()
{
    refreshExports();
}

EvidenceWizard *EvidenceView::openWizard()
{
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return m_wizard;
    }
    m_wizard = new EvidenceWizard(session(), this);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_wizard, &EvidenceWizard::exportFinished, this, [this](bool ok, const QString &path) {
        refreshExports();
        Q_EMIT exportFinished(ok, path);
    });
    connect(m_wizard, &EvidenceWizard::verified, this, &EvidenceView::verified);
    // open(): window-modal without a nested event loop.
    m_wizard->open();
    return m_wizard;
}

bool EvidenceView::exportPack(const QString &tenant, const QString &path)
{
    if (m_job->isRunning() || path.isEmpty())
        return false;
    m_exportButton->setEnabled(false);
    m_status->setText(tr("Requesting the evidence pack…", "evidence view status"));
    return m_job->start(tenant, {}, path);
}

bool EvidenceView::verifyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showVerdict(false, tr("Cannot read %1.", "evidence view verdict").arg(path), {});
        Q_EMIT verified(false);
        return false;
    }
    if (file.size() > kMaxPackBytes) {
        showVerdict(false, tr("%1 is too large to be an evidence pack.", "evidence view verdict").arg(path), {});
        Q_EMIT verified(false);
        return false;
    }
    const PackVerdict verdict = verifyPackBytes(file.readAll());
    showVerdict(verdict.ok, verdict.summary, verdict.details);
    Q_EMIT verified(verdict.ok);
    return verdict.ok;
}

void EvidenceView::showVerdict(bool ok, const QString &summary, const QString &details)
{
    m_verdict->setText(summary);
    m_verdict->setStyleSheet(ok ? QStringLiteral("color: #1e7b34; font-weight: bold;")
                                : QStringLiteral("color: #a31515; font-weight: bold;"));
    m_verifyText->setPlainText(details);
}

QString EvidenceView::stateText(const QString &state) const
{
    // The daemon's state codes, translated; an unknown one is shown as it came.
    if (state == QLatin1StringView("queued"))
        return tr("Queued", "evidence export state");
    if (state == QLatin1StringView("running"))
        return tr("Running", "evidence export state");
    if (state == QLatin1StringView("done"))
        return tr("Done", "evidence export state");
    if (state == QLatin1StringView("failed"))
        return tr("Failed", "evidence export state");
    return state;
}

void EvidenceView::refreshExports()
{
    session()->admin()->get(
        QStringLiteral("/admin/v1/evidence/exports"), {}, this,
        [this](const models::AdminResult &result) {
            if (!result.ok()) {
                m_status->setText(models::describeAdminError(result.error));
                return;
            }
            const QJsonArray exports = result.body.value(QLatin1StringView("exports")).toArray();
            m_exports->setSortingEnabled(false);
            m_exports->setRowCount(int(exports.size()));
            int row = 0;
            for (const QJsonValue &value : exports) {
                const QJsonObject e = value.toObject();
                const QString tenant = e.value(QLatin1StringView("tenant")).toString();
                const QString scope = tenant.isEmpty()
                    ? tr("The whole platform", "evidence exports: scope")
                    : tr("Tenant %1", "evidence exports: scope").arg(tenant);
                const QJsonValue bytes = e.value(QLatin1StringView("bytes"));
                const QStringList cells{
                    e.value(QLatin1StringView("id")).toString(),
                    scope,
                    stateText(e.value(QLatin1StringView("state")).toString()),
                    e.value(QLatin1StringView("created_at")).toString(),
                    e.value(QLatin1StringView("finished_at")).toString(),
                    bytes.isDouble() ? QLocale().toString(bytes.toInteger()) : QString(),
                    e.value(QLatin1StringView("sha256")).toString(),
                };
                for (int column = 0; column < ExportColumnCount; ++column)
                    m_exports->setItem(row, column, new QTableWidgetItem(cells[column]));
                ++row;
            }
            m_exports->setSortingEnabled(true);
            m_exports->sortByColumn(CreatedColumn, Qt::DescendingOrder);
            Q_EMIT exportsLoaded();
        });
}

} // namespace bulkhead::ui
