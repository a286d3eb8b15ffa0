#pragma once

#include <QIcon>
#include <QStyle>

namespace bulkhead::ui {

// The console's own icons (drawn for it, resources/icons/actions/*.svg, embedded under
// :/icons/actions). Qt reads SVG through its svg plugin; where that plugin is not installed the
// style's standard pixmap stands in, so no action is ever without an icon.
QIcon consoleIcon(const QString &name, QStyle::StandardPixmap fallback);
// True when the drawn SVG icons are used (the svg image plugin is present).
bool consoleIconsAreDrawn();

} // namespace bulkhead::ui
