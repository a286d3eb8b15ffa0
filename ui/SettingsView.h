#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Database, upstreams and language.
class SettingsView final : public ConsoleView
{
    Q_OBJECT

public:
    SettingsView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
