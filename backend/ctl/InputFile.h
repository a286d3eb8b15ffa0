#pragma once

#include <string>

namespace bulkhead::ctl {

// The whole content of FILE, or of standard input for "-". Throws core::Error(InvalidArgument)
// naming `field` when it cannot be read or is larger than 64 MiB.
std::string readInputFile(const std::string &path, const std::string &field);

// A secret (token or API key) kept in FILE ("-": standard input) so that it never appears on a
// command line: the file's one line, without the line end. Throws core::Error(InvalidArgument)
// naming `field` when it cannot be read, is empty, longer than 4 KiB or holds more than one
// token; the message never quotes the content.
std::string readSecretFile(const std::string &path, const std::string &field);

} // namespace bulkhead::ctl
