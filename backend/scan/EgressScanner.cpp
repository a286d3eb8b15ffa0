#include "EgressScanner.h"

#include "TextNormaliser.h"
#include "core/Error.h"

#include <algorithm>
#include <bit>
#include <set>

namespace bulkhead::scan {
namespace {

using core::Error;
using core::ErrorCode;

constexpr std::uint32_t kMaxTenantMaterial = 0xFFFF;  // canaries/terms per tenant (Owner::index)

std::uint64_t mix(std::uint64_t x) noexcept
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

struct LiteralSet
{
    std::vector<std::string> literals;
    std::vector<std::vector<std::uint32_t>> owners;  // indices into the flat owner list
    std::unordered_map<std::string, std::uint32_t> index;

    void add(const std::string &literal, std::uint32_t owner)
    {
        auto [it, inserted] = index.try_emplace(literal, static_cast<std::uint32_t>(literals.size()));
        if (inserted) {
            literals.push_back(literal);
            owners.emplace_back();
        }
        owners[it->second].push_back(owner);
    }
};

} // namespace

std::uint64_t shingleHash(const std::uint64_t *words, std::uint32_t size, std::uint32_t last,
                          std::uint32_t count) noexcept
{
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (std::uint32_t j = count; j-- > 0;) {
        const std::uint64_t w = words[(last + size - j) % size];
        h = std::rotl((h ^ w) * 0xff51afd7ed558ccdULL, 29);
    }
    h = mix(h);
    return h == 0 ? 1 : h;
}

std::uint32_t EgressScanner::tenantIndex(std::string_view tenantId) const
{
    const auto it = m_tenantIndex.find(std::string(tenantId));
    return it == m_tenantIndex.end() ? kNoTenant : it->second;
}

std::size_t EgressScanner::databaseBytes() const
{
    return m_alnumDb.databaseBytes() + m_wordDb.databaseBytes()
           + m_shingleTable.size() * sizeof(ShingleEntry) + m_shingleFilter.size() * 8
           + m_alnumPrefixes.memoryBytes() + m_wordPrefixes.memoryBytes()
           + m_shinglePrefixes.size() * sizeof(std::uint64_t);
}

std::size_t EgressScanner::hyperscanStreamBytesPerChannel() const
{
    return m_alnumDb.streamStateBytes() + m_wordDb.streamStateBytes();
}

void EgressScanner::addShingles(
    std::uint32_t tenant, std::string_view prompt,
    std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> &all) const
{
    const auto events = normalisedWords(prompt);
    const std::uint32_t k = m_options.shingleWords;
    if (events.size() < k)
        return;
    std::vector<std::uint64_t> words;
    words.reserve(events.size());
    for (const auto &e : events)
        words.push_back(e.hash);
    const auto n = static_cast<std::uint32_t>(words.size());
    std::set<std::uint64_t> own;
    for (std::uint32_t last = k - 1; last < n; ++last) {
        const std::uint64_t h = shingleHash(words.data(), n, last, k);
        if (own.insert(h).second)
            all[h].emplace_back(tenant, last - (k - 1));
    }
}

std::shared_ptr<const EgressScanner> EgressScanner::build(const ProtectedMaterial &material,
                                                          const EgressOptions &options)
{
    if (options.shingleWords < 2 || options.shingleWords > 8)
        throw Error(ErrorCode::InvalidArgument, "shingleWords must be 2..8", "shingleWords");
    if (options.minShingles < 1)
        throw Error(ErrorCode::InvalidArgument, "minShingles must be at least 1", "minShingles");
    std::shared_ptr<EgressScanner> s(new EgressScanner());
    s->m_version = material.version;
    s->m_options = options;

    LiteralSet alnum;
    LiteralSet word;
    auto addOwner = [&](Owner owner) {
        s->m_owners.push_back(owner);
        return static_cast<std::uint32_t>(s->m_owners.size() - 1);
    };

    for (std::size_t i = 0; i < material.secretFormats.size(); ++i) {
        const std::string prefix = normaliseAlnum(material.secretFormats[i].prefix);
        if (prefix.size() < 5)
            throw Error(ErrorCode::InvalidArgument, "secret format prefix too short",
                        "secretFormats[" + std::to_string(i) + "].prefix");
        s->m_formatNames.push_back(material.secretFormats[i].name);
        alnum.add(prefix, addOwner({kNoTenant, static_cast<std::uint16_t>(i), Material::SecretFormat,
                                    true}));
    }

    std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> shingles;
    for (std::size_t ti = 0; ti < material.tenants.size(); ++ti) {
        const TenantMaterial &t = material.tenants[ti];
        const std::string field = "tenants[" + std::to_string(ti) + "]";
        if (t.tenantId.empty())
            throw Error(ErrorCode::InvalidArgument, "tenant id is empty", field + ".tenantId");
        const auto tenant = static_cast<std::uint32_t>(s->m_tenantIds.size());
        if (!s->m_tenantIndex.try_emplace(t.tenantId, tenant).second)
            throw Error(ErrorCode::Conflict, "duplicate tenant id " + t.tenantId,
                        field + ".tenantId");
        s->m_tenantIds.push_back(t.tenantId);

        auto addCanaries = [&](const std::vector<std::string> &list, Material kind,
                               const char *name) {
            if (list.size() > kMaxTenantMaterial)
                throw Error(ErrorCode::InvalidArgument, "too many canaries", field + "." + name);
            for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string n = normaliseAlnum(list[i]);
                const std::string f = field + "." + name + "[" + std::to_string(i) + "]";
                if (n.size() < options.minCanaryChars)
                    throw Error(ErrorCode::InvalidArgument,
                                "canary has fewer than " + std::to_string(options.minCanaryChars)
                                    + " letters and digits",
                                f);
                if (n.size() > options.maxLiteralChars)
                    throw Error(ErrorCode::InvalidArgument, "canary is too long", f);
                alnum.add(n, addOwner({tenant, static_cast<std::uint16_t>(i), kind, true}));
            }
        };
        addCanaries(t.canaries, Material::Canary, "canaries");
        addCanaries(t.documentCanaries, Material::DocumentCanary, "documentCanaries");

        const auto terms = options.extractPromptTerms
                               ? extractProtectedTerms(t.systemPrompt, t.secretTerms)
                               : extractProtectedTerms({}, t.secretTerms);
        for (std::size_t i = 0; i < terms.size() && i < kMaxTenantMaterial; ++i) {
            const Owner owner{tenant, static_cast<std::uint16_t>(i), Material::PromptTerm,
                              terms[i].distinctive};
            if (terms[i].distinctive) {
                const std::string n = normaliseAlnum(terms[i].text);
                if (n.size() <= options.maxLiteralChars)
                    alnum.add(n, addOwner(owner));
            } else {
                const std::string w = normaliseWords(terms[i].text);
                if (w.size() <= options.maxLiteralChars + 2)
                    word.add(w, addOwner(owner));
            }
        }
        s->addShingles(tenant, t.systemPrompt, shingles);
    }

    // Flatten: patterns own contiguous runs of the owner list.
    auto flatten = [&](const LiteralSet &set, std::vector<Pattern> &patterns, std::uint32_t &window) {
        std::vector<Owner> flat;
        for (std::size_t i = 0; i < set.literals.size(); ++i) {
            Pattern p;
            p.length = static_cast<std::uint32_t>(set.literals[i].size());
            p.firstOwner = static_cast<std::uint32_t>(flat.size());
            p.ownerCount = static_cast<std::uint32_t>(set.owners[i].size());
            for (const auto o : set.owners[i])
                flat.push_back(s->m_owners[o]);
            patterns.push_back(p);
            window = std::max(window, p.length);
        }
        return flat;
    };
    const auto alnumOwners = flatten(alnum, s->m_alnumPatterns, s->m_alnumWindow);
    auto wordOwners = flatten(word, s->m_wordPatterns, s->m_wordWindow);
    for (auto &p : s->m_wordPatterns)
        p.firstOwner += static_cast<std::uint32_t>(alnumOwners.size());
    s->m_owners = alnumOwners;
    s->m_owners.insert(s->m_owners.end(), wordOwners.begin(), wordOwners.end());

    s->m_alnumDb = HyperscanDatabase::literals(alnum.literals, HyperscanDatabase::Mode::Stream);
    s->m_wordDb = HyperscanDatabase::literals(word.literals, HyperscanDatabase::Mode::Stream);
    s->m_alnumPrefixes = PrefixAutomaton(alnum.literals);
    s->m_wordPrefixes = PrefixAutomaton(word.literals);

    // Shingle table: drop boilerplate shared by many prompts, then open addressing.
    s->m_tenantShingles.assign(s->m_tenantIds.size(), 0);
    std::size_t entries = 0;
    for (auto it = shingles.begin(); it != shingles.end();) {
        if (it->second.size() > options.maxShingleOwners) {
            it = shingles.erase(it);
            continue;
        }
        for (const auto &[tenant, position] : it->second)
            ++s->m_tenantShingles[tenant];
        entries += it->second.size();
        ++it;
    }
    if (entries > 0) {
        const std::size_t slots = std::bit_ceil(entries * 2);
        s->m_shingleTable.assign(slots, ShingleEntry{});
        s->m_shingleMask = slots - 1;
        const std::size_t bits = std::max<std::size_t>(1024, std::bit_ceil(entries * 16));
        s->m_filterBits = static_cast<std::uint32_t>(std::countr_zero(bits));
        s->m_shingleFilter.assign(bits / 64, 0);
        // Insert in a deterministic order so equal material gives equal tables.
        std::vector<std::uint64_t> hashes;
        for (const auto &kv : shingles)
            hashes.push_back(kv.first);
        std::sort(hashes.begin(), hashes.end());
        for (const auto h : hashes) {
            for (const auto &[tenant, position] : shingles[h]) {
                std::size_t i = h & s->m_shingleMask;
                while (s->m_shingleTable[i].hash != 0)
                    i = (i + 1) & s->m_shingleMask;
                s->m_shingleTable[i] = {h, tenant, position};
            }
            const std::uint64_t bit = h >> (64 - s->m_filterBits);
            s->m_shingleFilter[bit >> 6] |= std::uint64_t(1) << (bit & 63);
        }
        s->m_shingleEntries = entries;
    }

    // The word prefixes of every shingle kept: a stream holds words only while they may still
    // be the start of one.
    const std::uint32_t k = options.shingleWords;
    for (std::uint32_t tenant = 0; tenant < s->m_tenantIds.size() && !shingles.empty(); ++tenant) {
        if (s->m_tenantShingles[tenant] == 0)
            continue;
        const auto events = normalisedWords(material.tenants[tenant].systemPrompt);
        std::vector<std::uint64_t> words;
        for (const auto &e : events)
            words.push_back(e.hash);
        const auto n = static_cast<std::uint32_t>(words.size());
        for (std::uint32_t last = k - 1; last < n; ++last) {
            if (!shingles.contains(shingleHash(words.data(), n, last, k)))
                continue;  // boilerplate, dropped above
            for (std::uint32_t j = 1; j < k; ++j)
                s->m_shinglePrefixes.push_back(shingleHash(words.data(), n, last - (k - j), j));
        }
    }
    std::sort(s->m_shinglePrefixes.begin(), s->m_shinglePrefixes.end());
    s->m_shinglePrefixes.erase(
        std::unique(s->m_shinglePrefixes.begin(), s->m_shinglePrefixes.end()),
        s->m_shinglePrefixes.end());
    return s;
}

} // namespace bulkhead::scan
