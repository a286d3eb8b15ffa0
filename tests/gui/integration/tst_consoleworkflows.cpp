#include "ConsolePlatform.h"

#include "ctl/Cli.h"

#include "models/ClassificationMatrixModel.h"
#include "models/ConsoleSession.h"
#include "models/EncryptionKeyModel.h"
#include "models/LogTableModel.h"
#include "models/TenantTableModel.h"
#include "ui/EvidenceView.h"
#include "ui/EvidenceWizard.h"
#include "ui/SettingsView.h"
#include "ui/KeysView.h"
#include "ui/LogsView.h"
#include "ui/MainWindow.h"
#include "models/MetricsHistory.h"
#include "ui/MatrixView.h"
#include "ui/OverviewView.h"
#include "ui/Prompts.h"
#include "ui/TenantDialog.h"
#include "ui/TenantsView.h"
#include "ui/TiersView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QLabel>
#include <QTableWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <sstream>

using namespace bulkhead;

namespace {

// Answers every modal question the way the test says, without a nested event loop.
class ScriptedPrompts final : public ui::Prompts
{
public:
    QString typed;          // what the user "types" into a typed confirmation
    bool answer = true;     // yes/no answers
    int typedAsked = 0;

    QString saveFileName(QWidget *, const QString &, const QString &, const QString &) override { return {}; }
    QString openFileName(QWidget *, const QString &, const QString &) override { return {}; }
    bool confirm(QWidget *, const QString &, const QString &) override { return answer; }
    bool confirmByTyping(QWidget *, const QString &, const QString &, const QString &expected) override
    {
        ++typedAsked;
        return typed == expected;
    }
    void warn(QWidget *, const QString &, const QString &) override {}
};

// A main window connected to the platform with `token`; the session's answers arrive later.
struct Console
{
    QNetworkAccessManager network;
    models::ConsoleSession session{&network};
    ui::MainWindow window{&session};
};

const models::TenantTableModel::Tenant *findTenant(models::ConsoleSession &session, const QString &id)
{
    for (int row = 0; row < session.tenants()->rowCount(); ++row)
        if (session.tenants()->tenant(row)->id == id)
            return session.tenants()->tenant(row);
    return nullptr;
}

} // namespace

// The console's must-show workflows, each against the real daemon, PostgreSQL and keychain.
class ConsoleWorkflowsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ui::Prompts::install(&m_prompts);
        std::string error;
        QVERIFY2(m_platform.start(&error), error.c_str());
        QVERIFY(!m_platform.createTenant({{"id", "wf_retail"}, {"classifications", {"PII"}}, {"tier", 2}}).is_null());
        QVERIFY(!m_platform.createTenant({{"id", "wf_claims"}, {"classifications", {"PII"}}, {"tier", 2}}).is_null());
        // Traffic: audit records of two tenants.
        m_retailRecords = 4;
        const std::string retail = m_platform.issueApiKey("wf_retail");
        const std::string claims = m_platform.issueApiKey("wf_claims");
        for (int i = 0; i < m_retailRecords; ++i)
            QCOMPARE(m_platform.chat(retail, "retail question"), 200);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(m_platform.chat(claims, "claims question"), 200);
    }

    void cleanupTestCase()
    {
        ui::Prompts::install(nullptr);
        m_platform.stop();
    }

    void addTenantThroughTheDialogShowsItsViolation()
    {
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin() && session.tenants()->rowCount() >= 2, 10000);
        auto *view = qobject_cast<ui::TenantsView *>(window.showView(QStringLiteral("tenantsPage")));
        QVERIFY(view);
        QTRY_VERIFY(view->findChild<QPushButton *>(QStringLiteral("addTenantButton"))->isEnabled());

        ui::TenantDialog *dialog = view->openAddDialog();
        QVERIFY(dialog);
        auto *id = dialog->findChild<QLineEdit *>(QStringLiteral("tenantIdEdit"));
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("tenantDialogOkButton"));
        QVERIFY(id && ok);
        QTest::keyClicks(id, QStringLiteral("Bad Id!"));
        QVERIFY(!ok->isEnabled());  // validated before anything is sent
        id->clear();
        QTest::keyClicks(id, QStringLiteral("wf_hospital"));
        dialog->findChild<QCheckBox *>(QStringLiteral("classification_PHI"))->setChecked(true);
        auto *relationship = dialog->findChild<QComboBox *>(QStringLiteral("tenantRelationshipCombo"));
        relationship->setCurrentIndex(relationship->findData(QStringLiteral("external")));
        auto *tier = dialog->findChild<QComboBox *>(QStringLiteral("tenantTierCombo"));
        tier->setCurrentIndex(tier->findData(1));
        QVERIFY(ok->isEnabled());
        QSignalSpy saved(dialog, &ui::TenantDialog::saved);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);

        // It shows up, below its minimum tier (external PHI beside others needs tier 3), highlighted.
        QTRY_VERIFY_WITH_TIMEOUT(findTenant(session, QStringLiteral("wf_hospital")), 10000);
        const auto *created = findTenant(session, QStringLiteral("wf_hospital"));
        QVERIFY(created->violation);
        QCOMPARE(created->minimumTier, 3);
        QCOMPARE(created->chosenTier, 1);
        for (int row = 0; row < session.tenants()->rowCount(); ++row)
            if (session.tenants()->tenant(row)->id == QLatin1StringView("wf_hospital"))
                QVERIFY(session.tenants()->index(row, 0).data(Qt::BackgroundRole).isValid());
    }

    void editingTheMatrixChangesTheMinimumTier()
    {
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin() && findTenant(session, QStringLiteral("wf_claims")), 10000);
        auto *view = qobject_cast<ui::MatrixView *>(window.showView(QStringLiteral("matrixPage")));
        QVERIFY(view);
        models::ClassificationMatrixModel *matrix = view->matrixModel();
        QTRY_VERIFY(matrix->rowCount() >= 2);

        auto rowOf = [matrix](const QString &id) {
            for (int row = 0; row < matrix->rowCount(); ++row)
                if (matrix->headerData(row, Qt::Vertical).toString() == id)
                    return row;
            return -1;
        };
        auto minimumOf = [matrix, &rowOf](const QString &id) {
            return matrix->index(rowOf(id), models::ClassificationMatrixModel::MinimumTierColumn).data().toInt();
        };
        const int before = minimumOf(QStringLiteral("wf_claims"));
        QVERIFY(rowOf(QStringLiteral("wf_claims")) >= 0);

        // An external tenant with PII needs tier 2 (R2); with PHI beside other tenants it needs
        // tier 3 (R4). Make wf_claims external, then tick PHI in the matrix.
        const auto *claims = findTenant(session, QStringLiteral("wf_claims"));
        QVERIFY(m_platform.admin().call("PATCH", "/admin/v1/tenants/wf_claims",
                                        {{"relationship", "external"}, {"version", claims->version}}).ok());
        session.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(findTenant(session, QStringLiteral("wf_claims"))->relationship
                                     == QLatin1StringView("external"), 10000);
        QTRY_COMPARE(minimumOf(QStringLiteral("wf_claims")), 2);
        QVERIFY(before <= 2);

        const QModelIndex phi = matrix->index(rowOf(QStringLiteral("wf_claims")),
                                              models::ClassificationMatrixModel::PhiColumn);
        QCOMPARE(phi.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(matrix->flags(phi) & Qt::ItemIsUserCheckable);
        // The model writes nothing locally: it asks the view to PATCH, and shows what comes back.
        QSignalSpy requested(matrix, &models::ClassificationMatrixModel::changeRequested);
        matrix->setData(phi, Qt::Checked, Qt::CheckStateRole);
        QCOMPARE(requested.count(), 1);
        // The daemon now says: external PHI on a shared platform needs tier 3 (R4).
        QTRY_COMPARE_WITH_TIMEOUT(minimumOf(QStringLiteral("wf_claims")), 3, 10000);
        QCOMPARE(matrix->index(rowOf(QStringLiteral("wf_claims")), models::ClassificationMatrixModel::PhiColumn)
                     .data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(findTenant(session, QStringLiteral("wf_claims"))->classifications.contains(QStringLiteral("PHI")));
    }

    void tenantAuditorBrowsesOnlyItsOwnLogs()
    {
        const QString auditorToken = QString::fromStdString(m_platform.issueAuditorToken("wf_retail"));
        QVERIFY(!auditorToken.isEmpty());
        auto console = openConsole(auditorToken);
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_COMPARE_WITH_TIMEOUT(session.role(), QStringLiteral("tenant-auditor"), 10000);
        QCOMPARE(session.principalTenant(), QStringLiteral("wf_retail"));
        // The inventory it may see is its own tenant only.
        QTRY_COMPARE(session.tenants()->rowCount(), 1);

        auto *view = qobject_cast<ui::LogsView *>(window.showView(QStringLiteral("logsPage")));
        QVERIFY(view);
        auto *tenantCombo = view->findChild<QComboBox *>(QStringLiteral("logTenantCombo"));
        QVERIFY(tenantCombo);
        QTRY_COMPARE(tenantCombo->count(), 1);
        QCOMPARE(tenantCombo->currentText(), QStringLiteral("wf_retail"));
        QVERIFY(!tenantCombo->isEnabled());

        models::LogTableModel *logs = view->logModel();
        QTRY_COMPARE_WITH_TIMEOUT(logs->rowCount(), m_retailRecords, 10000);
        QCOMPARE(logs->tenant(), QStringLiteral("wf_retail"));
        for (int row = 0; row < logs->rowCount(); ++row) {
            const auto record = logs->cachedRecord(logs->index(row, 0).data(models::LogTableModel::SeqRole).toLongLong());
            if (record)
                QCOMPARE(record->value(QStringLiteral("tenant")).toString(), QStringLiteral("wf_retail"));
        }

        // Asking for the other tenant gets a refusal and no rows.
        QSignalSpy failed(logs, &models::LogTableModel::failed);
        logs->setTenant(QStringLiteral("wf_claims"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QCOMPARE(failed.at(0).at(0).value<models::AdminError>(), models::AdminError(protocol::ApiErrorCode::PermissionDenied));
        QCOMPARE(logs->rowCount(), 0);
        // The refusal stops paging: the view's next layout asks for nothing more (this used to
        // send the refused request again and report the refusal twice).
        QVERIFY(logs->hasFailed());
        QVERIFY(!logs->canFetchMore({}));
        QSignalSpy sent(session.admin(), &models::AdminClient::requestSent);
        view->findChild<QTableView *>(QStringLiteral("logTable"))->doItemsLayout();
        logs->fetchMore({});
        QCOMPARE(sent.count(), 0);
        QCOMPARE(failed.count(), 1);

        // The chain of its own log verifies.
        logs->setTenant(QStringLiteral("wf_retail"));
        QSignalSpy verified(view, &ui::LogsView::chainVerified);
        view->verifyChain();
        QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 1, 10000);
        QVERIFY(verified.at(0).at(0).toBool());

        // A proof for the selected record, saved and checked offline against the pinned key. A
        // fresh record is proven once a checkpoint covers it (at most the writer's interval).
        auto *table = view->findChild<QTableView *>(QStringLiteral("logTable"));
        QTRY_VERIFY_WITH_TIMEOUT(logs->rowCount() > 0, 10000);
        table->setCurrentIndex(logs->index(0, 0));
        QVERIFY(view->findChild<QPushButton *>(QStringLiteral("exportProofButton"))->isEnabled());
        QTemporaryDir dir;
        const QString proof = dir.filePath(QStringLiteral("proof.json"));
        QSignalSpy exported(view, &ui::LogsView::proofExported);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
        bool saved = false;
        while (!saved && std::chrono::steady_clock::now() < deadline) {
            exported.clear();
            QVERIFY(view->exportProofTo(proof));
            QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 10000);
            saved = exported.at(0).at(0).toBool();
            if (!saved)
                QTest::qWait(500);
        }
        QVERIFY(saved);
        const std::string fingerprint =
            m_platform.admin().call("GET", "/admin/v1/whoami").body.value("signing_key_fingerprint", "");
        std::ostringstream out, err;
        QCOMPARE(ctl::runCli({"logs", "verify-proof", proof.toStdString(), "--fingerprint", fingerprint}, out, err), 0);
        QVERIFY2(out.str().find("is in the signed log") != std::string::npos, out.str().c_str());
    }

    void exportEvidenceThenVerifyIt()
    {
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin(), 10000);
        auto *view = qobject_cast<ui::EvidenceView *>(window.showView(QStringLiteral("evidencePage")));
        QVERIFY(view);
        const QString pack = m_platform.scratch(QStringLiteral("wf_retail.zip"));
        QSignalSpy exported(view, &ui::EvidenceView::exportFinished);
        QVERIFY(view->exportPack(QStringLiteral("wf_retail"), pack));
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 120000);
        QVERIFY(exported.at(0).at(0).toBool());
        QVERIFY(QFile::exists(pack));
        QVERIFY(!QFile::exists(pack + QStringLiteral(".partial")));

        QSignalSpy verified(view, &ui::EvidenceView::verified);
        QVERIFY(view->verifyFile(pack));
        QCOMPARE(verified.count(), 1);
        QVERIFY(verified.at(0).at(0).toBool());

        // One flipped byte in a copy: the verifier refuses it.
        QFile original(pack);
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x20);
        const QString tampered = m_platform.scratch(QStringLiteral("tampered.zip"));
        QFile out(tampered);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        out.close();
        QVERIFY(!view->verifyFile(tampered));
        QCOMPARE(verified.count(), 2);
        QVERIFY(!verified.at(1).at(0).toBool());
    }

    void evidenceWizardExportsThenVerifies()
    {
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin() && session.tenants()->rowCount() >= 2, 10000);
        auto *view = qobject_cast<ui::EvidenceView *>(window.showView(QStringLiteral("evidencePage")));
        QVERIFY(view);
        ui::EvidenceWizard *wizard = view->openWizard();
        QVERIFY(wizard);
        auto *scope = wizard->findChild<QComboBox *>(QStringLiteral("evidenceScopeCombo"));
        auto *output = wizard->findChild<QLineEdit *>(QStringLiteral("evidenceOutputEdit"));
        QVERIFY(scope && output);
        QTRY_VERIFY(scope->findData(QStringLiteral("wf_claims")) >= 0);
        scope->setCurrentIndex(scope->findData(QStringLiteral("wf_claims")));
        const QString pack = m_platform.scratch(QStringLiteral("wizard.zip"));
        output->setText(pack);
        // Before the export: the control statuses of that scope, as the daemon assesses them.
        QSignalSpy previewed(wizard, &ui::EvidenceWizard::previewed);
        wizard->findChild<QPushButton *>(QStringLiteral("evidencePreviewButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(previewed.count(), 1, 60000);
        QVERIFY(previewed.at(0).at(0).toBool());
        const QString before = wizard->findChild<QPlainTextEdit *>(QStringLiteral("evidencePreviewText"))->toPlainText();

        QSignalSpy exported(wizard, &ui::EvidenceWizard::exportFinished);
        QSignalSpy verified(wizard, &ui::EvidenceWizard::verified);
        wizard->next();  // scope → export: the export starts, with progress
        auto *progress = wizard->findChild<QProgressBar *>(QStringLiteral("evidenceExportProgress"));
        QVERIFY(progress);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 120000);
        QVERIFY(exported.at(0).at(0).toBool());
        QCOMPARE(progress->value(), progress->maximum());
        QVERIFY(QFile::exists(pack));
        wizard->next();  // export → verify
        QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 1, 30000);
        QVERIFY(verified.at(0).at(0).toBool());
        // The verified pack's control statuses, one line per control.
        const QString statuses =
            wizard->findChild<QPlainTextEdit *>(QStringLiteral("evidenceControlStatusText"))->toPlainText();
        QVERIFY2(statuses.contains(QStringLiteral("SC-4 ")) && statuses.contains(QStringLiteral("AU-10 ")),
                 qPrintable(statuses));
        QCOMPARE(statuses.count(QLatin1Char('\n')) + 1, 12);
        QCOMPARE(statuses, before);  // the pack says what the preview showed
        wizard->close();
    }

    void settingsAddAnUpstream()
    {
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin(), 10000);
        auto *view = qobject_cast<ui::SettingsView *>(window.showView(QStringLiteral("settingsPage")));
        QVERIFY(view);
        auto *table = view->findChild<QTableWidget *>(QStringLiteral("upstreamTable"));
        QVERIFY(table);
        QSignalSpy loaded(view, &ui::SettingsView::upstreamsLoaded);
        view->activate();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 10000);
        const int before = table->rowCount();
        // A bad address is refused by the daemon, and nothing is added.
        QSignalSpy added(view, &ui::SettingsView::upstreamAdded);
        view->addUpstream(QStringLiteral("wf_bad"), QStringLiteral("not a url"), QString());
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, 10000);
        QCOMPARE(added.at(0).at(0).toBool(), false);
        view->activate();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 2, 10000);
        QCOMPARE(table->rowCount(), before);
        auto *message = view->findChild<QLabel *>(QStringLiteral("settingsMessageLabel"));
        QVERIFY(message && !message->text().isEmpty());

        view->addUpstream(QStringLiteral("wf_dedicated"), QString::fromStdString(m_platform.upstream()),
                          QStringLiteral("wf_claims"));
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 2, 10000);
        QCOMPARE(added.at(1).at(0).toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), before + 1, 10000);
        bool found = false;
        for (int row = 0; row < table->rowCount(); ++row)
            found = found || (table->item(row, 0)->text() == QLatin1StringView("wf_dedicated") &&
                              table->item(row, 2)->text() == QLatin1StringView("wf_claims"));
        QVERIFY(found);
    }

    void shreddingNeedsTheTenantIdTyped()
    {
        QVERIFY(!m_platform.createTenant({{"id", "wf_leaving"}, {"classifications", {"PII"}}, {"tier", 2}}).is_null());
        // Its first audited request gives it a key-encryption key and a data key.
        QCOMPARE(m_platform.chat(m_platform.issueApiKey("wf_leaving"), "last question"), 200);
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin() && findTenant(session, QStringLiteral("wf_leaving")), 10000);
        auto *view = qobject_cast<ui::KeysView *>(window.showView(QStringLiteral("keysPage")));
        QVERIFY(view);
        auto *combo = view->findChild<QComboBox *>(QStringLiteral("keysTenantCombo"));
        QTRY_VERIFY(combo->findText(QStringLiteral("wf_leaving")) >= 0);
        combo->setCurrentIndex(combo->findText(QStringLiteral("wf_leaving")));
        QTRY_COMPARE(view->currentTenant(), QStringLiteral("wf_leaving"));
        QTRY_VERIFY_WITH_TIMEOUT(view->keyModel()->rowCount() >= 1, 10000);
        // The signing key an auditor pins is shown, as the daemon names it.
        const std::string signingKey =
            m_platform.admin().call("GET", "/admin/v1/whoami").body.value("signing_key_fingerprint", "");
        QVERIFY(signingKey.starts_with("SHA256:"));
        QCOMPARE(view->findChild<QLabel *>(QStringLiteral("signingKeyFingerprintLabel"))->text(),
                 QString::fromStdString(signingKey));

        // A near miss does nothing.
        QSignalSpy finished(view, &ui::KeysView::actionFinished);
        // shredTenant() decides synchronously: a request would have left inside it.
        QSignalSpy sent(session.admin(), &models::AdminClient::requestSent);
        m_prompts.typed = QStringLiteral("wf_leavin");
        QVERIFY(!view->shredTenant());
        QCOMPARE(m_prompts.typedAsked, 1);
        QCOMPARE(sent.count(), 0);
        QCOMPARE(finished.count(), 0);
        QVERIFY(m_platform.admin().call("GET", "/admin/v1/tenants/wf_leaving/encryption-keys").ok());

        // The exact id shreds: the daemon says so and the key material is gone.
        m_prompts.typed = QStringLiteral("wf_leaving");
        QVERIFY(view->shredTenant());
        QVERIFY(!sent.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(finished.at(0).at(0).toBool());
        const auto keys = m_platform.admin().call("GET", "/admin/v1/tenants/wf_leaving/encryption-keys");
        bool anyActive = false;
        for (const auto &k : keys.body.value("keys", nlohmann::json::array()))
            anyActive = anyActive || k.value("active", false);
        QVERIFY2(!keys.ok() || !anyActive, keys.body.dump().c_str());
    }

    void changingATierMigratesWithProgress()
    {
        QVERIFY(!m_platform.createTenant({{"id", "wf_moving"}, {"classifications", {"PII"}}, {"tier", 1}}).is_null());
        const std::string key = m_platform.issueApiKey("wf_moving");
        for (int i = 0; i < 6; ++i)
            QVERIFY(m_platform.addDocument(key, "moving tenant's document number " + std::to_string(i)));
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin() && findTenant(session, QStringLiteral("wf_moving")), 10000);
        auto *view = qobject_cast<ui::TiersView *>(window.showView(QStringLiteral("tiersPage")));
        QVERIFY(view);
        auto *progress = view->findChild<QProgressBar *>(QStringLiteral("tierMigrationProgress"));
        auto *status = view->findChild<QLabel *>(QStringLiteral("tierMigrationStatus"));
        QVERIFY(progress && status);

        QSignalSpy progressed(progress, &QProgressBar::valueChanged);
        view->applyTier(QStringLiteral("wf_moving"), 2);
        QTRY_COMPARE_WITH_TIMEOUT(view->migratingTenant(), QStringLiteral("wf_moving"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(view->migratingTenant().isEmpty(), 60000);
        QVERIFY2(progress->value() == 100, qPrintable(status->text()));
        QVERIFY(progressed.count() >= 1);
        // The daemon agrees: tier 2 chosen, every document readable there.
        QTRY_COMPARE_WITH_TIMEOUT(findTenant(session, QStringLiteral("wf_moving"))->chosenTier, 2, 10000);
        const auto migration = m_platform.admin().call("GET", "/admin/v1/tenants/wf_moving/migration");
        QVERIFY2(migration.ok(), migration.body.dump().c_str());
        QCOMPARE(migration.body.value("phase", std::string()), std::string("done"));
        QCOMPARE(migration.body.value("moved", 0), 6);
        QVERIFY(status->text().contains(QStringLiteral("wf_moving")));
    }

    void overviewChartsFollowTraffic()
    {
        auto console = openConsole(m_platform.token());
        models::ConsoleSession &session = console->session;
        ui::MainWindow &window = console->window;
        QTRY_VERIFY_WITH_TIMEOUT(session.isPlatformAdmin(), 10000);
        auto *view = qobject_cast<ui::OverviewView *>(window.showView(QStringLiteral("overviewPage")));
        QVERIFY(view);
        models::MetricsHistory *history = view->metricsHistory();
        view->refreshMetrics();
        QTRY_VERIFY_WITH_TIMEOUT(history->rowCount() >= 1, 10000);
        const int before = history->rowCount();
        const double totalBefore =
            history->index(before - 1, models::MetricsHistory::TotalColumn).data(models::MetricsHistory::TotalRole).toDouble();
        const std::string key = m_platform.issueApiKey("wf_retail");
        for (int i = 0; i < 5; ++i)
            QCOMPARE(m_platform.chat(key, "more traffic"), 200);
        view->refreshMetrics();
        QTRY_VERIFY_WITH_TIMEOUT(history->rowCount() > before, 10000);
        const int last = history->rowCount() - 1;
        // The five requests are counted, and the rate since the previous scrape is positive.
        QVERIFY(history->index(last, 0).data(models::MetricsHistory::TotalRole).toDouble() >= totalBefore + 5);
        QVERIFY(history->index(last, 0).data(models::MetricsHistory::RateRole).toDouble() > 0);
        auto *violations = view->findChild<QLabel *>(QStringLiteral("violationCountLabel"));
        auto *ready = view->findChild<QLabel *>(QStringLiteral("daemonReadyLabel"));
        QVERIFY(violations && ready);
        QTRY_VERIFY(!ready->text().isEmpty());
    }

private:
    std::unique_ptr<Console> openConsole(const QString &token)
    {
        auto console = std::make_unique<Console>();
        console->window.show();
        console->session.connectTo(m_platform.qurl(), token);
        return console;
    }

    testsupport::ConsolePlatform m_platform;
    ScriptedPrompts m_prompts;
    int m_retailRecords = 0;
};

QTEST_MAIN(ConsoleWorkflowsTest)
#include "tst_consoleworkflows.moc"
