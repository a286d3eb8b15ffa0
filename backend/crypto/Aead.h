#pragma once

#include "crypto/SecureBytes.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::crypto {

// AES-256-GCM with 96-bit random nonces (NIST SP 800-38D). Random nonces are safe for up to
// 2^32 messages per key; data keys are per tenant and purpose and rotated well before that.
inline constexpr std::size_t kAeadKeySize = 32;
inline constexpr std::size_t kAeadNonceSize = 12;
inline constexpr std::size_t kAeadTagSize = 16;
inline constexpr std::uint8_t kEnvelopeVersion = 1;

struct GcmOutput
{
    std::vector<std::uint8_t> ciphertext;
    std::vector<std::uint8_t> tag;
};

// Raw AES-256-GCM with a caller-chosen nonce: only for known-answer tests and the envelope.
GcmOutput aesGcmEncrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                        std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext);
// Throws core::Error(InvalidArgument) when authentication fails; never returns unauthenticated
// plaintext.
SecureBytes aesGcmDecrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                          std::span<const std::uint8_t> aad, std::span<const std::uint8_t> ciphertext,
                          std::span<const std::uint8_t> tag);

// What a ciphertext is bound to. A row copied to another tenant, purpose or key fails to open.
struct AeadContext
{
    std::string tenantId;
    std::string purpose;
    // Where the plaintext lives (e.g. document and chunk), so a ciphertext moved to another row
    // of the same tenant fails too. Authenticated only when non-empty: envelopes sealed before
    // it existed still open.
    std::string binding = {};
};

// The self-describing envelope:
//   version (1 byte) | key id length (1 byte) | key id (ASCII) | nonce (12) | ciphertext | tag (16)
// The associated data authenticated by GCM is a domain label, the header (version, key id) and
// the length-prefixed tenant id and purpose, so every byte of the envelope is covered.
class Aead final
{
public:
    static std::vector<std::uint8_t> seal(std::span<const std::uint8_t> key, std::string_view keyId,
                                          const AeadContext &context,
                                          std::span<const std::uint8_t> plaintext);
    static SecureBytes open(std::span<const std::uint8_t> key, const AeadContext &context,
                            std::span<const std::uint8_t> envelope);
    // The key id named by an envelope (to find the key), without authenticating anything.
    static std::string envelopeKeyId(std::span<const std::uint8_t> envelope);
};

// Key wrapping. AES-256-GCM rather than RFC 3394/5649 AES-KW: GCM authenticates associated
// data, so a wrapped key is bound to its tenant, purpose and wrapping-key version (AES-KW has no
// AAD: a wrapped KEK copied to another tenant's row would unwrap); it is one primitive and one
// code path for data and keys; the random nonce costs 28 bytes per wrapped key, which is nothing.
std::vector<std::uint8_t> wrapKey(std::span<const std::uint8_t> kek, std::string_view kekId,
                                  const AeadContext &context, std::span<const std::uint8_t> key);
SecureBytes unwrapKey(std::span<const std::uint8_t> kek, const AeadContext &context,
                      std::span<const std::uint8_t> wrapped);

} // namespace bulkhead::crypto
