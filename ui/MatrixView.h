#pragma once

#include "ui/ConsoleView.h"

class QLabel;
class QTableView;

namespace bulkhead::models {
class ClassificationMatrixModel;
class ConflictHeatmapModel;
}

namespace bulkhead::ui {

// Tenants x classifications (editable) and the pairwise conflict heatmap.
class MatrixView final : public ConsoleView
{
    Q_OBJECT

public:
    MatrixView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
    void activate() override;

    models::ClassificationMatrixModel *matrixModel() const { return m_matrix; }
    models::ConflictHeatmapModel *heatmapModel() const { return m_heatmap; }

    // PATCH /admin/v1/tenants/{id} {"classifications": [...]} with the version, then refresh the
    // session. The matrix model's changeRequested is connected here.
    void requestClassificationChange(const QString &tenantId, const QStringList &classifications,
                                     qint64 version);
    // Shows in the explanation label why the pair of heatmap row and column is separated.
    void explainPair(int row, int column);

private:
    void reloadTenants();
    void reloadDecision();

    models::ClassificationMatrixModel *m_matrix = nullptr;
    models::ConflictHeatmapModel *m_heatmap = nullptr;
    QTableView *m_matrixTable = nullptr;
    QTableView *m_heatmapTable = nullptr;
    QLabel *m_explanation = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace bulkhead::ui
