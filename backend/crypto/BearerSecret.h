#pragma once

#include <string>
#include <string_view>

namespace bulkhead::crypto {

// Bearer secrets: tenant API keys ("bh_live_…") and admin tokens ("bh_admin_…"), each the
// prefix plus 256 random bits in unpadded base64url (43 characters). The prefix lets scanners
// recognise a leaked secret; the plaintext is shown once and never stored.
//
// Storage holds a lookup id (a truncated, domain-separated SHA-256 of the secret, to find the
// row without a scan) and a salted SHA-256 of the secret, compared in constant time. A slow
// password hash is unnecessary: the secret has 256 bits of entropy, nothing to brute-force.
inline constexpr std::string_view kTenantKeyPrefix = "bh_live_";
inline constexpr std::string_view kAdminTokenPrefix = "bh_admin_";
inline constexpr std::size_t kSecretBodyLength = 43;

struct IssuedSecret
{
    std::string plaintext;  // give to the caller once, then drop
    std::string lookupId;   // 32 hex characters
    std::string saltHex;    // 32 hex characters
    std::string hashHex;    // 64 hex characters
};

IssuedSecret issueSecret(std::string_view prefix);

// True if `text` has the shape prefix + 43 base64url characters: checked before any lookup,
// so garbage never reaches the database.
bool hasSecretShape(std::string_view text, std::string_view prefix) noexcept;

std::string secretLookupId(std::string_view plaintext);

// Constant-time check of `plaintext` against a stored salt and hash.
bool verifySecret(std::string_view plaintext, std::string_view saltHex, std::string_view hashHex);

} // namespace bulkhead::crypto
