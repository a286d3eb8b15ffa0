#pragma once

#include <QDialog>

namespace bulkhead::models {
class ConsoleSession;
}

namespace bulkhead::ui {

// Help > About: the console's version (and the daemon's, when it reports one), the licences of
// what it is built from, and where its data lives (settings, keychain entries, the embedded
// platform's folder). Opened with open(): no nested event loop.
class AboutDialog final : public QDialog
{
    Q_OBJECT

public:
    AboutDialog(models::ConsoleSession *session, QWidget *parent);

    // The same facts as text, one per line (the dialog shows them; tests read them).
    static QString versionText(const models::ConsoleSession *session);
    static QString licenceText();
    static QString dataLocationsText();
};

} // namespace bulkhead::ui
