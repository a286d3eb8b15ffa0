#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Platform assurance tier, violations, daemon status and charts of request rate, blocks by reason and latency by tier.
class OverviewView final : public ConsoleView
{
    Q_OBJECT

public:
    OverviewView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
