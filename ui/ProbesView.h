#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Run or schedule probes; live attacker x victim x layer matrix; history chart; drill-down.
class ProbesView final : public ConsoleView
{
    Q_OBJECT

public:
    ProbesView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
