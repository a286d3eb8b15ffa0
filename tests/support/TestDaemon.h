#pragma once

// Header-only: only tests that link the daemon include it.
#include "TestDatabase.h"
#include "TestKeys.h"
#include "daemon/DaemonConfig.h"

#include <QString>
#include <QStringList>
#include <string>

namespace bulkhead::testsupport {

// A daemon serves the test database as production does: as a login bound by row-level
// security, with the superuser as the schema owner that migrates and provisions.
inline void serveTestDatabase(daemon::DaemonConfig &config, const TestDatabase &database)
{
    config.database = database.runtimeDsn();
    config.databaseOwner = database.dsn();
}

// The same as bulkheadd flags.
inline QStringList testDatabaseArguments(const TestDatabase &database)
{
    return {QStringLiteral("--database"), QString::fromStdString(database.runtimeDsn()),
            QStringLiteral("--database-owner"), QString::fromStdString(database.dsn())};
}

// A daemon under test: a free loopback port, the test database, the test master key file
// (key-provider=file) and the given upstream. Tests add what they exercise.
inline daemon::DaemonConfig testDaemonConfig(const TestDatabase &database, const std::string &upstreamUrl)
{
    daemon::DaemonConfig config;
    config.listen = "127.0.0.1:0";
    serveTestDatabase(config, database);
    config.keyProvider = "file";
    config.keyFile = testMasterKeyFile();
    config.upstreamUrl = upstreamUrl;
    return config;
}

} // namespace bulkhead::testsupport
