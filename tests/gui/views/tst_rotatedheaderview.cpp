#include "ui/RotatedHeaderView.h"

#include <QStandardItemModel>
#include <QTableView>
#include <QtTest>

using bulkhead::ui::RotatedHeaderView;

// The conflict heatmap's narrow columns: the rotated header is tall enough for the longest
// tenant id, so no id is clipped ("ne_re" for "acme_reinsurance").
class RotatedHeaderViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tallEnoughForTheLongestLabel()
    {
        QStandardItemModel model(3, 3);
        const QStringList ids{QStringLiteral("acme_reinsurance"), QStringLiteral("casualty"),
                              QStringLiteral("life")};
        model.setHorizontalHeaderLabels(ids);
        QTableView table;
        auto *header = new RotatedHeaderView(&table);
        table.setHorizontalHeader(header);
        table.setModel(&model);
        header->setSectionResizeMode(QHeaderView::Fixed);
        header->setDefaultSectionSize(34);
        table.resize(400, 400);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));

        const int longest = header->fontMetrics().horizontalAdvance(ids.first());
        QVERIFY2(header->sizeHint().height() > longest,
                 qPrintable(QStringLiteral("%1 <= %2").arg(header->sizeHint().height()).arg(longest)));
        QVERIFY(header->height() > longest);
        QCOMPARE(header->sectionSize(0), 34);  // the cells stay square
        // The labels are really drawn (a style that restores "no clip" as an empty clip once
        // hid every one): the first column holds dark text pixels over its light background.
        const QImage painted = header->viewport()->grab().toImage();
        int dark = 0;
        for (int y = 0; y < painted.height(); ++y)
            for (int x = 0; x < header->sectionSize(0) && x < painted.width(); ++x)
                dark += qGray(painted.pixel(x, y)) < 110 ? 1 : 0;
        QVERIFY2(dark > 30, qPrintable(QString::number(dark)));
        // The header still names each section for tooltips and screen readers.
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("casualty"));

        // A longer id later makes the header taller.
        const int before = header->sizeHint().height();
        model.setHeaderData(2, Qt::Horizontal, QStringLiteral("a_much_longer_tenant_identifier"));
        QVERIFY(header->sizeHint().height() > before);
    }
};

QTEST_MAIN(RotatedHeaderViewTest)
#include "tst_rotatedheaderview.moc"
