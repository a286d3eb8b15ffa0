#include "ui/LogsView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

LogsView::LogsView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("logsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString LogsView::title() const
{
    return tr("&Logs", "navigation entry");
}

} // namespace bulkhead::ui
