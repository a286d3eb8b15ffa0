#pragma once

#include "crypto/Ed25519.h"
#include "crypto/SecureBytes.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::crypto {

inline constexpr std::string_view kMasterKeySecretName = "master-key";
inline constexpr std::string_view kSigningKeySecretName = "signing-key";
inline constexpr std::size_t kMasterKeySize = 32;

// Where the master key (and the Ed25519 signing seed) live. The default is the OS keychain
// (keys::KeychainKeyProvider); FileKeyProvider is the explicit choice for servers without a
// Secret Service. There is no silent fallback between them: a provider that cannot reach its
// store throws core::Error(Unavailable) naming exactly what is missing, and the daemon stops.
class KeyProvider
{
public:
    virtual ~KeyProvider() = default;

    // The 256-bit master key; generated from the DRBG and stored on first use.
    virtual SecureBytes loadOrCreateMasterKey() = 0;
    // Where the keys live, for logs and `--help` ("OS keychain (service bulkhead, key ...)").
    virtual std::string describe() const = 0;
    // A named secret of `size` random bytes on the same store, generated on first use.
    virtual SecureBytes loadOrCreateSecret(std::string_view name, std::size_t size) = 0;
};

// A stable, non-secret id for a master key (HMAC of a fixed label under the key, truncated):
// "mk_" + 16 hex characters. Envelopes under the master key name it.
std::string masterKeyId(std::span<const std::uint8_t> masterKey);

// The Ed25519 key that signs audit checkpoints and evidence manifests, generated on first use.
Ed25519Key loadOrCreateSigningKey(KeyProvider &provider);

// The master key in a private file: a regular file owned by the current user with no group or
// other permission bits (0600), holding the key as 64 hex characters. Anything else is refused
// with InvalidArgument naming the file and the fix. Other secrets live beside it in
// `<path>.<name>` under the same rules.
class FileKeyProvider final : public KeyProvider
{
public:
    enum class Create { IfMissing, Never };

    explicit FileKeyProvider(std::string path, Create create = Create::Never);

    SecureBytes loadOrCreateMasterKey() override;
    std::string describe() const override;
    SecureBytes loadOrCreateSecret(std::string_view name, std::size_t size) override;

private:
    std::string pathFor(std::string_view name) const;

    std::string m_path;
    Create m_create;
};

// Unit tests only: secrets in memory; can pretend to be locked.
class InMemoryKeyProvider final : public KeyProvider
{
public:
    SecureBytes loadOrCreateMasterKey() override;
    std::string describe() const override;
    SecureBytes loadOrCreateSecret(std::string_view name, std::size_t size) override;

    // While set, every call throws Unavailable with this message.
    void setUnavailable(std::optional<std::string> message);

private:
    std::mutex m_mutex;
    std::map<std::string, SecureBytes, std::less<>> m_secrets;
    std::optional<std::string> m_unavailable;
};

} // namespace bulkhead::crypto
