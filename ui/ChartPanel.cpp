#include "ui/ChartPanel.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QValueAxis>

#include <cmath>

namespace bulkhead::ui {

ChartPanel::ChartPanel(QChart *chart, const QString &objectName, const QString &accessibleName,
                       QWidget *parent)
    : QWidget(parent)
{
    chart->setLocalizeNumbers(true);
    chart->setLocale(QLocale());
    m_view = new QChartView(chart, this);
    m_view->setObjectName(objectName);
    m_view->setAccessibleName(accessibleName);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFocusPolicy(Qt::StrongFocus);  // reachable by Tab, so screen readers announce it
    m_noData = new QLabel(tr("No data yet", "chart placeholder: nothing to draw so far"), this);
    m_noData->setObjectName(objectName + QStringLiteral("NoData"));
    m_noData->setAlignment(Qt::AlignCenter);
    m_noData->setAttribute(Qt::WA_TransparentForMouseEvents);
    QFont font = m_noData->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    m_noData->setFont(font);
    m_noData->setStyleSheet(QStringLiteral("color: palette(mid);"));
    // The note sits over the chart in the same cell.
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 0, 0);
    layout->addWidget(m_noData, 0, 0, Qt::AlignCenter);
    m_noData->raise();
}

QChart *ChartPanel::chart() const
{
    return m_view->chart();
}

void ChartPanel::setEmpty(bool empty)
{
    m_noData->setVisible(empty);
    m_view->setAccessibleDescription(empty ? m_noData->text() : QString());
}

bool ChartPanel::isEmpty() const
{
    return !m_noData->isHidden();
}

WholeTicks wholeTicks(double highest, int maxTicks)
{
    WholeTicks out;
    const int intervals = std::max(1, maxTicks - 1);
    const double top = std::max(1.0, std::ceil(highest));
    // The smallest 1-2-5 step that covers `top` in at most `intervals` steps.
    double magnitude = 1;
    for (;;) {
        for (const int factor : {1, 2, 5}) {
            const double step = factor * magnitude;
            if (std::ceil(top / step) <= intervals) {
                out.step = int(step);
                out.maximum = int(std::ceil(top / step) * step);
                out.tickCount = out.maximum / out.step + 1;
                return out;
            }
        }
        magnitude *= 10;
    }
}

void applyWholeTicks(QValueAxis *axis, double highest)
{
    const WholeTicks ticks = wholeTicks(highest);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(0, ticks.maximum);
    axis->setTickCount(ticks.tickCount);
    axis->setMinorTickCount(0);
}

} // namespace bulkhead::ui
