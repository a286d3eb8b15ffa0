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
    // The style restores the clip it found, and "no clip" comes back as an empty clip region
    // that would hide the text: its drawing gets a painter state of its own.
    painter->save();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);
    painter->restore();

    // The text runs bottom to top: rotate about the section's bottom-left corner.
    const QFontMetrics metrics = fontMetrics();
    const QString text = metrics.elidedText(label(logicalIndex), Qt::ElideRight, rect.height() - 2 * kMargin);
    painter->save();
    painter->setPen(palette().color(QPalette::ButtonText));
    painter->setFont(font());
    painter->translate(rect.left(), rect.bottom());
    painter->rotate(-90);
    const qreal baseline = (rect.width() + metrics.ascent() - metrics.descent()) / 2.0;
    painter->drawText(QPointF(kMargin, baseline), text);
    painter->restore();
}

} // namespace bulkhead::ui
