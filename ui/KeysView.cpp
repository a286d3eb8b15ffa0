#include "ui/KeysView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

KeysView::KeysView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("keysPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString KeysView::title() const
{
    return tr("&Keys", "navigation entry");
}

} // namespace bulkhead::ui
