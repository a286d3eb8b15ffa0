// Precompiled for the console tests (tests/gui/CMakeLists.txt). Qt Test pulls in Qt GUI or Qt
// Widgets as the test links them; only third-party headers belong here.
#pragma once

#include <QtTest>

#include <nlohmann/json.hpp>
