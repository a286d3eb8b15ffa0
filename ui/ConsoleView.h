#pragma once

#include <QWidget>

namespace bulkhead::models {
class ConsoleSession;
}

namespace bulkhead::ui {

// One page of the console (Overview, Tenants, ...). Views read and write only through the
// session's admin API client and are rebuilt when the language changes, so they keep no state
// that cannot be fetched again.
class ConsoleView : public QWidget
{
    Q_OBJECT

public:
    ConsoleView(models::ConsoleSession *session, QWidget *parent) : QWidget(parent), m_session(session) {}

    // The translated name in the navigation list.
    virtual QString title() const = 0;
    // Called when the view becomes the current page: re-read what may have changed.
    virtual void activate() {}

protected:
    models::ConsoleSession *session() const { return m_session; }

private:
    models::ConsoleSession *m_session;
};

} // namespace bulkhead::ui
