#include "ui/EvidenceView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

EvidenceView::EvidenceView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("evidencePage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString EvidenceView::title() const
{
    return tr("&Evidence", "navigation entry");
}

} // namespace bulkhead::ui
