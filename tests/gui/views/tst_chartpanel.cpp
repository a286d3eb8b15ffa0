#include "ui/ChartPanel.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QValueAxis>
#include <QtTest>

using bulkhead::ui::ChartPanel;
using bulkhead::ui::WholeTicks;
using bulkhead::ui::wholeTicks;

class ChartPanelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A count axis reads 0, 1, 2 … or 0, 5, 10 …: never "1, 0, 0" from rounding a fractional
    // range to integers.
    void wholeTicks_data()
    {
        QTest::addColumn<double>("highest");
        QTest::addColumn<int>("maximum");
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("tickCount");
        QTest::newRow("nothing yet") << 0.0 << 1 << 1 << 2;
        QTest::newRow("one") << 1.0 << 1 << 1 << 2;
        QTest::newRow("three") << 3.0 << 3 << 1 << 4;
        QTest::newRow("five") << 5.0 << 5 << 1 << 6;
        QTest::newRow("six") << 6.0 << 6 << 2 << 4;
        QTest::newRow("fraction") << 4.2 << 5 << 1 << 6;
        QTest::newRow("twelve") << 12.0 << 15 << 5 << 4;
        QTest::newRow("hundred") << 100.0 << 100 << 20 << 6;
        QTest::newRow("thousand and one") << 1001.0 << 1500 << 500 << 4;
    }

    void wholeTicks()
    {
        QFETCH(double, highest);
        QFETCH(int, maximum);
        QFETCH(int, step);
        QFETCH(int, tickCount);
        const WholeTicks ticks = ::wholeTicks(highest);
        QCOMPARE(ticks.maximum, maximum);
        QCOMPARE(ticks.step, step);
        QCOMPARE(ticks.tickCount, tickCount);
        QVERIFY(ticks.maximum >= highest);
        QCOMPARE(ticks.maximum % ticks.step, 0);
        QVERIFY(ticks.tickCount <= 6);
    }

    void axisGetsTheWholeTicks()
    {
        QValueAxis axis;
        bulkhead::ui::applyWholeTicks(&axis, 1.0);
        QCOMPARE(axis.min(), 0.0);
        QCOMPARE(axis.max(), 1.0);
        QCOMPARE(axis.tickCount(), 2);
        QCOMPARE(axis.labelFormat(), QStringLiteral("%d"));
    }

    void saysNoDataUntilThereIsSome()
    {
        QWidget parent;
        auto *panel = new ChartPanel(new QChart, QStringLiteral("testChart"), QStringLiteral("A chart"), &parent);
        QCOMPARE(panel->view()->objectName(), QStringLiteral("testChart"));
        auto *note = parent.findChild<QLabel *>(QStringLiteral("testChartNoData"));
        QVERIFY(note);
        QVERIFY(!note->text().isEmpty());
        panel->setEmpty(true);
        parent.show();
        QVERIFY(note->isVisible());
        QVERIFY(panel->isEmpty());
        panel->setEmpty(false);
        QVERIFY(!note->isVisible());
        QVERIFY(!panel->isEmpty());
        // Numbers on the axes follow the user's locale.
        QVERIFY(panel->chart()->localizeNumbers());
        QCOMPARE(panel->chart()->locale(), QLocale());
    }
};

QTEST_MAIN(ChartPanelTest)
#include "tst_chartpanel.moc"
