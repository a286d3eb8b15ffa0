#include "ui/MatrixView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace bulkhead::ui {

MatrixView::MatrixView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent)
{
    setObjectName(QStringLiteral("matrixPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title(), this));
    layout->addStretch();
}

QString MatrixView::title() const
{
    return tr("&Classification matrix", "navigation entry");
}

} // namespace bulkhead::ui
