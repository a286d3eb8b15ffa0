#pragma once

#include <string>

namespace bulkhead::ctl {

// The whole content of FILE, or of standard input for "-". Throws core::Error(InvalidArgument)
// naming `field` when it cannot be read or is larger than 64 MiB.
std::string readInputFile(const std::string &path, const std::string &field);

} // namespace bulkhead::ctl
