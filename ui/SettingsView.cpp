#include "ui/SettingsView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

SettingsView::SettingsView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("settingsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString SettingsView::title() const
{
    return tr("&Settings", "navigation entry");
}

} // namespace bulkhead::ui
