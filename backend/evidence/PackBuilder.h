#pragma once

#include "EvidenceInput.h"
#include "OscalResults.h"

#include "crypto/Ed25519.h"

#include <functional>
#include <string>

namespace bulkhead::evidence {

struct BuiltPack
{
    std::string zip;
    std::string manifest;     // the exact bytes that were signed
    std::string fingerprint;  // of the signing key
};

// Called after each member is made: (members done, members in all).
using PackProgress = std::function<void(std::size_t done, std::size_t total)>;

// Builds a signed pack from `input` for its scope: the data files, controls, OSCAL and reports,
// then manifest.json (every member's SHA-256 and size, format, generator, time, scope) and
// manifest.sig (Ed25519 over the manifest's exact bytes, with the raw public key, its PEM form
// and fingerprint). A tenant pack is checked before it is sealed: if any member carried another
// tenant's canary the build fails (core::Error Internal) rather than ship it.
BuiltPack buildPack(const EvidenceInput &input, const crypto::Ed25519Key &signingKey,
                    const PackProgress &progress = {}, const RandomSource &random = {});

} // namespace bulkhead::evidence
