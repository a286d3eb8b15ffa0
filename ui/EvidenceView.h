#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Evidence pack export wizard with progress, then verification.
class EvidenceView final : public ConsoleView
{
    Q_OBJECT

public:
    EvidenceView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
