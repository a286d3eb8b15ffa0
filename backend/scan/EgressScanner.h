#pragma once

#include "EgressFinding.h"
#include "HyperscanDatabase.h"
#include "PrefixAutomaton.h"
#include "ProtectedMaterial.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bulkhead::scan {

// Build-time knobs of the egress scanner.
struct EgressOptions
{
    std::uint32_t shingleWords = 5;      // words per system-prompt shingle (5..8)
    std::uint32_t minShingles = 3;       // distinct shingles of one prompt that make a finding
    std::uint32_t maxShingleOwners = 8;  // a shingle in more prompts than this is boilerplate
    std::uint32_t minCanaryChars = 12;   // normalised length below which a canary is rejected
    std::uint32_t maxLiteralChars = 96;  // longest canary or term accepted (bounds hold-back)
    bool extractPromptTerms = true;      // mine system prompts for secret terms
};

// The compiled, immutable egress scanner for one version of every tenant's protected material:
// two Hyperscan streaming databases (the alnum channel: canaries, document canaries,
// distinctive terms, secret-format prefixes; the word channel: whole-word secret terms) and a
// shingle table of every system prompt. Shared between threads through
// std::shared_ptr<const EgressScanner>; each response scans with its own EgressStream, so
// thousands of tenants cost one pass per channel.
class EgressScanner final
{
public:
    // Throws core::Error (InvalidArgument for bad material, Internal if Hyperscan fails).
    static std::shared_ptr<const EgressScanner> build(const ProtectedMaterial &material,
                                                      const EgressOptions &options = {});

    std::uint64_t version() const noexcept { return m_version; }
    const EgressOptions &options() const noexcept { return m_options; }
    std::size_t tenantCount() const noexcept { return m_tenantIds.size(); }
    std::size_t literalPatternCount() const noexcept { return m_alnumPatterns.size(); }
    std::size_t termPatternCount() const noexcept { return m_wordPatterns.size(); }
    std::size_t shingleCount() const noexcept { return m_shingleEntries; }
    std::size_t databaseBytes() const;
    // Hyperscan stream state of one channel (text or decoded runs); a stream opens two channels.
    std::size_t hyperscanStreamBytesPerChannel() const;
    // Longest match window in normalised characters: the most a stream can ever hold back for
    // one pattern (it holds only the part of it still in progress, see EgressStream).
    std::uint32_t alnumWindow() const noexcept { return m_alnumWindow; }
    std::uint32_t wordWindow() const noexcept { return m_wordWindow; }
    // The alnum-channel database alone, for benchmarks of the literal scan.
    const HyperscanDatabase &literalDatabase() const noexcept { return m_alnumDb; }

    // Index of a tenant id, or kNoTenant.
    static constexpr std::uint32_t kNoTenant = 0xFFFFFFFF;
    std::uint32_t tenantIndex(std::string_view tenantId) const;
    const std::string &tenantId(std::uint32_t index) const { return m_tenantIds.at(index); }

private:
    friend class EgressStream;

    enum class Material : std::uint8_t { Canary, DocumentCanary, PromptTerm, SecretFormat };
    struct Owner
    {
        std::uint32_t tenant = kNoTenant;  // kNoTenant for secret formats
        std::uint16_t index = 0;           // which canary / term / format of the owner
        Material material = Material::Canary;
        bool crossTenant = true;           // counts when another tenant sees it
    };
    struct Pattern
    {
        std::uint32_t length = 0;  // in channel bytes, including word-boundary spaces
        std::uint32_t firstOwner = 0;
        std::uint32_t ownerCount = 0;
    };
    struct ShingleEntry
    {
        std::uint64_t hash = 0;  // 0 = empty slot
        std::uint32_t tenant = 0;
        std::uint32_t position = 0;  // shingle number within the prompt
    };

    EgressScanner() = default;
    void addShingles(std::uint32_t tenant, std::string_view prompt,
                     std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> &all) const;

    // Calls f(entry) for every owner of a shingle hash.
    template<typename F>
    void forEachShingleOwner(std::uint64_t hash, F &&f) const
    {
        if (m_shingleTable.empty())
            return;
        const std::uint64_t bit = hash >> (64 - m_filterBits);
        if (!(m_shingleFilter[bit >> 6] & (std::uint64_t(1) << (bit & 63))))
            return;
        for (std::size_t i = hash & m_shingleMask;; i = (i + 1) & m_shingleMask) {
            const ShingleEntry &e = m_shingleTable[i];
            if (e.hash == 0)
                return;
            if (e.hash == hash)
                f(e);
        }
    }

    std::uint64_t m_version = 0;
    EgressOptions m_options;
    std::vector<std::string> m_tenantIds;
    std::unordered_map<std::string, std::uint32_t> m_tenantIndex;
    std::vector<std::uint32_t> m_tenantShingles;  // shingles per tenant prompt (after stop-listing)
    std::vector<std::string> m_formatNames;

    HyperscanDatabase m_alnumDb;
    HyperscanDatabase m_wordDb;
    std::vector<Pattern> m_alnumPatterns;
    std::vector<Pattern> m_wordPatterns;
    std::vector<Owner> m_owners;
    std::uint32_t m_alnumWindow = 0;
    std::uint32_t m_wordWindow = 0;
    // Which suffix of each channel may still begin a pattern: the only text a stream holds.
    PrefixAutomaton m_alnumPrefixes;
    PrefixAutomaton m_wordPrefixes;

    std::vector<ShingleEntry> m_shingleTable;  // open addressing, linear probing
    std::size_t m_shingleMask = 0;
    std::size_t m_shingleEntries = 0;
    std::vector<std::uint64_t> m_shingleFilter;  // one bit per hash prefix: most words miss here
    std::uint32_t m_filterBits = 0;
    // Hashes of the first 1..shingleWords-1 words of every shingle kept, sorted: a stream holds
    // its last words only while they may still be the start of a shingle.
    std::vector<std::uint64_t> m_shinglePrefixes;
};

// Hash of `count` consecutive word hashes ending at `words[last]` in a ring of `size` entries.
std::uint64_t shingleHash(const std::uint64_t *words, std::uint32_t size, std::uint32_t last,
                          std::uint32_t count) noexcept;

} // namespace bulkhead::scan
