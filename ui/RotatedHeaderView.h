#pragma once

#include <QHeaderView>

namespace bulkhead::ui {

// A horizontal header whose labels read bottom to top, so narrow square columns (the conflict
// heatmap's tenant × tenant cells) show whole tenant ids instead of a clipped middle. The
// header is as tall as the longest label; the model's tooltip still names the section.
class RotatedHeaderView final : public QHeaderView
{
    Q_OBJECT

public:
    explicit RotatedHeaderView(QWidget *parent = nullptr);

    QSize sizeHint() const override;

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
    QSize sectionSizeFromContents(int logicalIndex) const override;

private:
    QString label(int logicalIndex) const;
    static constexpr int kMargin = 6;
};

} // namespace bulkhead::ui
