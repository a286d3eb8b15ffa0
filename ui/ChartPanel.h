#pragma once

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QValueAxis;

namespace bulkhead::ui {

// A chart with the console's common habits: numbers in the user's locale, and a "No data yet"
// note over it while there is nothing to draw (an empty chart with bare axes reads as "zero").
class ChartPanel final : public QWidget
{
    Q_OBJECT

public:
    // Takes ownership of `chart`. `objectName` names the chart view (tests find it by that);
    // the note is "<objectName>NoData".
    ChartPanel(QChart *chart, const QString &objectName, const QString &accessibleName,
               QWidget *parent);

    QChartView *view() const { return m_view; }
    QChart *chart() const;
    void setEmpty(bool empty);
    bool isEmpty() const;

private:
    QChartView *m_view;
    QLabel *m_noData;
};

// A count axis from 0 with whole, evenly spaced ticks: at most `maxTicks` ticks, each step
// 1, 2 or 5 times a power of ten, and the top at or above `highest` (at least one step).
struct WholeTicks {
    int maximum = 1;
    int step = 1;
    int tickCount = 2;
};
WholeTicks wholeTicks(double highest, int maxTicks = 6);
void applyWholeTicks(QValueAxis *axis, double highest);

} // namespace bulkhead::ui
