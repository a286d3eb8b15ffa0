#include "ui/AboutDialog.h"

#include "models/ConsoleSession.h"
#include "ui/ConsoleIcons.h"
#include "ui/ConsoleStartup.h"
#include "ui/SecretStore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace bulkhead::ui {

namespace {

QLabel *factLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

AboutDialog::AboutDialog(models::ConsoleSession *session, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Bulkhead", "about dialog title"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);

    auto *heading = new QLabel(this);
    heading->setObjectName(QStringLiteral("aboutHeading"));
    heading->setTextFormat(Qt::PlainText);
    heading->setText(tr("Bulkhead console %1", "about dialog heading; %1 is the version")
                         .arg(QCoreApplication::applicationVersion().isEmpty()
                                  ? QStringLiteral(BULKHEAD_VERSION)
                                  : QCoreApplication::applicationVersion()));
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    heading->setFont(font);
    layout->addWidget(heading);
    layout->addWidget(factLabel(tr("Tenant isolation for shared LLM platforms: inventory, isolation "
                                   "tiers, probes, scoped logs and signed evidence.",
                                   "about dialog: what the program is"),
                                QStringLiteral("aboutSummary"), this));

    const std::pair<QString, QString> groups[] = {
        {tr("Versions", "about dialog group"), versionText(session)},
        {tr("Licences", "about dialog group"), licenceText()},
        {tr("Where your data lives", "about dialog group"), dataLocationsText()},
    };
    const QString names[] = {QStringLiteral("aboutVersions"), QStringLiteral("aboutLicences"),
                             QStringLiteral("aboutDataLocations")};
    for (int i = 0; i < 3; ++i) {
        auto *box = new QGroupBox(groups[i].first, this);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->addWidget(factLabel(groups[i].second, names[i], box));
        layout->addWidget(box);
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *aboutQt = buttons->addButton(tr("About &Qt", "about dialog button"), QDialogButtonBox::HelpRole);
    aboutQt->setObjectName(QStringLiteral("aboutQtButton"));
    connect(aboutQt, &QPushButton::clicked, qApp, &QApplication::aboutQt);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setWindowIcon(consoleIcon(QStringLiteral("about"), QStyle::SP_MessageBoxInformation));
}

QString AboutDialog::versionText(const models::ConsoleSession *session)
{
    QStringList lines;
    lines << tr("Console: %1", "about dialog; %1 is a version").arg(QStringLiteral(BULKHEAD_VERSION));
    if (!session || !session->isConnected())
        lines << tr("Daemon: not connected", "about dialog");
    else if (!session->daemonVersion().isEmpty())
        lines << tr("Daemon: %1 %2", "about dialog; %1 is the daemon's name, %2 its version")
                     .arg(session->daemonProduct().isEmpty() ? QStringLiteral("bulkheadd") : session->daemonProduct(),
                          session->daemonVersion());
    else
        lines << tr("Daemon: connected; it does not report its version", "about dialog");
    lines << tr("Qt: %1 (built with %2)", "about dialog; %1 and %2 are Qt versions")
                 .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
    return lines.join(QLatin1Char('\n'));
}

QString AboutDialog::licenceText()
{
    // What the console is built from, each with its licence as an SPDX expression: product
    // names and licence identifiers are the same in every language, so they are not translated.
    QStringList lines;
    lines << tr("Bulkhead: see the licence shipped with this package.", "about dialog");
    lines << tr("Icons: drawn for Bulkhead, same licence as Bulkhead", "about dialog");
    lines << tr("Built with (SPDX licence expressions):", "about dialog; a list of components follows");
    lines << QStringLiteral("Qt 6: LGPL-3.0-only OR GPL-2.0-or-later OR GPL-3.0-only")
          << QStringLiteral("Qt Charts: GPL-3.0-only")
          << QStringLiteral("QtKeychain: BSD-3-Clause")
          << QStringLiteral("OpenSSL: Apache-2.0")
          << QStringLiteral("libzip: BSD-3-Clause")
          << QStringLiteral("cairo: LGPL-2.1-only OR MPL-1.1");
    return lines.join(QLatin1Char('\n'));
}

QString AboutDialog::dataLocationsText()
{
    QStringList lines;
    lines << tr("Settings: %1", "about dialog; %1 is a file")
                 .arg(QDir::toNativeSeparators(QSettings().fileName()));
    lines << tr("Admin tokens: the OS keychain, service \u201c%1\u201d", "about dialog; %1 is a keychain service name")
                 .arg(SecretStore::serviceName());
    lines << tr("Embedded platform (database, logs, audit signing key): %1", "about dialog; %1 is a folder")
                 .arg(QDir::toNativeSeparators(ConsoleStartup::embeddedFolder()));
    return lines.join(QLatin1Char('\n'));
}

} // namespace bulkhead::ui
