#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QString>
#include <QWizard>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace bulkhead::models {
class AdminClient;
class ConsoleSession;
}

namespace bulkhead::ui {

class CallbackPage;

// What the offline verifier concluded about a pack, as translated text.
struct PackVerdict {
    bool ok = false;
    QString summary;  // one sentence
    QString details;  // several lines: fingerprint, generation time, scope, members checked
};

// Runs bulkhead::evidence::verifyPack on `zip`. A non-empty `expectedFingerprint` (what the
// daemon reported) must sign the pack; a non-empty `expectedSha256` must be the bytes' hash.
PackVerdict verifyPackBytes(const QByteArray &zip, const QString &expectedFingerprint = {},
                            const QString &expectedSha256 = {});

// One evidence export through the admin API: POST /admin/v1/evidence/exports, poll its status
// every 300 ms, download the pack and write it to a file (beside it as .partial first, so a
// failure leaves nothing that looks like a pack).
class EvidenceExportJob final : public QObject
{
    Q_OBJECT

public:
    EvidenceExportJob(models::AdminClient *client, QObject *parent);
    ~EvidenceExportJob() override;

    // `tenant` empty: the whole platform. An invalid `since`: everything.
    bool start(const QString &tenant, const QDateTime &since, const QString &path);
    bool isRunning() const { return m_running; }
    bool succeeded() const { return m_succeeded; }
    QString path() const { return m_path; }
    QString exportId() const { return m_id; }
    QByteArray pack() const { return m_pack; }
    // As the daemon reported them for this export.
    QString fingerprint() const { return m_fingerprint; }
    QString sha256() const { return m_sha256; }

    static constexpr int kPollMs = 300;

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    // `message` is a translated sentence (empty on success).
    void finished(bool ok, const QString &message);

private:
    // /admin/v1/evidence/exports/{id} of this job.
    QString exportPath() const;
    void poll();
    void download();
    void fail(const QString &message);

    models::AdminClient *m_client;
    QString m_path;
    QString m_id;
    QByteArray m_pack;
    QString m_fingerprint;
    QString m_sha256;
    QFile m_partial;
    bool m_running = false;
    bool m_succeeded = false;
    quint64 m_generation = 0;  // a restarted job ignores the replies of the previous one
};

// Export wizard: scope and file, export with progress, offline verification of the saved pack.
class EvidenceWizard final : public QWizard
{
    Q_OBJECT

public:
    EvidenceWizard(models::ConsoleSession *session, QWidget *parent);

    EvidenceExportJob *job() const { return m_job; }
    // The scope page's choice: empty for the whole platform.
    QString chosenTenant() const;

    // Asks the daemon for the control statuses of the chosen scope (POST
    // /admin/v1/evidence/preview) and shows them on the scope page; previewed() when they arrive.
    void previewControls();

Q_SIGNALS:
    void previewed(bool ok);
    void exportFinished(bool ok, const QString &path);
    void verified(bool ok);

private:
    void buildScopePage();
    void buildExportPage();
    void buildVerifyPage();
    void startExport();
    void runVerification();

    models::ConsoleSession *m_session;
    EvidenceExportJob *m_job;
    QComboBox *m_scope = nullptr;
    QDateTimeEdit *m_since = nullptr;
    QLineEdit *m_output = nullptr;
    QPushButton *m_browse = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_exportStatus = nullptr;
    QPlainTextEdit *m_verifyText = nullptr;
    QPlainTextEdit *m_controlStatus = nullptr;  // controls.json of a verified pack
    QPushButton *m_previewButton = nullptr;
    QPlainTextEdit *m_preview = nullptr;  // the scope's control statuses before the export
    QLabel *m_verdict = nullptr;
    CallbackPage *m_exportPage = nullptr;
};

} // namespace bulkhead::ui
