#pragma once

#include <boost/asio/ssl/context.hpp>

#include <string>

namespace bulkhead::net {

// TLS 1.2+ server context from PEM files. Throws core::Error(InvalidArgument) naming the file
// that cannot be loaded.
boost::asio::ssl::context makeServerTlsContext(const std::string &certificateChainFile,
                                               const std::string &privateKeyFile);

// TLS 1.2+ client context that verifies peers: the system CAs (when `trustSystemCas`) plus the
// PEM bundle `caFile` (when not empty). Hostname checks are per connection (see HttpClient).
// Throws core::Error(InvalidArgument) when `caFile` cannot be loaded.
boost::asio::ssl::context makeClientTlsContext(const std::string &caFile, bool trustSystemCas);

} // namespace bulkhead::net
