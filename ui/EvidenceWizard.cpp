#include "ui/EvidenceWizard.h"

#include "evidence/PackArchive.h"
#include "evidence/PackVerifier.h"
#include "models/AdminClient.h"
#include "models/ConsoleSession.h"
#include "ui/Prompts.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QWizardPage>

#include <functional>

namespace bulkhead::ui {

// A wizard page whose completeness and set-up live in the wizard (so its strings are
// translated in the wizard's context).
class CallbackPage final : public QWizardPage
{
public:
    using QWizardPage::QWizardPage;
    std::function<bool()> complete;
    std::function<void()> initialize;

    bool isComplete() const override { return complete ? complete() : QWizardPage::isComplete(); }
    void initializePage() override
    {
        if (initialize)
            initialize();
    }
    void notifyComplete() { Q_EMIT completeChanged(); }
};

namespace {

QDateTime noLimit()
{
    return QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

namespace {

// One line per control of a controls.json "controls" array: id, title and translated status.
QString controlStatusLines(const QJsonArray &controls)
{
    QStringList lines;
    for (const auto &c : controls) {
        const QJsonObject control = c.toObject();
        const QString status = control.value(QLatin1StringView("status")).toString();
        const QString shown = status == QLatin1StringView("satisfied")
                                  ? EvidenceWizard::tr("satisfied", "control status")
                              : status == QLatin1StringView("not-satisfied")
                                  ? EvidenceWizard::tr("not satisfied", "control status")
                                  : EvidenceWizard::tr("not assessed", "control status");
        lines << EvidenceWizard::tr("%1 %2: %3", "evidence wizard: control id, title and status")
                     .arg(control.value(QLatin1StringView("id")).toString(),
                          control.value(QLatin1StringView("title")).toString(), shown);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

PackVerdict verifyPackBytes(const QByteArray &zip, const QString &expectedFingerprint,
                            const QString &expectedSha256)
{
    PackVerdict verdict;
    evidence::VerifyOptions options;
    if (!expectedFingerprint.isEmpty())
        options.expectedFingerprint = expectedFingerprint.toStdString();
    const evidence::VerifyReport report =
        evidence::verifyPack(std::string_view(zip.constData(), std::size_t(zip.size())), options);

    QStringList lines;
    const QString sha256 = QString::fromLatin1(QCryptographicHash::hash(zip, QCryptographicHash::Sha256).toHex());
    lines << EvidenceWizard::tr("SHA-256 of the file: %1",
                                         "evidence verification detail").arg(sha256);
    if (!report.fingerprint.empty())
        lines << EvidenceWizard::tr("Signed by the key %1.",
                                             "evidence verification detail").arg(fromStd(report.fingerprint));
    if (!expectedFingerprint.isEmpty())
        lines << EvidenceWizard::tr("The daemon reported the signing key %1.",
                                             "evidence verification detail").arg(expectedFingerprint);
    if (!report.generatedAt.empty())
        lines << EvidenceWizard::tr("Generated at %1.",
                                             "evidence verification detail").arg(fromStd(report.generatedAt));
    if (!report.scope.is_null())
        lines << EvidenceWizard::tr("Scope: %1",
                                             "evidence verification detail").arg(fromStd(report.scope.dump()));
    lines << EvidenceWizard::tr("%n member(s) checked.",
                                         "evidence verification detail", int(report.files));

    const bool hashMatches = expectedSha256.isEmpty() || expectedSha256.compare(sha256, Qt::CaseInsensitive) == 0;
    if (!report.ok) {
        verdict.summary = report.file.empty()
            ? EvidenceWizard::tr("The pack failed verification (%1).",
                                          "evidence verdict; %1 is a problem code")
                  .arg(fromStd(report.problem))
            : EvidenceWizard::tr("The pack failed verification at %1 (%2).",
                                          "evidence verdict; %1 is a file in the pack, %2 a problem code")
                  .arg(fromStd(report.file), fromStd(report.problem));
    } else if (!hashMatches) {
        verdict.summary = EvidenceWizard::tr("The saved file is not the pack the daemon produced: its SHA-256 differs.", "evidence verdict");
    } else {
        verdict.ok = true;
        verdict.summary = EvidenceWizard::tr("The pack is intact: its signature and every member's hash verify.", "evidence verdict");
    }
    verdict.details = lines.join(QLatin1Char('\n'));
    return verdict;
}

EvidenceExportJob::EvidenceExportJob(models::AdminClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
}

EvidenceExportJob::~EvidenceExportJob()
{
    if (m_partial.isOpen()) {
        m_partial.close();
        m_partial.remove();
    }
}

bool EvidenceExportJob::start(const QString &tenant, const QDateTime &since, const QString &path)
{
    if (m_running || path.isEmpty())
        return false;
    ++m_generation;
    m_path = path;
    m_id.clear();
    m_pack.clear();
    m_fingerprint.clear();
    m_sha256.clear();
    m_succeeded = false;
    m_running = true;
    QJsonObject body;
    if (tenant.isEmpty())
        body.insert(QStringLiteral("all"), true);
    else
        body.insert(QStringLiteral("tenant"), tenant);
    if (since.isValid())
        body.insert(QStringLiteral("since"), since.toUTC().toString(Qt::ISODate));
    const quint64 generation = m_generation;
    m_client->post(QStringLiteral("/admin/v1/evidence/exports"), body, this,
                   [this, generation](const models::AdminResult &result) {
                       if (generation != m_generation)
                           return;
                       if (!result.ok()) {
                           fail(models::describeAdminError(result.error));
                           return;
                       }
                       m_id = result.body.value(QLatin1StringView("id")).toString();
                       if (m_id.isEmpty()) {
                           fail(models::describeAdminError(models::AdminError::BadResponse));
                           return;
                       }
                       poll();
                   });
    return true;
}

QString EvidenceExportJob::exportPath() const
{
    return QStringLiteral("/admin/v1/evidence/exports/") + QString::fromLatin1(QUrl::toPercentEncoding(m_id));
}

void EvidenceExportJob::poll()
{
    const quint64 generation = m_generation;
    m_client->get(exportPath(),
                  {}, this, [this, generation](const models::AdminResult &result) {
                      if (generation != m_generation)
                          return;
                      if (!result.ok()) {
                          fail(models::describeAdminError(result.error));
                          return;
                      }
                      const QJsonObject &b = result.body;
                      Q_EMIT progress(b.value(QLatin1StringView("progress")).toInteger(),
                                      b.value(QLatin1StringView("total")).toInteger());
                      const QString state = b.value(QLatin1StringView("state")).toString();
                      if (state == QLatin1StringView("done")) {
                          m_fingerprint = b.value(QLatin1StringView("fingerprint")).toString();
                          m_sha256 = b.value(QLatin1StringView("sha256")).toString();
                          download();
                      } else if (state == QLatin1StringView("failed")) {
                          // The daemon's reason is its own text: say only that it failed.
                          fail(tr("The daemon could not build the evidence pack.", "evidence export"));
                      } else {
                          QTimer::singleShot(kPollMs, this, [this, generation] {
                              if (generation == m_generation && m_running)
                                  poll();
                          });
                      }
                  });
}

void EvidenceExportJob::download()
{
    const quint64 generation = m_generation;
    m_client->get(exportPath() + QStringLiteral("/pack"),
                  {}, this, [this, generation](const models::AdminResult &result) {
                      if (generation != m_generation)
                          return;
                      if (!result.ok()) {
                          fail(models::describeAdminError(result.error));
                          return;
                      }
                      m_pack = result.raw;
                      m_partial.setFileName(m_path + QStringLiteral(".partial"));
                      if (!m_partial.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                          fail(tr("Cannot write %1.", "evidence export").arg(m_partial.fileName()));
                          return;
                      }
                      const bool written = m_partial.write(m_pack) == m_pack.size() && m_partial.flush();
                      m_partial.close();
                      if (!written) {
                          m_partial.remove();
                          fail(tr("Writing %1 failed.", "evidence export").arg(m_partial.fileName()));
                          return;
                      }
                      if ((QFile::exists(m_path) && !QFile::remove(m_path)) || !m_partial.rename(m_path)) {
                          m_partial.remove();
                          fail(tr("Cannot save the pack as %1.", "evidence export").arg(m_path));
                          return;
                      }
                      m_running = false;
                      m_succeeded = true;
                      Q_EMIT finished(true, {});
                  });
}

void EvidenceExportJob::fail(const QString &message)
{
    m_running = false;
    m_succeeded = false;
    m_pack.clear();
    Q_EMIT finished(false, message);
}

EvidenceWizard::EvidenceWizard(models::ConsoleSession *session, QWidget *parent)
    : QWizard(parent), m_session(session), m_job(new EvidenceExportJob(session->admin(), this))
{
    setObjectName(QStringLiteral("evidenceWizard"));
    setWindowTitle(tr("Export evidence pack", "evidence wizard title"));
    setOption(QWizard::NoBackButtonOnLastPage);
    buildScopePage();
    buildExportPage();
    buildVerifyPage();

    connect(m_job, &EvidenceExportJob::progress, this, [this](qint64 done, qint64 total) {
        if (total <= 0) {
            m_progress->setRange(0, 0);
            return;
        }
        // QProgressBar counts in int: scale large totals down.
        const qint64 scale = total > 1000000 ? total / 1000000 + 1 : 1;
        m_progress->setRange(0, int(total / scale));
        m_progress->setValue(int(qMin(done, total) / scale));
        m_exportStatus->setText(tr("Gathering evidence: %1 of %2 steps done.", "evidence wizard")
                                    .arg(done).arg(total));
    });
    connect(m_job, &EvidenceExportJob::finished, this, [this](bool ok, const QString &message) {
        if (ok) {
            m_progress->setRange(0, 1);
            m_progress->setValue(1);
            m_exportStatus->setText(tr("The evidence pack is saved as %1.", "evidence wizard").arg(m_job->path()));
        } else {
            m_progress->setRange(0, 1);
            m_progress->setValue(0);
            m_exportStatus->setText(tr("The export failed: %1", "evidence wizard").arg(message));
        }
        m_exportPage->notifyComplete();
        Q_EMIT exportFinished(ok, m_job->path());
    });
}

QString EvidenceWizard::chosenTenant() const
{
    return m_scope->currentData().toString();
}

void EvidenceWizard::buildScopePage()
{
    auto *page = new CallbackPage(this);
    page->setObjectName(QStringLiteral("evidenceScopePage"));
    page->setTitle(tr("Scope", "evidence wizard page title"));
    page->setSubTitle(tr("Choose what the pack covers and where to save it.", "evidence wizard page subtitle"));
    auto *form = new QFormLayout(page);

    m_scope = new QComboBox(page);
    m_scope->setObjectName(QStringLiteral("evidenceScopeCombo"));
    m_scope->setAccessibleName(tr("Evidence scope", "accessible name: evidence wizard"));
    const bool auditor = !m_session->role().isEmpty() && !m_session->isPlatformAdmin();
    if (auditor) {
        m_scope->addItem(tr("Tenant %1", "evidence wizard scope").arg(m_session->principalTenant()),
                         m_session->principalTenant());
        m_scope->setEnabled(false);
    } else {
        m_scope->addItem(tr("The whole platform", "evidence wizard scope"), QString());
        for (const QString &tenant : m_session->tenantIds())
            m_scope->addItem(tr("Tenant %1", "evidence wizard scope").arg(tenant), tenant);
    }
    form->addRow(tr("&Scope:", "evidence wizard label"), m_scope);

    m_since = new QDateTimeEdit(page);
    m_since->setObjectName(QStringLiteral("evidenceSinceEdit"));
    m_since->setAccessibleName(tr("Evidence since (UTC)", "accessible name: evidence wizard"));
    m_since->setTimeSpec(Qt::UTC);
    m_since->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat) + QStringLiteral(" HH:mm:ss"));
    m_since->setCalendarPopup(true);
    m_since->setMinimumDateTime(noLimit());
    m_since->setSpecialValueText(tr("From the beginning", "evidence wizard: no since limit"));
    m_since->setDateTime(noLimit());
    form->addRow(tr("S&ince (UTC):", "evidence wizard label"), m_since);

    auto *outputRow = new QHBoxLayout;
    m_output = new QLineEdit(page);
    m_output->setObjectName(QStringLiteral("evidenceOutputEdit"));
    m_output->setAccessibleName(tr("Pack file", "accessible name: evidence wizard"));
    m_browse = new QPushButton(tr("&Browse…", "evidence wizard button"), page);
    m_browse->setObjectName(QStringLiteral("evidenceBrowseButton"));
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browse);
    form->addRow(tr("Save &as:", "evidence wizard label"), outputRow);
    m_previewButton = new QPushButton(tr("Show &control statuses", "evidence wizard button"), page);
    m_previewButton->setObjectName(QStringLiteral("evidencePreviewButton"));
    m_preview = new QPlainTextEdit(page);
    m_preview->setObjectName(QStringLiteral("evidencePreviewText"));
    m_preview->setAccessibleName(tr("Control statuses before the export", "accessible name: evidence wizard"));
    m_preview->setReadOnly(true);
    form->addRow(m_previewButton, m_preview);
    connect(m_previewButton, &QPushButton::clicked, this, &EvidenceWizard::previewControls);
    connect(m_scope, &QComboBox::currentIndexChanged, m_preview, &QPlainTextEdit::clear);
    setTabOrder(m_scope, m_since);
    setTabOrder(m_since, m_output);
    setTabOrder(m_output, m_browse);
    setTabOrder(m_browse, m_previewButton);

    page->complete = [this] { return !m_output->text().trimmed().isEmpty(); };
    connect(m_output, &QLineEdit::textChanged, page, [page] { page->notifyComplete(); });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString tenant = chosenTenant();
        const QString path = Prompts::current().saveFileName(
            this, tr("Save evidence pack", "evidence wizard: save dialog title"),
            tenant.isEmpty() ? tr("platform-evidence.zip", "evidence wizard: suggested file name")
                             : tr("%1-evidence.zip", "evidence wizard: suggested file name; %1 is the tenant")
                                   .arg(tenant),
            tr("Evidence packs (*.zip);;All files (*)", "evidence wizard: save dialog filter"));
        if (!path.isEmpty())
            m_output->setText(path);
    });
    addPage(page);
}

void EvidenceWizard::previewControls()
{
    QJsonObject body;
    const QString tenant = chosenTenant();
    if (tenant.isEmpty())
        body.insert(QStringLiteral("all"), true);
    else
        body.insert(QStringLiteral("tenant"), tenant);
    if (m_since->dateTime() > noLimit())
        body.insert(QStringLiteral("since"), m_since->dateTime().toUTC().toString(Qt::ISODate));
    m_previewButton->setEnabled(false);
    m_preview->setPlainText(tr("Assessing the controls…", "evidence wizard: preview while loading"));
    m_session->admin()->post(QStringLiteral("/admin/v1/evidence/preview"), body, this,
                             [this](const models::AdminResult &result) {
                                 m_previewButton->setEnabled(true);
                                 if (!result.ok()) {
                                     m_preview->setPlainText(models::describeAdminError(result.error));
                                     Q_EMIT previewed(false);
                                     return;
                                 }
                                 m_preview->setPlainText(controlStatusLines(
                                     result.body.value(QLatin1StringView("controls")).toArray()));
                                 Q_EMIT previewed(true);
                             });
}

void EvidenceWizard::buildExportPage()
{
    m_exportPage = new CallbackPage(this);
    m_exportPage->setObjectName(QStringLiteral("evidenceExportPage"));
    m_exportPage->setTitle(tr("Export", "evidence wizard page title"));
    m_exportPage->setSubTitle(tr("The daemon gathers and signs the evidence; the console saves the pack.",
                                 "evidence wizard page subtitle"));
    // Once the pack is saved, going back would only export it again.
    m_exportPage->setCommitPage(true);
    auto *layout = new QVBoxLayout(m_exportPage);
    m_progress = new QProgressBar(m_exportPage);
    m_progress->setObjectName(QStringLiteral("evidenceExportProgress"));
    m_progress->setAccessibleName(tr("Export progress", "accessible name: evidence wizard"));
    m_progress->setRange(0, 0);
    m_exportStatus = new QLabel(m_exportPage);
    m_exportStatus->setObjectName(QStringLiteral("evidenceExportStatusLabel"));
    m_exportStatus->setWordWrap(true);
    layout->addWidget(m_progress);
    layout->addWidget(m_exportStatus);
    layout->addStretch();
    m_exportPage->complete = [this] { return m_job->succeeded(); };
    m_exportPage->initialize = [this] { startExport(); };
    addPage(m_exportPage);
}

void EvidenceWizard::buildVerifyPage()
{
    auto *page = new CallbackPage(this);
    page->setObjectName(QStringLiteral("evidenceVerifyPage"));
    page->setTitle(tr("Verify", "evidence wizard page title"));
    page->setSubTitle(tr("The saved pack is checked offline, as an auditor would.", "evidence wizard page subtitle"));
    auto *layout = new QVBoxLayout(page);
    m_verdict = new QLabel(page);
    m_verdict->setObjectName(QStringLiteral("evidenceVerdictLabel"));
    m_verdict->setWordWrap(true);
    m_verifyText = new QPlainTextEdit(page);
    m_verifyText->setObjectName(QStringLiteral("evidenceVerifyText"));
    m_verifyText->setAccessibleName(tr("Verification details", "accessible name: evidence wizard"));
    m_verifyText->setReadOnly(true);
    // What the auditor hands over, control by control, read from the pack that just verified.
    m_controlStatus = new QPlainTextEdit(page);
    m_controlStatus->setObjectName(QStringLiteral("evidenceControlStatusText"));
    m_controlStatus->setAccessibleName(tr("Control statuses", "accessible name: evidence wizard"));
    m_controlStatus->setReadOnly(true);
    layout->addWidget(m_verdict);
    layout->addWidget(m_verifyText, 1);
    layout->addWidget(new QLabel(tr("Control statuses in this pack:", "evidence wizard label"), page));
    layout->addWidget(m_controlStatus, 1);
    page->initialize = [this] { runVerification(); };
    addPage(page);
}

void EvidenceWizard::startExport()
{
    if (m_job->isRunning())
        return;
    m_progress->setRange(0, 0);
    m_exportStatus->setText(tr("Requesting the evidence pack…", "evidence wizard"));
    const QDateTime since = m_since->dateTime() > noLimit() ? m_since->dateTime() : QDateTime();
    m_job->start(chosenTenant(), since, m_output->text().trimmed());
    m_exportPage->notifyComplete();
}

void EvidenceWizard::runVerification()
{
    const PackVerdict verdict = verifyPackBytes(m_job->pack(), m_job->fingerprint(), m_job->sha256());
    m_verdict->setText(verdict.summary);
    m_verdict->setStyleSheet(verdict.ok ? QStringLiteral("color: #1e7b34; font-weight: bold;")
                                        : QStringLiteral("color: #a31515; font-weight: bold;"));
    m_verifyText->setPlainText(verdict.details);
    m_controlStatus->clear();
    if (verdict.ok) {
        const QByteArray &zip = m_job->pack();
        for (const auto &m : evidence::readZip(std::string_view(zip.constData(), std::size_t(zip.size()))).members) {
            if (m.name != "controls.json")
                continue;
            m_controlStatus->setPlainText(controlStatusLines(QJsonDocument::fromJson(QByteArray::fromStdString(m.bytes))
                                                                 .object()
                                                                 .value(QLatin1StringView("controls"))
                                                                 .toArray()));
        }
    }
    Q_EMIT verified(verdict.ok);
}

} // namespace bulkhead::ui
