#pragma once

#include <QAbstractTableModel>
#include <QVector>

namespace bulkhead::models {

// A table over rows the admin API sends as a whole list. Replacing them keeps the views'
// selection and scroll position when the same rows come back: the same keys in the same order
// are one ranged dataChanged, anything else is one reset.
class RowTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    template <typename Row, typename SameRow>
    void replaceRows(QVector<Row> &rows, QVector<Row> next, SameRow sameRow)
    {
        bool same = next.size() == rows.size();
        for (qsizetype i = 0; same && i < next.size(); ++i)
            same = sameRow(next[i], rows[i]);
        if (same) {
            rows = std::move(next);
            if (!rows.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(rows.size()) - 1, columnCount() - 1));
            return;
        }
        beginResetModel();
        rows = std::move(next);
        endResetModel();
    }
};

} // namespace bulkhead::models
