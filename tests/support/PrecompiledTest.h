// Precompiled once for the tests outside the console (tests/CMakeLists.txt): these headers took
// most of each test's compile time. Only third-party headers belong here, so that a change in the
// project rebuilds no precompiled header.
#pragma once

#include <QtTest>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
