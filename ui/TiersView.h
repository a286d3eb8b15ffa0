#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Per-tenant tier choice with estimated cost and measured latency per tier; tier changes start a migration with progress.
class TiersView final : public ConsoleView
{
    Q_OBJECT

public:
    TiersView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
