#pragma once

#include "ui/ConsoleView.h"

namespace bulkhead::ui {

// Tenant-scoped audit log browsing with filters, keyset paging, chain verification and export.
class LogsView final : public ConsoleView
{
    Q_OBJECT

public:
    LogsView(models::ConsoleSession *session, QWidget *parent);

    QString title() const override;
};

} // namespace bulkhead::ui
