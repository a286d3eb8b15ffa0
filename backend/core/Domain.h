#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace bulkhead::core {

// The vocabulary of the isolation decision (DESIGN.md "Policy engine"). The spelled names are
// the wire format: upper case for classifications and regimes, lower case for the rest.

enum class Classification { PHI, PII, CUI, Financial, Privileged };
enum class Relationship { Internal, External };
enum class Threat { Low, Medium, High };
enum class Regime { HipaaBaa, FedRamp, OccHeightened, PciDss, Gdpr, StateGovernance };

// Isolation tiers: 1 namespace, 2 schema + per-tenant key, 3 dedicated infrastructure.
enum class Tier { Namespace = 1, Schema = 2, Dedicated = 3 };

constexpr int tierNumber(Tier tier) noexcept { return static_cast<int>(tier); }
std::optional<Tier> tierFromNumber(long long number) noexcept;
std::string_view tierName(Tier tier) noexcept;

std::string_view toString(Classification value) noexcept;
std::string_view toString(Relationship value) noexcept;
std::string_view toString(Threat value) noexcept;
std::string_view toString(Regime value) noexcept;

// Parsing is case-insensitive; the canonical spelling is what toString() returns.
std::optional<Classification> parseClassification(std::string_view text) noexcept;
std::optional<Relationship> parseRelationship(std::string_view text) noexcept;
std::optional<Threat> parseThreat(std::string_view text) noexcept;
std::optional<Regime> parseRegime(std::string_view text) noexcept;

std::span<const std::string_view> allowedClassifications() noexcept;
std::span<const std::string_view> allowedRelationships() noexcept;
std::span<const std::string_view> allowedThreats() noexcept;
std::span<const std::string_view> allowedRegimes() noexcept;

// "A, B or C" for error messages.
std::string joinAllowed(std::span<const std::string_view> values);

struct Tenant
{
    std::string id;    // ^[a-z][a-z0-9_]{1,30}$, also a schema/role name suffix in Tier 2
    std::string name;  // display name, any Unicode, at most 200 code points
    std::set<Classification> classifications;  // empty means "none"
    Relationship relationship = Relationship::Internal;
    Threat threat = Threat::Low;
    std::set<Regime> regimes;  // empty means "none"
    std::optional<Tier> chosenTier;  // the tier actually deployed, if decided
    long long version = 0;  // optimistic-concurrency version, set by the repository

    bool operator==(const Tenant &) const = default;
};

} // namespace bulkhead::core
