#pragma once

#include "crypto/SecureBytes.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::crypto {

// Ed25519 (RFC 8032) through OpenSSL's EVP_PKEY_ED25519: signs audit checkpoints and evidence
// manifests. Only the 32-byte private seed is ever stored (through a KeyProvider).
class Ed25519Key final
{
public:
    static constexpr std::size_t kSeedSize = 32;
    static constexpr std::size_t kPublicKeySize = 32;
    static constexpr std::size_t kSignatureSize = 64;

    static Ed25519Key generate();
    static Ed25519Key fromSeed(std::span<const std::uint8_t> seed);

    const SecureBytes &seed() const noexcept { return m_seed; }
    const std::vector<std::uint8_t> &publicKey() const noexcept { return m_publicKey; }
    // "SHA256:" + hex SHA-256 of the public key: what evidence names the key by.
    std::string fingerprint() const;
    std::vector<std::uint8_t> sign(std::span<const std::uint8_t> message) const;

private:
    Ed25519Key(SecureBytes seed, std::vector<std::uint8_t> publicKey);
    SecureBytes m_seed;
    std::vector<std::uint8_t> m_publicKey;
};

bool ed25519Verify(std::span<const std::uint8_t> publicKey, std::span<const std::uint8_t> message,
                   std::span<const std::uint8_t> signature);
std::string ed25519Fingerprint(std::span<const std::uint8_t> publicKey);

} // namespace bulkhead::crypto
