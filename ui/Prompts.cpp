#include "ui/Prompts.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {

class DialogPrompts final : public Prompts
{
public:
    QString saveFileName(QWidget *parent, const QString &title, const QString &suggested,
                         const QString &filter) override
    {
        return QFileDialog::getSaveFileName(parent, title, suggested, filter);
    }

    QString openFileName(QWidget *parent, const QString &title, const QString &filter) override
    {
        return QFileDialog::getOpenFileName(parent, title, QString(), filter);
    }

    bool confirm(QWidget *parent, const QString &title, const QString &text) override
    {
        return QMessageBox::question(parent, title, text) == QMessageBox::Yes;
    }

    bool confirmByTyping(QWidget *parent, const QString &title, const QString &text,
                         const QString &expected) override
    {
        QDialog dialog(parent);
        dialog.setObjectName(QStringLiteral("typedConfirmDialog"));
        dialog.setWindowTitle(title);
        auto *layout = new QVBoxLayout(&dialog);
        auto *label = new QLabel(text, &dialog);
        label->setWordWrap(true);
        layout->addWidget(label);
        auto *edit = new QLineEdit(&dialog);
        edit->setObjectName(QStringLiteral("typedConfirmEdit"));
        edit->setAccessibleName(QObject::tr("Type the tenant id to confirm", "accessible name"));
        layout->addWidget(edit);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
        ok->setEnabled(false);
        QObject::connect(edit, &QLineEdit::textChanged, ok,
                         [ok, expected](const QString &typed) { ok->setEnabled(typed == expected); });
        QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        layout->addWidget(buttons);
        return dialog.exec() == QDialog::Accepted && edit->text() == expected;
    }

    void warn(QWidget *parent, const QString &title, const QString &text) override
    {
        QMessageBox::warning(parent, title, text);
    }
};

DialogPrompts g_dialogs;
Prompts *g_installed = nullptr;

} // namespace

Prompts &Prompts::current()
{
    return g_installed ? *g_installed : g_dialogs;
}

void Prompts::install(Prompts *prompts)
{
    g_installed = prompts;
}

} // namespace bulkhead::ui
