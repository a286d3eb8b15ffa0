#include "Ed25519.h"

#include "core/Error.h"

#include <openssl/evp.h>

#include <memory>

namespace bulkhead::crypto {
namespace {

using core::Error;
using core::ErrorCode;

struct PkeyDeleter
{
    void operator()(EVP_PKEY *key) const noexcept { EVP_PKEY_free(key); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

Pkey privateKey(std::span<const std::uint8_t> seed)
{
    Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
    if (!key)
        throw Error(ErrorCode::Internal, "could not load the Ed25519 signing key");
    return key;
}

} // namespace

Ed25519Key::Ed25519Key(SecureBytes seed, std::vector<std::uint8_t> publicKey)
    : m_seed(std::move(seed)), m_publicKey(std::move(publicKey))
{
}

Ed25519Key Ed25519Key::generate()
{
    return fromSeed(randomBytes(kSeedSize).view());
}

Ed25519Key Ed25519Key::fromSeed(std::span<const std::uint8_t> seed)
{
    if (seed.size() != kSeedSize)
        throw Error(ErrorCode::InvalidArgument, "an Ed25519 private key is 32 bytes");
    const Pkey key = privateKey(seed);
    std::vector<std::uint8_t> publicKey(kPublicKeySize);
    std::size_t length = publicKey.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), publicKey.data(), &length) != 1 || length != kPublicKeySize)
        throw Error(ErrorCode::Internal, "could not derive the Ed25519 public key");
    return Ed25519Key(SecureBytes(seed), std::move(publicKey));
}

std::string Ed25519Key::fingerprint() const
{
    return ed25519Fingerprint(m_publicKey);
}

std::vector<std::uint8_t> Ed25519Key::sign(std::span<const std::uint8_t> message) const
{
    const Pkey key = privateKey(m_seed.view());
    MdCtx ctx(EVP_MD_CTX_new());
    std::vector<std::uint8_t> signature(kSignatureSize);
    std::size_t length = signature.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1
        || EVP_DigestSign(ctx.get(), signature.data(), &length, message.data(), message.size()) != 1
        || length != kSignatureSize)
        throw Error(ErrorCode::Internal, "Ed25519 signing failed");
    return signature;
}

bool ed25519Verify(std::span<const std::uint8_t> publicKey, std::span<const std::uint8_t> message,
                   std::span<const std::uint8_t> signature)
{
    if (publicKey.size() != Ed25519Key::kPublicKeySize || signature.size() != Ed25519Key::kSignatureSize)
        return false;
    Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, publicKey.data(), publicKey.size()));
    MdCtx ctx(EVP_MD_CTX_new());
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

std::string ed25519Fingerprint(std::span<const std::uint8_t> publicKey)
{
    return "SHA256:" + toHex(sha256(publicKey));
}

} // namespace bulkhead::crypto
