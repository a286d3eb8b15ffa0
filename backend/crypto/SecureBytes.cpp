#include "SecureBytes.h"

#include "core/Error.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <limits>
#include <memory>

namespace bulkhead::crypto {

SecureBytes::SecureBytes(std::size_t size)
    : m_bytes(size)
{
}

SecureBytes::SecureBytes(std::span<const std::uint8_t> bytes)
    : m_bytes(bytes.begin(), bytes.end())
{
}

SecureBytes::~SecureBytes()
{
    scrub();
}

SecureBytes::SecureBytes(SecureBytes &&other) noexcept
    : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes.clear();
}

SecureBytes &SecureBytes::operator=(SecureBytes &&other) noexcept
{
    if (this != &other) {
        scrub();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

void SecureBytes::scrub() noexcept
{
    if (!m_bytes.empty())
        OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
}

SecureBytes randomBytes(std::size_t size)
{
    SecureBytes out(size);
    if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        RAND_bytes(out.data(), static_cast<int>(size)) != 1)
        throw core::Error(core::ErrorCode::Internal, "the random number generator failed");
    return out;
}

bool constantTimeEquals(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept
{
    // Lengths of hashes and tokens are public; only the content comparison must not leak.
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool constantTimeEquals(std::string_view a, std::string_view b) noexcept
{
    return constantTimeEquals(asBytes(a), asBytes(b));
}

std::string toHex(std::span<const std::uint8_t> bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0F]);
    }
    return out;
}

std::vector<std::uint8_t> fromHex(std::string_view hex)
{
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2 != 0)
        throw core::Error(core::ErrorCode::InvalidArgument, "hex string of odd length");
    std::vector<std::uint8_t> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = nibble(hex[2 * i]);
        const int lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            throw core::Error(core::ErrorCode::InvalidArgument, "not a hex string");
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}

std::string base64UrlEncode(std::span<const std::uint8_t> bytes)
{
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
        out.push_back(kAlphabet[v >> 18 & 63]);
        out.push_back(kAlphabet[v >> 12 & 63]);
        out.push_back(kAlphabet[v >> 6 & 63]);
        out.push_back(kAlphabet[v & 63]);
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        std::uint32_t v = bytes[i] << 16;
        if (rest == 2)
            v |= bytes[i + 1] << 8;
        out.push_back(kAlphabet[v >> 18 & 63]);
        out.push_back(kAlphabet[v >> 12 & 63]);
        if (rest == 2)
            out.push_back(kAlphabet[v >> 6 & 63]);
    }
    return out;
}

namespace {

// OpenSSL 3 looks the algorithm up by name (a fetch, under a global lock) every time a digest
// starts from EVP_sha256(); a hash on every audit record and Merkle node made that fetch the
// audit writer's largest cost. Fetched once, kept for the process.
const EVP_MD *sha256Algorithm()
{
    static EVP_MD *const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!algorithm)
        throw core::Error(core::ErrorCode::Internal, "SHA-256 is not available");
    return algorithm;
}

struct DigestContextDeleter
{
    void operator()(EVP_MD_CTX *context) const noexcept { EVP_MD_CTX_free(context); }
};

} // namespace

std::vector<std::uint8_t> sha256(std::initializer_list<std::span<const std::uint8_t>> parts)
{
    thread_local const std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context(EVP_MD_CTX_new());
    std::vector<std::uint8_t> out(32);
    unsigned int length = 0;
    bool ok = context && EVP_DigestInit_ex2(context.get(), sha256Algorithm(), nullptr) == 1;
    for (const auto &part : parts)
        ok = ok && EVP_DigestUpdate(context.get(), part.data(), part.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(context.get(), out.data(), &length) == 1 && length == out.size();
    if (!ok)
        throw core::Error(core::ErrorCode::Internal, "SHA-256 failed");
    return out;
}

std::vector<std::uint8_t> sha256(std::span<const std::uint8_t> data)
{
    return sha256({data});
}

std::vector<std::uint8_t> sha256(std::string_view data)
{
    return sha256(asBytes(data));
}

std::vector<std::uint8_t> hmacSha256(std::span<const std::uint8_t> key, std::string_view message)
{
    std::vector<std::uint8_t> out(32);
    unsigned int length = 0;
    if (!HMAC(sha256Algorithm(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(message.data()), message.size(), out.data(),
              &length))
        throw core::Error(core::ErrorCode::Internal, "HMAC-SHA-256 failed");
    return out;
}

void scrubBytes(std::vector<std::uint8_t> &bytes) noexcept
{
    if (!bytes.empty())
        OPENSSL_cleanse(bytes.data(), bytes.size());
}

void scrubString(std::string &text) noexcept
{
    if (!text.empty())
        OPENSSL_cleanse(text.data(), text.size());
}

} // namespace bulkhead::crypto
