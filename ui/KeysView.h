#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Encryption key status, rotation and crypto-shredding.
class KeysView final : public ConsoleView
{
    Q_OBJECT

public:
    KeysView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
