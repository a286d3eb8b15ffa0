#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

// Everything of one tenant that must not reach another tenant's responses.
struct TenantMaterial
{
    std::string tenantId;
    std::vector<std::string> canaries;          // e.g. "bh-canary-<hex>", planted in the prompt
    std::string systemPrompt;                   // fingerprinted, and mined for secret terms
    std::vector<std::string> documentCanaries;  // planted in the tenant's stored documents
    // Words the system prompt keeps secret, when the admin names them explicitly. Terms are
    // also extracted from the prompt itself (see extractProtectedTerms).
    std::vector<std::string> secretTerms;
};

// A Bulkhead secret format: any response containing the prefix (however obfuscated) followed
// by the key body is a leak of Bulkhead's own credentials.
struct SecretFormat
{
    std::string name;    // "tenant_api_key"
    std::string prefix;  // "bh_live_"
};

// bh_live_ + 43 base64url (tenant API keys) and bh_admin_ + 43 base64url (admin tokens).
std::vector<SecretFormat> builtinSecretFormats();

// The input of EgressScanner::build: all tenants' material at one version.
struct ProtectedMaterial
{
    std::uint64_t version = 0;  // monotonic; the holder never replaces a newer scanner by an older
    std::vector<TenantMaterial> tenants;
    std::vector<SecretFormat> secretFormats = builtinSecretFormats();
};

// A word or phrase a system prompt protects.
struct ProtectedTerm
{
    std::string text;
    // Distinctive enough to count as a cross-tenant leak on its own (e-mail addresses, long
    // tokens with digits). Others ("Piano", "Chicago") only count as the owner's self-leak:
    // another tenant's user saying "piano" proves nothing.
    bool distinctive = false;
};

// Terms of a system prompt that declares secrets ("secret", "password", "do not reveal",
// "confidential", "private", ...): quoted spans, e-mail addresses, numbers of four or more
// digits and capitalised names that do not start a sentence. A prompt with no such cue yields
// only its explicit secret terms: ordinary instructions are covered by shingle fingerprints,
// and naming every capitalised word of a harmless prompt would flag the tenant's own text.
std::vector<ProtectedTerm> extractProtectedTerms(std::string_view systemPrompt,
                                                 const std::vector<std::string> &explicitTerms = {});

} // namespace bulkhead::scan
