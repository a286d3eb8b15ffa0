#include "ui/LogsView.h"

#include "models/AdminClient.h"
#include "models/ConsoleSession.h"
#include "ui/Prompts.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSaveFile>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {

// The earliest selectable time doubles as "no limit" (shown as the special value text).
QDateTime noLimit()
{
    return QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
}

QDateTimeEdit *timeEdit(QWidget *parent, const QString &name, const QString &accessible,
                        const QString &noLimitText)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(name);
    edit->setAccessibleName(accessible);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat) + QStringLiteral(" HH:mm:ss"));
    edit->setCalendarPopup(true);
    edit->setMinimumDateTime(noLimit());
    edit->setSpecialValueText(noLimitText);
    edit->setDateTime(noLimit());
    return edit;
}

std::optional<qint64> microseconds(const QDateTimeEdit *edit)
{
    if (edit->dateTime() <= noLimit())
        return std::nullopt;
    return edit->dateTime().toMSecsSinceEpoch() * 1000;
}

void setColouredText(QLabel *label, const QString &text, bool good)
{
    label->setText(text);
    label->setStyleSheet(good ? QStringLiteral("color: #1e7b34; font-weight: bold;")
                              : QStringLiteral("color: #a31515; font-weight: bold;"));
}

} // namespace

LogsView::LogsView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent), m_model(new models::LogTableModel(this))
{
    setObjectName(QStringLiteral("logsPage"));
    m_model->setObjectName(QStringLiteral("logModel"));
    m_model->setClient(session->admin());

    auto *layout = new QVBoxLayout(this);

    auto *filters = new QGroupBox(tr("Filters", "logs view group"), this);
    auto *form = new QFormLayout(filters);
    m_tenant = new QComboBox(filters);
    m_tenant->setObjectName(QStringLiteral("logTenantCombo"));
    m_tenant->setAccessibleName(tr("Tenant", "accessible name: logs view"));
    form->addRow(tr("&Tenant:", "logs view label"), m_tenant);
    m_route = new QLineEdit(filters);
    m_route->setObjectName(QStringLiteral("logRouteEdit"));
    m_route->setAccessibleName(tr("Route filter", "accessible name: logs view"));
    m_route->setPlaceholderText(tr("Any route", "logs view: route filter placeholder"));
    m_route->setClearButtonEnabled(true);
    form->addRow(tr("&Route:", "logs view label"), m_route);
    m_decision = new QComboBox(filters);
    m_decision->setObjectName(QStringLiteral("logDecisionCombo"));
    m_decision->setAccessibleName(tr("Decision filter", "accessible name: logs view"));
    m_decision->addItem(tr("Any decision", "logs view: decision filter"), QString());
    m_decision->addItem(tr("Allowed", "logs view: decision filter"), QStringLiteral("allowed"));
    m_decision->addItem(tr("Blocked", "logs view: decision filter"), QStringLiteral("blocked"));
    form->addRow(tr("&Decision:", "logs view label"), m_decision);
    const QString unlimited = tr("No limit", "logs view: time filter not set");
    m_from = timeEdit(filters, QStringLiteral("logFromEdit"),
                      tr("Earliest time (UTC)", "accessible name: logs view"), unlimited);
    m_until = timeEdit(filters, QStringLiteral("logUntilEdit"),
                       tr("Latest time (UTC)", "accessible name: logs view"), unlimited);
    form->addRow(tr("&From (UTC):", "logs view label"), m_from);
    form->addRow(tr("&Until (UTC):", "logs view label"), m_until);
    m_apply = new QPushButton(tr("&Apply filter", "logs view button"), filters);
    m_apply->setObjectName(QStringLiteral("applyLogFilterButton"));
    m_apply->setDefault(true);
    form->addRow(m_apply);
    layout->addWidget(filters);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setAccessibleName(tr("Audit records", "accessible name: logs view"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Fixed row heights and no per-row sizing: the view never measures a million rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->setVisible(false);
    // The time column fits a whole time in the user's format, measured once on a sample.
    m_table->setColumnWidth(models::LogTableModel::TimeColumn,
                            m_table->fontMetrics().horizontalAdvance(
                                models::LogTableModel::displayTime(qint64(1767225599999) * 1000)) + 16);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_detail = new QPlainTextEdit(splitter);
    m_detail->setObjectName(QStringLiteral("logDetailText"));
    m_detail->setAccessibleName(tr("Selected record", "accessible name: logs view"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFont(QStringLiteral("monospace")));
    m_detail->setPlaceholderText(tr("Select a record to see all of its fields.", "logs view"));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto *actions = new QHBoxLayout;
    m_verify = new QPushButton(tr("&Verify chain", "logs view button"), this);
    m_verify->setObjectName(QStringLiteral("verifyChainButton"));
    m_chainStatus = new QLabel(this);
    m_chainStatus->setObjectName(QStringLiteral("chainStatusLabel"));
    m_exportButton = new QPushButton(tr("E&xport…", "logs view button"), this);
    m_exportButton->setObjectName(QStringLiteral("exportLogsButton"));
    // A proof the tenant's auditor checks offline, without trusting this daemon.
    m_proofButton = new QPushButton(tr("Export &proof…", "logs view button"), this);
    m_proofButton->setObjectName(QStringLiteral("exportProofButton"));
    m_proofButton->setToolTip(tr("Save the selected record's inclusion proof to the newest signed checkpoint; "
                                 "check it offline with bulkheadctl logs verify-proof.",
                                 "logs view tooltip"));
    m_proofButton->setEnabled(false);
    m_exportProgress = new QProgressBar(this);
    m_exportProgress->setObjectName(QStringLiteral("logExportProgress"));
    m_exportProgress->setAccessibleName(tr("Export progress", "accessible name: logs view"));
    m_exportProgress->setRange(0, 1);
    m_exportProgress->setValue(0);
    m_exportProgress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("logStatusLabel"));
    actions->addWidget(m_verify);
    actions->addWidget(m_chainStatus, 1);
    actions->addWidget(m_exportProgress);
    actions->addWidget(m_proofButton);
    actions->addWidget(m_exportButton);
    layout->addLayout(actions);
    layout->addWidget(m_status);

    setTabOrder(m_tenant, m_route);
    setTabOrder(m_route, m_decision);
    setTabOrder(m_decision, m_from);
    setTabOrder(m_from, m_until);
    setTabOrder(m_until, m_apply);
    setTabOrder(m_apply, m_table);
    setTabOrder(m_table, m_detail);
    setTabOrder(m_detail, m_verify);
    setTabOrder(m_verify, m_proofButton);
    setTabOrder(m_proofButton, m_exportButton);

    connect(m_apply, &QPushButton::clicked, this, &LogsView::applyFilter);
    connect(m_route, &QLineEdit::returnPressed, this, &LogsView::applyFilter);
    connect(m_tenant, &QComboBox::currentIndexChanged, this, [this] {
        m_chainStatus->clear();
        applyFilter();
    });
    connect(m_verify, &QPushButton::clicked, this, &LogsView::verifyChain);
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        const QString tenant = m_tenant->currentText();
        if (tenant.isEmpty())
            return;
        const QString path = Prompts::current().saveFileName(
            this, tr("Export audit records", "logs view: save dialog title"),
            tr("%1-audit.jsonl", "logs view: suggested export file name; %1 is the tenant id").arg(tenant),
            tr("JSON Lines (*.jsonl);;All files (*)", "logs view: save dialog filter"));
        if (!path.isEmpty())
            exportTo(path);
    });
    connect(m_proofButton, &QPushButton::clicked, this, [this] {
        if (m_selectedSeq < 0)
            return;
        const QString path = Prompts::current().saveFileName(
            this, tr("Export audit proof", "logs view: save dialog title"),
            tr("%1-record-%2-proof.json", "logs view: suggested proof file name; %1 is the tenant id, %2 the sequence")
                .arg(m_model->tenant())
                .arg(m_selectedSeq),
            tr("JSON (*.json);;All files (*)", "logs view: proof save dialog filter"));
        if (!path.isEmpty())
            exportProofTo(path);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showSelectedRecord(); });
    connect(m_model, &models::LogTableModel::modelReset, this, [this] {
        m_selectedSeq = -1;
        m_proofButton->setEnabled(false);
        m_detail->clear();
    });
    connect(m_model, &models::LogTableModel::recordReady, this,
            [this](qint64 seq, const QJsonObject &record) {
                if (seq == m_selectedSeq)
                    m_detail->setPlainText(QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Indented)));
            });
    connect(m_model, &models::LogTableModel::failed, this, [this](models::AdminError error) {
        m_status->setText(models::describeAdminError(error));
    });
    // The count follows the rows, which arrive after the fetch's state has changed.
    auto showCount = [this] {
        m_status->setText(m_model->isFetching()
                              ? tr("Reading audit records…", "logs view status")
                              : tr("%n audit record(s) shown.", "logs view status", m_model->rowCount()));
    };
    connect(m_model, &models::LogTableModel::fetchingChanged, this, showCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, showCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, showCount);
    connect(session, &models::ConsoleSession::tenantsChanged, this, &LogsView::fillTenants);
    connect(session, &models::ConsoleSession::principalChanged, this, &LogsView::fillTenants);
    fillTenants();
}

LogsView::~LogsView()
{
    // An export cut short leaves nothing behind.
    if (m_export.isOpen()) {
        m_export.close();
        m_export.remove();
    }
}

QString LogsView::title() const
{
    return tr("&Logs", "navigation entry");
}

void LogsView::activate()
{
    if (m_model->tenant().isEmpty() && !m_tenant->currentText().isEmpty())
        applyFilter();
}

void LogsView::fillTenants()
{
    const QString previous = m_tenant->currentText();
    QStringList tenants;
    const bool auditor = !session()->role().isEmpty() && !session()->isPlatformAdmin();
    if (auditor)
        tenants << session()->principalTenant();  // an auditor reads only its own log
    else
        tenants = session()->tenantIds();
    {
        const QSignalBlocker blocker(m_tenant);
        m_tenant->clear();
        m_tenant->addItems(tenants);
        const int keep = m_tenant->findText(previous);
        m_tenant->setCurrentIndex(keep >= 0 ? keep : (tenants.isEmpty() ? -1 : 0));
    }
    m_tenant->setEnabled(!auditor && !tenants.isEmpty());
    const bool any = !tenants.isEmpty();
    m_verify->setEnabled(any);
    m_exportButton->setEnabled(any && !isExporting());
    m_apply->setEnabled(any);
    if (m_tenant->currentText() != m_model->tenant() && isVisible())
        applyFilter();
}

models::LogFilter LogsView::currentFilter() const
{
    models::LogFilter filter;
    filter.route = m_route->text().trimmed();
    filter.decision = m_decision->currentData().toString();
    filter.fromUs = microseconds(m_from);
    filter.untilUs = microseconds(m_until);
    return filter;
}

void LogsView::applyFilter()
{
    m_model->setScope(m_tenant->currentText(), currentFilter());
}

void LogsView::showSelectedRecord()
{
    const QModelIndex current = m_table->currentIndex();
    const models::LogTableModel::Record *record = m_model->record(current.row());
    if (!record) {
        m_selectedSeq = -1;
        m_proofButton->setEnabled(false);
        m_detail->clear();
        return;
    }
    m_selectedSeq = record->seq;
    m_proofButton->setEnabled(true);
    m_detail->setPlainText(tr("Reading record %1…", "logs view: detail pane while loading").arg(record->seq));
    m_model->requestRecord(current.row());
}

void LogsView::verifyChain()
{
    const QString tenant = m_tenant->currentText();
    if (tenant.isEmpty())
        return;
    m_verify->setEnabled(false);
    m_chainStatus->setStyleSheet({});
    m_chainStatus->setText(tr("Verifying the audit chain of %1…", "logs view: chain status").arg(tenant));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("tenant"), tenant);
    session()->admin()->get(
        QStringLiteral("/admin/v1/logs/verify"), query, this,
        [this, tenant](const models::AdminResult &result) {
            m_verify->setEnabled(true);
            if (!result.ok()) {
                setColouredText(m_chainStatus, models::describeAdminError(result.error), false);
                Q_EMIT chainVerified(false);
                return;
            }
            const QJsonObject &body = result.body;
            const bool ok = body.value(QLatin1StringView("ok")).toBool();
            const qint64 records = body.value(QLatin1StringView("records")).toInteger();
            const QJsonValue sequence = body.value(QLatin1StringView("sequence"));
            if (ok)
                setColouredText(m_chainStatus,
                                tr("The audit chain of %1 is verified: %n record(s).",
                                   "logs view: chain status; %1 is the tenant", int(records)).arg(tenant),
                                true);
            else if (sequence.isDouble())
                setColouredText(m_chainStatus,
                                tr("The audit chain of %1 is broken at sequence %2.",
                                   "logs view: chain status").arg(tenant).arg(sequence.toInteger()),
                                false);
            else
                setColouredText(m_chainStatus,
                                tr("The audit chain of %1 did not verify.", "logs view: chain status").arg(tenant),
                                false);
            Q_EMIT chainVerified(ok);
        });
}

bool LogsView::exportProofTo(const QString &path)
{
    const QString tenant = m_model->tenant();
    if (path.isEmpty() || tenant.isEmpty() || m_selectedSeq < 0)
        return false;
    const qint64 seq = m_selectedSeq;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("tenant"), tenant);
    query.addQueryItem(QStringLiteral("seq"), QString::number(seq));
    m_proofButton->setEnabled(false);
    session()->admin()->get(
        QStringLiteral("/admin/v1/logs/proof"), query, this, [this, path, seq](const models::AdminResult &result) {
            m_proofButton->setEnabled(m_selectedSeq >= 0);
            if (!result.ok()) {
                m_status->setText(models::describeAdminError(result.error));
                Q_EMIT proofExported(false);
                return;
            }
            // Written whole or not at all.
            QSaveFile file(path);
            const bool written = file.open(QIODevice::WriteOnly) &&
                                 file.write(QJsonDocument(result.body).toJson(QJsonDocument::Indented)) > 0 &&
                                 file.commit();
            m_status->setText(written ? tr("The proof of record %1 is saved in %2.", "logs view status")
                                            .arg(seq)
                                            .arg(path)
                                      : tr("Cannot write %1.", "logs view: export error").arg(path));
            Q_EMIT proofExported(written);
        });
    return true;
}

bool LogsView::exportTo(const QString &path)
{
    const QString tenant = m_model->tenant().isEmpty() ? m_tenant->currentText() : m_model->tenant();
    if (isExporting() || path.isEmpty() || tenant.isEmpty())
        return false;
    m_export.setFileName(path + QStringLiteral(".partial"));
    if (!m_export.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_status->setText(tr("Cannot write %1.", "logs view: export error").arg(m_export.fileName()));
        Q_EMIT exportFinished(false, 0);
        return false;
    }
    m_exportPath = path;
    m_exportTenant = tenant;
    // What the table shows now; later filter edits do not change a running export.
    m_exportFilter = m_model->tenant().isEmpty() ? currentFilter() : m_model->filter();
    m_exported = 0;
    m_exportButton->setEnabled(false);
    m_exportProgress->setRange(0, 0);  // the total is unknown until the last page
    m_exportProgress->setVisible(true);
    m_status->setText(tr("Exporting the audit records of %1…", "logs view: export status").arg(tenant));
    exportNextPage(-1);
    return true;
}

void LogsView::exportNextPage(qint64 after)
{
    session()->admin()->get(
        QStringLiteral("/admin/v1/logs"),
        models::LogTableModel::pageQuery(m_exportTenant, m_exportFilter, after), this,
        [this](const models::AdminResult &result) {
            if (!m_export.isOpen())
                return;
            if (!result.ok()) {
                finishExport(false, models::describeAdminError(result.error));
                return;
            }
            const QJsonValue records = result.body.value(QLatin1StringView("records"));
            if (!records.isArray()) {
                finishExport(false, models::describeAdminError(models::AdminError::BadResponse));
                return;
            }
            for (const QJsonValue &record : records.toArray()) {
                QByteArray line = QJsonDocument(record.toObject()).toJson(QJsonDocument::Compact);
                line += '\n';
                if (m_export.write(line) != line.size()) {
                    finishExport(false, tr("Writing %1 failed.", "logs view: export error")
                                            .arg(m_export.fileName()));
                    return;
                }
                ++m_exported;
            }
            m_status->setText(tr("%n record(s) exported so far…", "logs view: export status",
                                 int(m_exported)));
            const QJsonValue next = result.body.value(QLatin1StringView("next_after"));
            if (next.isDouble()) {
                exportNextPage(next.toInteger());
                return;
            }
            finishExport(true, {});
        });
}

void LogsView::finishExport(bool ok, const QString &message)
{
    QString error = message;
    if (ok && (!m_export.flush() || m_export.error() != QFileDevice::NoError)) {
        ok = false;
        error = tr("Writing %1 failed.", "logs view: export error").arg(m_export.fileName());
    }
    m_export.close();
    if (ok) {
        // Only a complete file gets the chosen name.
        if (QFile::exists(m_exportPath) && !QFile::remove(m_exportPath)) {
            ok = false;
            error = tr("Cannot replace %1.", "logs view: export error").arg(m_exportPath);
        } else if (!m_export.rename(m_exportPath)) {
            ok = false;
            error = tr("Cannot rename %1 to %2.", "logs view: export error")
                        .arg(m_export.fileName(), m_exportPath);
        }
    }
    if (!ok)
        m_export.remove();
    m_exportProgress->setRange(0, 1);
    m_exportProgress->setValue(ok ? 1 : 0);
    m_exportProgress->setVisible(ok);
    m_exportButton->setEnabled(m_tenant->count() > 0);
    m_status->setText(ok ? tr("%n record(s) exported to %1.", "logs view: export done", int(m_exported))
                               .arg(m_exportPath)
                         : tr("The export failed and no file was left: %1", "logs view: export error")
                               .arg(error));
    Q_EMIT exportFinished(ok, m_exported);
}

} // namespace bulkhead::ui
