#pragma once

#include <string>

namespace bulkhead::testsupport {

// A master key file for daemons under test (key-provider=file): in a private folder that lives
// as long as the test process, created by the daemon on first start and reused by restarts.
// Tests of the keychain itself use the real Secret Service instead (label keychain).
std::string testMasterKeyFile();

} // namespace bulkhead::testsupport
