#include "ui/ConsoleIcons.h"

#include <QApplication>
#include <QFile>
#include <QImageReader>

namespace bulkhead::ui {

bool consoleIconsAreDrawn()
{
    static const bool svg = QImageReader::supportedImageFormats().contains("svg");
    return svg;
}

QIcon consoleIcon(const QString &name, QStyle::StandardPixmap fallback)
{
    const QString path = QStringLiteral(":/icons/actions/") + name + QStringLiteral(".svg");
    if (consoleIconsAreDrawn() && QFile::exists(path))
        return QIcon(path);
    return QApplication::style()->standardIcon(fallback);
}

} // namespace bulkhead::ui
