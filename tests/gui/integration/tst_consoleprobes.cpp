#include "ConsolePlatform.h"

#include "models/ConsoleSession.h"
#include "models/ProbeMatrixModel.h"
#include "models/TenantTableModel.h"
#include "ui/MainWindow.h"
#include "ui/ProbesView.h"

#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTextBrowser>
#include <QtTest>

using namespace bulkhead;

// Probes from the console against a real daemon: the run starts from the button, the matrix
// fills cell by cell as the server-sent events arrive, and a cell drills down to its evidence.
class ConsoleProbesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        std::string error;
        QVERIFY2(m_platform.start(&error), error.c_str());
        for (const char *id : {"probe_alpha", "probe_bravo", "probe_charlie"})
            QVERIFY(!m_platform.createTenant({{"id", id}, {"tier", 2},
                                              {"system_prompt", std::string("You are the assistant of ") + id + "."}})
                         .is_null());
    }

    void runFillsTheMatrixLive()
    {
        QNetworkAccessManager network;
        models::ConsoleSession session(&network);
        ui::MainWindow window(&session);
        window.show();
        session.connectTo(m_platform.qurl(), m_platform.token());
        QTRY_VERIFY_WITH_TIMEOUT(session.isConnected() && session.tenants()->rowCount() == 3, 10000);

        auto *view = qobject_cast<ui::ProbesView *>(window.showView(QStringLiteral("probesPage")));
        QVERIFY(view);
        auto *samples = view->findChild<QSpinBox *>(QStringLiteral("probeSamplesSpin"));
        auto *run = view->findChild<QPushButton *>(QStringLiteral("runProbesButton"));
        auto *table = view->findChild<QTableView *>(QStringLiteral("probeMatrixTable"));
        auto *detail = view->findChild<QTextBrowser *>(QStringLiteral("probeDetailText"));
        QVERIFY(samples && run && table && detail);
        samples->setValue(samples->minimum());

        models::ProbeMatrixModel *matrix = view->matrixModel();
        QSignalSpy cellUpdates(matrix, &QAbstractItemModel::dataChanged);
        QSignalSpy finished(view, &ui::ProbesView::runFinished);
        QTest::mouseClick(run, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!view->currentRunId().isEmpty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);
        QCOMPARE(finished.at(0).at(0).toString(), view->currentRunId());

        // Six ordered pairs of three tenants; every layer of every pair arrived and passed.
        QCOMPARE(matrix->rowCount(), 3);
        QCOMPARE(matrix->columnCount(), 3);
        int pairs = 0, totalResults = 0;
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c) {
                const QModelIndex cell = matrix->index(r, c);
                const auto state = cell.data(models::ProbeMatrixModel::StateRole).value<models::ProbeMatrixModel::CellState>();
                if (state == models::ProbeMatrixModel::CellState::NotApplicable)
                    continue;
                ++pairs;
                const int total = cell.data(models::ProbeMatrixModel::TotalRole).toInt();
                QVERIFY(total >= 8);
                totalResults += total;
                QCOMPARE(cell.data(models::ProbeMatrixModel::FailedRole).toInt(), 0);
                QCOMPARE(state, models::ProbeMatrixModel::CellState::Passed);
            }
        }
        QCOMPARE(pairs, 6);
        QVERIFY(finished.at(0).at(1).toBool());
        // Filled incrementally: many single-cell updates, not one load at the end.
        QVERIFY2(cellUpdates.count() >= totalResults / 2,
                 qPrintable(QStringLiteral("%1 updates for %2 results").arg(cellUpdates.count()).arg(totalResults)));

        // Drill-down: selecting a pair shows its layers' evidence.
        const QModelIndex pair = table->model()->index(0, 1);
        table->setCurrentIndex(pair);
        table->selectionModel()->select(pair, QItemSelectionModel::ClearAndSelect);
        QTRY_VERIFY(detail->toPlainText().contains(QStringLiteral("retrieval_bleed")));
    }

    void cleanupTestCase() { m_platform.stop(); }

private:
    testsupport::ConsolePlatform m_platform;
};

QTEST_MAIN(ConsoleProbesTest)
#include "tst_consoleprobes.moc"
