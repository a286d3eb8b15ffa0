#include "Domain.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace bulkhead::core {
namespace {

constexpr std::array<std::string_view, 5> kClassifications{"PHI", "PII", "CUI", "FINANCIAL",
                                                            "PRIVILEGED"};
constexpr std::array<std::string_view, 2> kRelationships{"internal", "external"};
constexpr std::array<std::string_view, 3> kThreats{"low", "medium", "high"};
constexpr std::array<std::string_view, 6> kRegimes{"HIPAA_BAA", "FEDRAMP", "OCC_HEIGHTENED",
                                                    "PCI_DSS",   "GDPR",    "STATE_GOVERNANCE"};

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <typename Enum, std::size_t N>
std::optional<Enum> parseFrom(const std::array<std::string_view, N> &names, std::string_view text)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (equalsIgnoreCase(names[i], text))
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

} // namespace

std::optional<Tier> tierFromNumber(long long number) noexcept
{
    if (number < 1 || number > 3)
        return std::nullopt;
    return static_cast<Tier>(number);
}

std::string_view tierName(Tier tier) noexcept
{
    switch (tier) {
    case Tier::Namespace: return "namespace";
    case Tier::Schema: return "schema + per-tenant key";
    case Tier::Dedicated: return "dedicated infrastructure";
    }
    return "unknown";
}

std::string_view toString(Classification value) noexcept
{
    return kClassifications[static_cast<std::size_t>(value)];
}
std::string_view toString(Relationship value) noexcept
{
    return kRelationships[static_cast<std::size_t>(value)];
}
std::string_view toString(Threat value) noexcept
{
    return kThreats[static_cast<std::size_t>(value)];
}
std::string_view toString(Regime value) noexcept
{
    return kRegimes[static_cast<std::size_t>(value)];
}

std::optional<Classification> parseClassification(std::string_view text) noexcept
{
    return parseFrom<Classification>(kClassifications, text);
}
std::optional<Relationship> parseRelationship(std::string_view text) noexcept
{
    return parseFrom<Relationship>(kRelationships, text);
}
std::optional<Threat> parseThreat(std::string_view text) noexcept
{
    return parseFrom<Threat>(kThreats, text);
}
std::optional<Regime> parseRegime(std::string_view text) noexcept
{
    return parseFrom<Regime>(kRegimes, text);
}

std::span<const std::string_view> allowedClassifications() noexcept { return kClassifications; }
std::span<const std::string_view> allowedRelationships() noexcept { return kRelationships; }
std::span<const std::string_view> allowedThreats() noexcept { return kThreats; }
std::span<const std::string_view> allowedRegimes() noexcept { return kRegimes; }

std::string joinAllowed(std::span<const std::string_view> values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += (i + 1 == values.size()) ? " or " : ", ";
        out += values[i];
    }
    return out;
}

} // namespace bulkhead::core
