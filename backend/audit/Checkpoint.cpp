#include "Checkpoint.h"

#include "core/Error.h"
#include "crypto/SecureBytes.h"

#include <openssl/evp.h>

namespace bulkhead::audit {
namespace {

using core::Error;
using core::ErrorCode;

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kSignatureSize = 64;

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

} // namespace

void CheckpointSigner::KeyDeleter::operator()(EVP_PKEY *key) const noexcept
{
    EVP_PKEY_free(key);
}

CheckpointSigner CheckpointSigner::fromSeed(std::span<const std::uint8_t> seed)
{
    if (seed.size() != kKeySize)
        throw Error(ErrorCode::InvalidArgument, "an Ed25519 seed has 32 bytes", "seed");
    EVP_PKEY *key =
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
    if (key == nullptr)
        throw Error(ErrorCode::Internal, "cannot load the Ed25519 seed");
    CheckpointSigner signer(key);
    EVP_PKEY_free(key);  // the signer took its own reference
    return signer;
}

CheckpointSigner::CheckpointSigner(EVP_PKEY *key)
{
    if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519)
        throw Error(ErrorCode::InvalidArgument, "checkpoints are signed with Ed25519", "key");
    std::size_t length = 0;
    if (EVP_PKEY_get_raw_private_key(key, nullptr, &length) != 1)
        throw Error(ErrorCode::InvalidArgument, "the checkpoint key has no private half", "key");
    if (EVP_PKEY_up_ref(key) != 1)
        throw Error(ErrorCode::Internal, "cannot reference the checkpoint key");
    m_key.reset(key);
    m_keyId = keyIdFor(publicKey());
}

CheckpointSigner::~CheckpointSigner() = default;
CheckpointSigner::CheckpointSigner(CheckpointSigner &&) noexcept = default;
CheckpointSigner &CheckpointSigner::operator=(CheckpointSigner &&) noexcept = default;

std::vector<std::uint8_t> CheckpointSigner::sign(std::string_view message) const
{
    MdCtx ctx(EVP_MD_CTX_new());
    std::vector<std::uint8_t> signature(kSignatureSize);
    std::size_t length = signature.size();
    // Ed25519 is one-shot: no digest (nullptr), EVP_DigestSign over the whole message.
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &length,
                       reinterpret_cast<const unsigned char *>(message.data()),
                       message.size()) != 1 ||
        length != kSignatureSize)
        throw Error(ErrorCode::Internal, "Ed25519 signing failed");
    return signature;
}

std::vector<std::uint8_t> CheckpointSigner::publicKey() const
{
    std::vector<std::uint8_t> out(kKeySize);
    std::size_t length = out.size();
    if (EVP_PKEY_get_raw_public_key(m_key.get(), out.data(), &length) != 1 || length != kKeySize)
        throw Error(ErrorCode::Internal, "cannot read the Ed25519 public key");
    return out;
}

std::string keyIdFor(std::span<const std::uint8_t> publicKey)
{
    const auto digest = crypto::sha256(publicKey);
    return crypto::toHex(std::span(digest).first(8));
}

bool verifyEd25519(std::span<const std::uint8_t> publicKey, std::string_view message,
                   std::span<const std::uint8_t> signature) noexcept
{
    if (publicKey.size() != kKeySize || signature.size() != kSignatureSize)
        return false;
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, publicKey.data(),
                                                publicKey.size());
    if (key == nullptr)
        return false;
    MdCtx ctx(EVP_MD_CTX_new());
    const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
                    EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                                     reinterpret_cast<const unsigned char *>(message.data()),
                                     message.size()) == 1;
    EVP_PKEY_free(key);
    return ok;
}

std::string Checkpoint::signedText() const
{
    return "bulkhead-audit-checkpoint/v1\ntenant " + tenantId + "\nsize " +
           std::to_string(treeSize) + "\nroot " + crypto::toHex(rootHash) + "\ntime " +
           std::to_string(timeUs) + "\n";
}

void signCheckpoint(Checkpoint &checkpoint, const CheckpointSigner &signer)
{
    if (checkpoint.rootHash.size() != kHashSize)
        throw Error(ErrorCode::InvalidArgument, "a root hash has 32 bytes", "rootHash");
    checkpoint.keyId = signer.keyId();
    checkpoint.signature = signer.sign(checkpoint.signedText());
}

bool verifyCheckpoint(const Checkpoint &checkpoint, std::span<const std::uint8_t> publicKey) noexcept
{
    try {
        if (checkpoint.rootHash.size() != kHashSize || checkpoint.keyId != keyIdFor(publicKey))
            return false;
        return verifyEd25519(publicKey, checkpoint.signedText(), checkpoint.signature);
    } catch (...) {
        return false;
    }
}

} // namespace bulkhead::audit
