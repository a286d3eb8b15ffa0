#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::crypto {

// Bytes that held key material or a secret. Scrubbed with OPENSSL_cleanse when destroyed or
// reassigned, so keys do not linger in freed heap memory. Move-only.
class SecureBytes final
{
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size);
    SecureBytes(std::span<const std::uint8_t> bytes);
    ~SecureBytes();

    SecureBytes(SecureBytes &&other) noexcept;
    SecureBytes &operator=(SecureBytes &&other) noexcept;
    SecureBytes(const SecureBytes &) = delete;
    SecureBytes &operator=(const SecureBytes &) = delete;

    std::uint8_t *data() noexcept { return m_bytes.data(); }
    const std::uint8_t *data() const noexcept { return m_bytes.data(); }
    std::size_t size() const noexcept { return m_bytes.size(); }
    bool empty() const noexcept { return m_bytes.empty(); }
    std::span<const std::uint8_t> view() const noexcept { return m_bytes; }

private:
    void scrub() noexcept;
    std::vector<std::uint8_t> m_bytes;
};

// Cryptographically secure random bytes (OpenSSL's DRBG). Throws core::Error(Internal) if
// the generator fails: never falls back to a weaker source.
SecureBytes randomBytes(std::size_t size);

// Constant-time equality for secrets and MACs (CRYPTO_memcmp); false if lengths differ.
bool constantTimeEquals(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;
bool constantTimeEquals(std::string_view a, std::string_view b) noexcept;

std::string toHex(std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> fromHex(std::string_view hex);  // throws on malformed input
std::string base64UrlEncode(std::span<const std::uint8_t> bytes);  // no padding
std::vector<std::uint8_t> sha256(std::span<const std::uint8_t> data);
std::vector<std::uint8_t> sha256(std::string_view data);
// SHA-256 of the parts one after another, without joining them first.
std::vector<std::uint8_t> sha256(std::initializer_list<std::span<const std::uint8_t>> parts);
std::vector<std::uint8_t> hmacSha256(std::span<const std::uint8_t> key, std::string_view message);

// Scrub temporaries that held secret material.
void scrubBytes(std::vector<std::uint8_t> &bytes) noexcept;
void scrubString(std::string &text) noexcept;

inline std::span<const std::uint8_t> asBytes(std::string_view text) noexcept
{
    return {reinterpret_cast<const std::uint8_t *>(text.data()), text.size()};
}

} // namespace bulkhead::crypto
