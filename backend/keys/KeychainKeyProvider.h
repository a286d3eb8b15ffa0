#pragma once

#include "crypto/KeyProvider.h"

#include <chrono>
#include <string>

namespace bulkhead::keys {

// The default KeyProvider: secrets in the OS keychain through QtKeychain (Secret Service on
// Linux), service "bulkhead", one entry per secret named `<keyName>` (the master key) or
// `<keyName>.<secret>` (e.g. the signing seed), stored base64-encoded.
//
// The daemon has no Qt event loop, and QtKeychain's jobs are asynchronous and finish through
// the event loop of the thread that started them (its D-Bus/libsecret replies are delivered
// there). So every job runs on one dedicated worker thread, in a QEventLoop of its own, one job
// at a time in the order they were asked for; the calling thread waits for the result and runs
// no events itself (no nested event loop on anyone's thread). The worker is one per process and
// lives until exit: libsecret caches its Secret Service connection on the thread that first
// used it, and jobs from a second thread never complete (found by the integration test).
// When no QCoreApplication exists (bulkheadd), the worker creates one for itself, because
// QtKeychain and QtDBus need an application instance.
//
// Insecure plaintext fallback is switched off on every job. Errors are core::Error(Unavailable)
// with an exact reason: "no Secret Service is running", "the keychain is locked", ...
class KeychainKeyProvider final : public crypto::KeyProvider
{
public:
    explicit KeychainKeyProvider(std::string keyName = "master-key",
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
    ~KeychainKeyProvider() override;

    KeychainKeyProvider(const KeychainKeyProvider &) = delete;
    KeychainKeyProvider &operator=(const KeychainKeyProvider &) = delete;

    crypto::SecureBytes loadOrCreateMasterKey() override;
    std::string describe() const override;
    crypto::SecureBytes loadOrCreateSecret(std::string_view name, std::size_t size) override;

    // Removes a stored secret (tests, and an explicit operator action). Missing is fine.
    void deleteSecret(std::string_view name);

    static constexpr const char *kService = "bulkhead";

private:
    std::string entryName(std::string_view name) const;

    std::string m_keyName;
    std::chrono::milliseconds m_timeout;
};

} // namespace bulkhead::keys
