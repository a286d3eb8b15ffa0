#include "ui/ProbesView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

ProbesView::ProbesView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("probesPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString ProbesView::title() const
{
    return tr("&Probes", "navigation entry");
}

} // namespace bulkhead::ui
