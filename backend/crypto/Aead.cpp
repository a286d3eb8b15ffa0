#include "Aead.h"

#include "core/Error.h"

#include <openssl/evp.h>

#include <memory>

namespace bulkhead::crypto {
namespace {

using core::Error;
using core::ErrorCode;

struct CtxDeleter
{
    void operator()(EVP_CIPHER_CTX *ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

// Fetched once: EVP_aes_256_gcm() makes OpenSSL 3 look the algorithm up again on every use.
const EVP_CIPHER *aes256Gcm()
{
    static EVP_CIPHER *const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (!cipher)
        throw Error(ErrorCode::Internal, "AES-256-GCM is not available");
    return cipher;
}

constexpr std::string_view kAadLabel = "bulkhead-aead-v1";

void checkKeyAndNonce(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce)
{
    if (key.size() != kAeadKeySize)
        throw Error(ErrorCode::InvalidArgument, "AES-256-GCM needs a 32-byte key");
    if (nonce.size() != kAeadNonceSize)
        throw Error(ErrorCode::InvalidArgument, "AES-256-GCM needs a 12-byte nonce");
}

int intSize(std::size_t size)
{
    if (size > static_cast<std::size_t>(INT32_MAX))
        throw Error(ErrorCode::InvalidArgument, "message too large for AES-GCM");
    return static_cast<int>(size);
}

void appendLengthPrefixed(std::vector<std::uint8_t> &out, std::string_view text)
{
    const auto n = static_cast<std::uint32_t>(text.size());
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(n >> shift));
    out.insert(out.end(), text.begin(), text.end());
}

std::vector<std::uint8_t> associatedData(std::span<const std::uint8_t> header,
                                         const AeadContext &context)
{
    std::vector<std::uint8_t> aad;
    appendLengthPrefixed(aad, kAadLabel);
    aad.insert(aad.end(), header.begin(), header.end());
    appendLengthPrefixed(aad, context.tenantId);
    appendLengthPrefixed(aad, context.purpose);
    if (!context.binding.empty())
        appendLengthPrefixed(aad, context.binding);
    return aad;
}

struct ParsedEnvelope
{
    std::span<const std::uint8_t> header;
    std::string keyId;
    std::span<const std::uint8_t> nonce;
    std::span<const std::uint8_t> ciphertext;
    std::span<const std::uint8_t> tag;
};

ParsedEnvelope parse(std::span<const std::uint8_t> envelope)
{
    const auto malformed = [] {
        return Error(ErrorCode::InvalidArgument, "malformed envelope");
    };
    if (envelope.size() < 2)
        throw malformed();
    if (envelope[0] != kEnvelopeVersion)
        throw Error(ErrorCode::InvalidArgument,
                    "unsupported envelope version " + std::to_string(envelope[0]));
    const std::size_t idLength = envelope[1];
    const std::size_t headerSize = 2 + idLength;
    if (idLength == 0 || envelope.size() < headerSize + kAeadNonceSize + kAeadTagSize)
        throw malformed();
    ParsedEnvelope parsed;
    parsed.header = envelope.first(headerSize);
    parsed.keyId.assign(envelope.begin() + 2, envelope.begin() + static_cast<std::ptrdiff_t>(headerSize));
    parsed.nonce = envelope.subspan(headerSize, kAeadNonceSize);
    const std::size_t bodyStart = headerSize + kAeadNonceSize;
    parsed.ciphertext = envelope.subspan(bodyStart, envelope.size() - bodyStart - kAeadTagSize);
    parsed.tag = envelope.last(kAeadTagSize);
    return parsed;
}

} // namespace

GcmOutput aesGcmEncrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                        std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext)
{
    checkKeyAndNonce(key, nonce);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    GcmOutput out;
    out.ciphertext.resize(plaintext.size());
    out.tag.resize(kAeadTagSize);
    int len = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), aes256Gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1
        && EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) == 1;
    if (ok && !aad.empty())
        ok = EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), intSize(aad.size())) == 1;
    if (ok && !plaintext.empty())
        ok = EVP_EncryptUpdate(ctx.get(), out.ciphertext.data(), &len, plaintext.data(),
                               intSize(plaintext.size())) == 1;
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), out.ciphertext.data() + plaintext.size(), &len) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagSize), out.tag.data()) == 1;
    if (!ok)
        throw Error(ErrorCode::Internal, "AES-256-GCM encryption failed");
    return out;
}

SecureBytes aesGcmDecrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                          std::span<const std::uint8_t> aad, std::span<const std::uint8_t> ciphertext,
                          std::span<const std::uint8_t> tag)
{
    checkKeyAndNonce(key, nonce);
    if (tag.size() != kAeadTagSize)
        throw Error(ErrorCode::InvalidArgument, "AES-256-GCM needs a 16-byte tag");
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    SecureBytes plain(ciphertext.size() + 1);  // +1: never a zero-size buffer for OpenSSL
    int len = 0;
    std::vector<std::uint8_t> tagCopy(tag.begin(), tag.end());
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), aes256Gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1
        && EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) == 1;
    if (ok && !aad.empty())
        ok = EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), intSize(aad.size())) == 1;
    if (ok && !ciphertext.empty())
        ok = EVP_DecryptUpdate(ctx.get(), plain.data(), &len, ciphertext.data(),
                               intSize(ciphertext.size())) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagSize), tagCopy.data()) == 1
        && EVP_DecryptFinal_ex(ctx.get(), plain.data() + ciphertext.size(), &len) == 1;
    if (!ok)
        throw Error(ErrorCode::InvalidArgument,
                    "ciphertext failed authentication (wrong key, tenant or purpose, or tampered)");
    SecureBytes result(std::span<const std::uint8_t>(plain.data(), ciphertext.size()));
    return result;
}

std::vector<std::uint8_t> Aead::seal(std::span<const std::uint8_t> key, std::string_view keyId,
                                     const AeadContext &context,
                                     std::span<const std::uint8_t> plaintext)
{
    if (keyId.empty() || keyId.size() > 255)
        throw Error(ErrorCode::InvalidArgument, "a key id must be 1 to 255 characters");
    std::vector<std::uint8_t> envelope;
    envelope.reserve(2 + keyId.size() + kAeadNonceSize + plaintext.size() + kAeadTagSize);
    envelope.push_back(kEnvelopeVersion);
    envelope.push_back(static_cast<std::uint8_t>(keyId.size()));
    envelope.insert(envelope.end(), keyId.begin(), keyId.end());
    const auto aad = associatedData(envelope, context);
    const SecureBytes nonce = randomBytes(kAeadNonceSize);
    GcmOutput out = aesGcmEncrypt(key, nonce.view(), aad, plaintext);
    envelope.insert(envelope.end(), nonce.data(), nonce.data() + nonce.size());
    envelope.insert(envelope.end(), out.ciphertext.begin(), out.ciphertext.end());
    envelope.insert(envelope.end(), out.tag.begin(), out.tag.end());
    return envelope;
}

SecureBytes Aead::open(std::span<const std::uint8_t> key, const AeadContext &context,
                       std::span<const std::uint8_t> envelope)
{
    const ParsedEnvelope parsed = parse(envelope);
    const auto aad = associatedData(parsed.header, context);
    return aesGcmDecrypt(key, parsed.nonce, aad, parsed.ciphertext, parsed.tag);
}

std::string Aead::envelopeKeyId(std::span<const std::uint8_t> envelope)
{
    return parse(envelope).keyId;
}

std::vector<std::uint8_t> wrapKey(std::span<const std::uint8_t> kek, std::string_view kekId,
                                  const AeadContext &context, std::span<const std::uint8_t> key)
{
    AeadContext wrapContext{context.tenantId, "key-wrap:" + context.purpose};
    return Aead::seal(kek, kekId, wrapContext, key);
}

SecureBytes unwrapKey(std::span<const std::uint8_t> kek, const AeadContext &context,
                      std::span<const std::uint8_t> wrapped)
{
    AeadContext wrapContext{context.tenantId, "key-wrap:" + context.purpose};
    return Aead::open(kek, wrapContext, wrapped);
}

} // namespace bulkhead::crypto
