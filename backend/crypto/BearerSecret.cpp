#include "BearerSecret.h"

#include "SecureBytes.h"

#include <vector>

namespace bulkhead::crypto {
namespace {

std::vector<std::uint8_t> saltedHash(std::span<const std::uint8_t> salt, std::string_view secret)
{
    std::vector<std::uint8_t> input(salt.begin(), salt.end());
    input.insert(input.end(), secret.begin(), secret.end());
    auto digest = sha256(input);
    scrubBytes(input);
    return digest;
}

} // namespace

IssuedSecret issueSecret(std::string_view prefix)
{
    const SecureBytes body = randomBytes(32);
    const SecureBytes salt = randomBytes(16);
    IssuedSecret issued;
    issued.plaintext = std::string(prefix) + base64UrlEncode(body.view());
    issued.lookupId = secretLookupId(issued.plaintext);
    issued.saltHex = toHex(salt.view());
    issued.hashHex = toHex(saltedHash(salt.view(), issued.plaintext));
    return issued;
}

bool hasSecretShape(std::string_view text, std::string_view prefix) noexcept
{
    if (text.size() != prefix.size() + kSecretBodyLength || !text.starts_with(prefix))
        return false;
    for (char c : text.substr(prefix.size())) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

std::string secretLookupId(std::string_view plaintext)
{
    std::string input = "bulkhead/secret-lookup/v1:";
    input.append(plaintext);
    const auto digest = sha256(input);
    scrubString(input);
    return toHex(std::span(digest).first(16));
}

bool verifySecret(std::string_view plaintext, std::string_view saltHex, std::string_view hashHex)
{
    std::vector<std::uint8_t> salt, expected;
    try {
        salt = fromHex(saltHex);
        expected = fromHex(hashHex);
    } catch (...) {
        return false;
    }
    return constantTimeEquals(saltedHash(salt, plaintext), expected);
}

} // namespace bulkhead::crypto
