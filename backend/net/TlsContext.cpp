#include "TlsContext.h"

#include "core/Error.h"

namespace bulkhead::net {
namespace {

namespace ssl = boost::asio::ssl;
using core::Error;
using core::ErrorCode;

constexpr auto kOptions = ssl::context::default_workarounds | ssl::context::no_sslv2 |
                          ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                          ssl::context::no_tlsv1_1 | ssl::context::single_dh_use;

} // namespace

ssl::context makeServerTlsContext(const std::string &certificateChainFile,
                                  const std::string &privateKeyFile)
{
    ssl::context context(ssl::context::tls_server);
    context.set_options(kOptions);
    boost::system::error_code ec;
    context.use_certificate_chain_file(certificateChainFile, ec);
    if (ec)
        throw Error(ErrorCode::InvalidArgument,
                    "cannot load TLS certificate chain " + certificateChainFile + ": " +
                        ec.message(),
                    "tls_cert");
    context.use_private_key_file(privateKeyFile, ssl::context::pem, ec);
    if (ec)
        throw Error(ErrorCode::InvalidArgument,
                    "cannot load TLS private key " + privateKeyFile + ": " + ec.message(),
                    "tls_key");
    return context;
}

ssl::context makeClientTlsContext(const std::string &caFile, bool trustSystemCas)
{
    ssl::context context(ssl::context::tls_client);
    context.set_options(kOptions);
    context.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (trustSystemCas) {
        // A machine without a CA bundle still works with an explicit caFile.
        context.set_default_verify_paths(ec);
    }
    if (!caFile.empty()) {
        context.load_verify_file(caFile, ec);
        if (ec)
            throw Error(ErrorCode::InvalidArgument,
                        "cannot load CA file " + caFile + ": " + ec.message(), "ca_file");
    }
    return context;
}

} // namespace bulkhead::net
