#pragma once

#include "MerkleTree.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace bulkhead::audit {

// An Ed25519 signing key for checkpoints. For now it is handed in as an OpenSSL key or a raw
// 32-byte seed; the keychain-backed key store will construct it the same way.
class CheckpointSigner final
{
public:
    // Throws core::Error(InvalidArgument) unless `seed` is 32 bytes.
    static CheckpointSigner fromSeed(std::span<const std::uint8_t> seed);
    // Takes its own reference; throws core::Error(InvalidArgument) unless it is an Ed25519
    // private key.
    explicit CheckpointSigner(EVP_PKEY *key);
    ~CheckpointSigner();
    CheckpointSigner(CheckpointSigner &&) noexcept;
    CheckpointSigner &operator=(CheckpointSigner &&) noexcept;

    std::vector<std::uint8_t> sign(std::string_view message) const;  // 64 bytes
    std::vector<std::uint8_t> publicKey() const;                       // raw, 32 bytes
    // Names the key in checkpoints: hex of the first 8 bytes of SHA-256(public key).
    const std::string &keyId() const noexcept { return m_keyId; }

private:
    struct KeyDeleter
    {
        void operator()(EVP_PKEY *key) const noexcept;
    };
    std::unique_ptr<EVP_PKEY, KeyDeleter> m_key;
    std::string m_keyId;
};

bool verifyEd25519(std::span<const std::uint8_t> publicKey, std::string_view message,
                   std::span<const std::uint8_t> signature) noexcept;
std::string keyIdFor(std::span<const std::uint8_t> publicKey);

// A signed statement "tenant T's log had `treeSize` records with root `rootHash` at `timeUs`".
// Anyone holding the public key and one checkpoint can later prove the log was only appended to
// (consistency proof) and that a record was in it (inclusion proof).
struct Checkpoint
{
    std::string tenantId;
    std::uint64_t treeSize = 0;
    Hash rootHash;
    std::int64_t timeUs = 0;  // Unix microseconds
    std::string keyId;
    std::vector<std::uint8_t> signature;

    // The exact bytes signed: five lines, each ending in '\n':
    //   bulkhead-audit-checkpoint/v1
    //   tenant <id>
    //   size <decimal>
    //   root <64 lowercase hex>
    //   time <decimal microseconds>
    std::string signedText() const;

    bool operator==(const Checkpoint &) const = default;
};

// Fills keyId and signature.
void signCheckpoint(Checkpoint &checkpoint, const CheckpointSigner &signer);
// True only for a 64-byte Ed25519 signature by `publicKey` over signedText(), with a well-formed
// root and a key id that names that key.
bool verifyCheckpoint(const Checkpoint &checkpoint, std::span<const std::uint8_t> publicKey) noexcept;

} // namespace bulkhead::audit
