#include "ui/TiersView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

TiersView::TiersView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("tiersPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString TiersView::title() const
{
    return tr("Isolation t&iers", "navigation entry");
}

} // namespace bulkhead::ui
