#include "ui/ProbesView.h"

#include <QJsonObject>
#include <QtTest>

using bulkhead::ui::ProbesView;
using Progress = ProbesView::Progress;

Q_DECLARE_METATYPE(Progress)

// The progress bar of a run: a finished run reads 100 % whatever its counters say (a run shown
// from the history on opening used to read 0 %).
class ProbesViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void progressFor_data()
    {
        QTest::addColumn<QJsonObject>("progress");
        QTest::addColumn<QString>("status");
        QTest::addColumn<Progress>("expected");
        const auto counters = [](int done, int total) {
            return QJsonObject{{"done", done}, {"total", total}};
        };
        QTest::newRow("starting") << QJsonObject() << "running" << Progress{0, 0};
        QTest::newRow("halfway") << counters(6, 12) << "running" << Progress{6, 12};
        QTest::newRow("done counter past total") << counters(14, 12) << "running" << Progress{12, 12};
        QTest::newRow("passed") << counters(12, 12) << "passed" << Progress{12, 12};
        QTest::newRow("failed, counters short") << counters(3, 12) << "failed" << Progress{12, 12};
        QTest::newRow("finished from history, no counters") << QJsonObject() << "passed" << Progress{1, 1};
        QTest::newRow("finished, zero counters") << counters(0, 0) << "error" << Progress{1, 1};
        QTest::newRow("stream event without status") << counters(2, 4) << "" << Progress{2, 4};
    }

    void progressFor()
    {
        QFETCH(QJsonObject, progress);
        QFETCH(QString, status);
        QFETCH(Progress, expected);
        const Progress actual = ProbesView::progressFor(progress, status);
        QCOMPARE(actual.value, expected.value);
        QCOMPARE(actual.maximum, expected.maximum);
    }
};

QTEST_MAIN(ProbesViewTest)
#include "tst_probesview.moc"
