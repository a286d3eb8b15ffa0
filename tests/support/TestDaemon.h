#pragma once

// Header-only: only tests that link the daemon include it.
#include "TestKeys.h"
#include "daemon/DaemonConfig.h"

#include <string>

namespace bulkhead::testsupport {

// A daemon under test: a free loopback port, the test database, the test master key file
// (key-provider=file) and the given upstream. Tests add what they exercise.
inline daemon::DaemonConfig testDaemonConfig(const std::string &databaseDsn, const std::string &upstreamUrl)
{
    daemon::DaemonConfig config;
    config.listen = "127.0.0.1:0";
    config.database = databaseDsn;
    config.keyProvider = "file";
    config.keyFile = testMasterKeyFile();
    config.upstreamUrl = upstreamUrl;
    return config;
}

} // namespace bulkhead::testsupport
