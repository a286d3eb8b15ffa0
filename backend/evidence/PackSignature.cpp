#include "PackSignature.h"

#include "PackFormat.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cctype>
#include <memory>

namespace bulkhead::evidence {
namespace {

struct BioFree
{
    void operator()(BIO *b) const noexcept { BIO_free(b); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *k) const noexcept { EVP_PKEY_free(k); }
};

} // namespace

std::string base64Encode(std::span<const std::uint8_t> bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), bytes.data(),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text)
{
    if (text.size() % 4 != 0 || text.size() > 4096)
        return std::nullopt;
    for (const char c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
            return std::nullopt;
    std::vector<std::uint8_t> out(text.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char *>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0)
        return std::nullopt;
    // EVP_DecodeBlock counts padding as zero bytes: drop them.
    std::size_t size = static_cast<std::size_t>(n);
    if (text.ends_with("=="))
        size -= 2;
    else if (text.ends_with("="))
        size -= 1;
    out.resize(size);
    return out;
}

std::string publicKeyPem(std::span<const std::uint8_t> rawKey)
{
    std::unique_ptr<EVP_PKEY, KeyFree> key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, rawKey.data(), rawKey.size()));
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1)
        throw core::Error(core::ErrorCode::Internal, "evidence pack: cannot encode the public key");
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::optional<std::vector<std::uint8_t>> rawKeyFromPem(std::string_view pem)
{
    if (pem.size() > 1024)
        return std::nullopt;
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
        return std::nullopt;
    std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        return std::nullopt;
    std::vector<std::uint8_t> raw(crypto::Ed25519Key::kPublicKeySize);
    std::size_t size = raw.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), raw.data(), &size) != 1 || size != raw.size())
        return std::nullopt;
    return raw;
}

std::string signatureDocument(std::string_view manifest, const crypto::Ed25519Key &key)
{
    const auto signature = key.sign(crypto::asBytes(manifest));
    const nlohmann::json doc{{"format", kPackFormat},
                             {"algorithm", "Ed25519"},
                             {"signed_file", kManifestName},
                             {"manifest_sha256", crypto::toHex(crypto::sha256(manifest))},
                             {"public_key", crypto::toHex(key.publicKey())},
                             {"public_key_pem", publicKeyPem(key.publicKey())},
                             {"fingerprint", key.fingerprint()},
                             {"signature", base64Encode(signature)}};
    return doc.dump(2) + "\n";
}

} // namespace bulkhead::evidence
