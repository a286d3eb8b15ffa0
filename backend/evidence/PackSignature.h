#pragma once

#include "crypto/Ed25519.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::evidence {

// manifest.sig: {"format","algorithm":"Ed25519","signed_file":"manifest.json",
// "manifest_sha256","public_key" (hex of the raw 32 bytes),"public_key_pem" (SubjectPublicKeyInfo,
// for `openssl pkeyutl -verify -pubin`),"fingerprint" ("SHA256:" + hex SHA-256 of the raw key),
// "signature" (base64 of the 64-byte signature, for `base64 -d`)}.
std::string signatureDocument(std::string_view manifest, const crypto::Ed25519Key &key);

std::string publicKeyPem(std::span<const std::uint8_t> rawKey);
// The raw key inside a PEM public key; nullopt unless it is exactly one Ed25519 key.
std::optional<std::vector<std::uint8_t>> rawKeyFromPem(std::string_view pem);

std::string base64Encode(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text);

} // namespace bulkhead::evidence
