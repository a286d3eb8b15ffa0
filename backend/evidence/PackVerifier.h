#pragma once

#include "PackArchive.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::evidence {

struct VerifyOptions
{
    // "SHA256:<hex>" (or just the hex) of the key the pack must be signed by; without it any
    // valid Ed25519 signature is accepted and the report says by which key.
    std::optional<std::string> expectedFingerprint;
    ArchiveLimits limits;
};

struct VerifyReport
{
    bool ok = false;
    std::string file;     // the member to blame ("" for the archive as a whole)
    std::string problem;  // a stable code: hash_mismatch, missing_member, extra_member, bad_signature, ...
    std::string message;  // for people; names the file
    std::string fingerprint;
    std::string generatedAt;
    nlohmann::json scope;
    std::size_t files = 0;  // members checked (manifest and signature included)

    nlohmann::json toJson() const;
};

// Offline verification of a pack, trusting nothing in it until proven: the ZIP is read under
// ArchiveLimits (names, duplicates, sizes, bombs); manifest.sig must be well formed, its key
// consistent with its PEM and fingerprint (and the expected fingerprint, if given), and its
// Ed25519 signature valid over the exact bytes of manifest.json; then every member the manifest
// lists must be present with its size and SHA-256, every member present must be listed, and
// the manifest must list every member a v1 pack has. The first problem found is reported,
// naming the file.
VerifyReport verifyPack(std::string_view zip, const VerifyOptions &options = {});

} // namespace bulkhead::evidence
