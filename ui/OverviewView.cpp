#include "ui/OverviewView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

OverviewView::OverviewView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString OverviewView::title() const
{
    return tr("&Overview", "navigation entry");
}

} // namespace bulkhead::ui
