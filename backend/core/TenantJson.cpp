#include "TenantJson.h"

#include "Error.h"
#include "TenantValidation.h"

#include <nlohmann/json.hpp>

#include <set>

namespace bulkhead::core {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string &path, const std::string &message,
                       std::span<const std::string_view> allowed = {})
{
    std::vector<std::string> values(allowed.begin(), allowed.end());
    std::string text = path + ": " + message;
    if (!allowed.empty())
        text += " (allowed: " + joinAllowed(allowed) + ")";
    throw Error(ErrorCode::InvalidArgument, std::move(text), path, std::move(values));
}

std::string stringField(const json &value, const std::string &path)
{
    if (!value.is_string())
        fail(path, "must be a string");
    return value.get<std::string>();
}

template <typename Enum, typename Parse>
std::set<Enum> enumList(const json &value, const std::string &path,
                        std::span<const std::string_view> allowed, Parse parse)
{
    std::set<Enum> out;
    if (value.is_null())
        return out;
    if (!value.is_array())
        fail(path, "must be an array of strings", allowed);
    bool sawNone = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string itemPath = path + "[" + std::to_string(i) + "]";
        const std::string text = stringField(value[i], itemPath);
        // "NONE" is accepted as an explicit empty marker, alone.
        if (text == "NONE" || text == "none") {
            sawNone = true;
            continue;
        }
        const auto parsed = parse(text);
        if (!parsed)
            fail(itemPath, "unknown value \"" + text + "\"", allowed);
        out.insert(*parsed);
    }
    if (sawNone && !out.empty())
        fail(path, "NONE cannot be combined with other values");
    return out;
}

template <typename Enum, typename Parse>
Enum enumField(const json &value, const std::string &path,
               std::span<const std::string_view> allowed, Parse parse, Enum fallback)
{
    if (value.is_null())
        return fallback;
    if (!value.is_string())
        fail(path, "must be a string", allowed);
    const auto parsed = parse(value.template get<std::string>());
    if (!parsed)
        fail(path, "unknown value \"" + value.template get<std::string>() + "\"", allowed);
    return *parsed;
}

std::string memberPath(const std::string &path, const char *key)
{
    return path.empty() ? std::string(key) : path + "." + key;
}

} // namespace

Tenant tenantFromJson(const nlohmann::json &node, const std::string &path)
{
    if (!node.is_object())
        fail(path, "each tenant must be a JSON object");
    static const std::set<std::string> known{"id",     "name",    "classifications",
                                             "relationship", "threat", "regimes",
                                             "tier",   "description", "notes", "version"};
    for (const auto &[key, _] : node.items()) {
        if (!known.contains(key))
            fail(memberPath(path, key.c_str()), "unknown field (known: id, name, classifications, "
                                   "relationship, threat, regimes, tier, description, notes)");
    }
    Tenant tenant;
    if (!node.contains("id"))
        fail(memberPath(path, "id"), "is required");
    tenant.id = stringField(node["id"], memberPath(path, "id"));
    validateTenantId(tenant.id, memberPath(path, "id"));
    tenant.name = node.contains("name") ? stringField(node["name"], memberPath(path, "name")) : tenant.id;
    validateTenantName(tenant.name, memberPath(path, "name"));
    auto member = [&](const char *key) { return node.contains(key) ? node[key] : json(); };
    tenant.classifications = enumList<Classification>(
        member("classifications"), memberPath(path, "classifications"), allowedClassifications(),
        parseClassification);
    tenant.regimes =
        enumList<Regime>(member("regimes"), memberPath(path, "regimes"), allowedRegimes(), parseRegime);
    tenant.relationship = enumField(member("relationship"), memberPath(path, "relationship"),
                                    allowedRelationships(), parseRelationship,
                                    Relationship::Internal);
    tenant.threat =
        enumField(member("threat"), memberPath(path, "threat"), allowedThreats(), parseThreat, Threat::Low);
    const json tier = member("tier");
    if (!tier.is_null()) {
        static constexpr std::string_view kTiers[] = {"1", "2", "3"};
        const auto parsed =
            tier.is_number_integer() ? tierFromNumber(tier.get<long long>()) : std::nullopt;
        if (!parsed)
            fail(memberPath(path, "tier"), "must be the number 1, 2 or 3", kTiers);
        tenant.chosenTier = parsed;
    }
    const json version = member("version");
    if (!version.is_null()) {
        if (!version.is_number_integer() || version.get<long long>() < 0)
            fail(memberPath(path, "version"), "must be a non-negative integer");
        tenant.version = version.get<long long>();
    }
    return tenant;
}


nlohmann::json tenantToJson(const Tenant &tenant)
{
    json classifications = json::array();
    for (auto c : tenant.classifications)
        classifications.push_back(toString(c));
    json regimes = json::array();
    for (auto r : tenant.regimes)
        regimes.push_back(toString(r));
    return {{"id", tenant.id},
            {"name", tenant.name},
            {"classifications", std::move(classifications)},
            {"relationship", toString(tenant.relationship)},
            {"threat", toString(tenant.threat)},
            {"regimes", std::move(regimes)},
            {"tier", tenant.chosenTier ? json(tierNumber(*tenant.chosenTier)) : json()},
            {"version", tenant.version}};
}

} // namespace bulkhead::core
