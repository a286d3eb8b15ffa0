#include "ui/RotatedHeaderView.h"

#include <QPainter>
#include <QStyleOptionHeader>

namespace bulkhead::ui {

RotatedHeaderView::RotatedHeaderView(QWidget *parent) : QHeaderView(Qt::Horizontal, parent)
{
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

QString RotatedHeaderView::label(int logicalIndex) const
{
    return model() ? model()->headerData(logicalIndex, orientation(), Qt::DisplayRole).toString()
                   : QString();
}

QSize RotatedHeaderView::sectionSizeFromContents(int logicalIndex) const
{
    // Width and height swap: the text runs along the header's height.
    const QFontMetrics metrics(font());
    return {metrics.height() + 2 * kMargin,
            metrics.horizontalAdvance(label(logicalIndex)) + 2 * kMargin};
}

QSize RotatedHeaderView::sizeHint() const
{
    QSize hint = QHeaderView::sizeHint();
    int tallest = hint.height();
    for (int section = 0; model() && section < count(); ++section)
        tallest = std::max(tallest, sectionSizeFromContents(section).height());
    hint.setHeight(tallest);
    return hint;
}

void RotatedHeaderView::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    if (!rect.isValid())
        return;
    // The frame and background as the style draws them, without text.
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    option.text.clear();
    if (selectionModel() && selectionModel()->isColumnSelected(logicalIndex, rootIndex()))
        option.state |= QStyle::State_On;
    style()->drawControl(QStyle::CE_Header, &option, painter, this);

    painter->save();
    painter->translate(rect.left(), rect.bottom());
    painter->rotate(-90);
    const QRect textRect(kMargin, 0, rect.height() - 2 * kMargin, rect.width());
    painter->setPen(palette().color(QPalette::ButtonText));
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                      fontMetrics().elidedText(label(logicalIndex), Qt::ElideRight, textRect.width()));
    painter->restore();
}

} // namespace bulkhead::ui
