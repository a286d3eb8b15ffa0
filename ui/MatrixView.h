#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Tenants x classifications (editable) and the pairwise conflict heatmap.
class MatrixView final : public ConsoleView
{
    Q_OBJECT

public:
    MatrixView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
