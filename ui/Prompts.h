#pragma once

#include <QString>

class QWidget;

namespace bulkhead::ui {

// The seam for everything modal: file dialogs, confirmations, messages. Views ask
// Prompts::current(); GUI tests install a scripted implementation that answers without a
// nested event loop.
class Prompts
{
public:
    virtual ~Prompts() = default;

    // Empty when cancelled.
    virtual QString saveFileName(QWidget *parent, const QString &title, const QString &suggested,
                                 const QString &filter) = 0;
    virtual QString openFileName(QWidget *parent, const QString &title, const QString &filter) = 0;
    // Yes/no for a reversible action.
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text) = 0;
    // For an irreversible action: true only when the user typed exactly `expected` (a tenant id)
    // and pressed the destructive button (objectName "typedConfirmDialog", its line edit
    // "typedConfirmEdit", OK disabled until the text matches).
    virtual bool confirmByTyping(QWidget *parent, const QString &title, const QString &text,
                                 const QString &expected) = 0;
    virtual void warn(QWidget *parent, const QString &title, const QString &text) = 0;

    static Prompts &current();
    // Takes no ownership; nullptr restores the dialogs.
    static void install(Prompts *prompts);
};

} // namespace bulkhead::ui
