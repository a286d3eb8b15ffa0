#include "InventoryReader.h"

#include "Error.h"
#include "JsonLimits.h"
#include "TenantValidation.h"

#include <nlohmann/json.hpp>

#include <map>
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

Tenant readTenant(const json &node, const std::string &path)
{
    if (!node.is_object())
        fail(path, "each tenant must be a JSON object");
    static const std::set<std::string> known{"id",     "name",    "classifications",
                                             "relationship", "threat", "regimes",
                                             "tier",   "description", "notes"};
    for (const auto &[key, _] : node.items()) {
        if (!known.contains(key))
            fail(path + "." + key, "unknown field (known: id, name, classifications, "
                                   "relationship, threat, regimes, tier, description, notes)");
    }
    Tenant tenant;
    if (!node.contains("id"))
        fail(path + ".id", "is required");
    tenant.id = stringField(node["id"], path + ".id");
    validateTenantId(tenant.id, path + ".id");
    tenant.name = node.contains("name") ? stringField(node["name"], path + ".name") : tenant.id;
    validateTenantName(tenant.name, path + ".name");
    auto member = [&](const char *key) { return node.contains(key) ? node[key] : json(); };
    tenant.classifications = enumList<Classification>(
        member("classifications"), path + ".classifications", allowedClassifications(),
        parseClassification);
    tenant.regimes =
        enumList<Regime>(member("regimes"), path + ".regimes", allowedRegimes(), parseRegime);
    tenant.relationship = enumField(member("relationship"), path + ".relationship",
                                    allowedRelationships(), parseRelationship,
                                    Relationship::Internal);
    tenant.threat =
        enumField(member("threat"), path + ".threat", allowedThreats(), parseThreat, Threat::Low);
    const json tier = member("tier");
    if (!tier.is_null()) {
        static constexpr std::string_view kTiers[] = {"1", "2", "3"};
        const auto parsed =
            tier.is_number_integer() ? tierFromNumber(tier.get<long long>()) : std::nullopt;
        if (!parsed)
            fail(path + ".tier", "must be the number 1, 2 or 3", kTiers);
        tenant.chosenTier = parsed;
    }
    return tenant;
}

} // namespace

std::vector<Tenant> readInventory(std::string_view text)
{
    if (jsonNestingDepth(text) > kMaxJsonDepth)
        fail("$", "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error &e) {
        // nlohmann's message carries the byte offset, which is what a user needs to fix it.
        fail("$", std::string("malformed JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("tenants"))
        fail("tenants", "the inventory must be a JSON object with a \"tenants\" array");
    for (const auto &[key, _] : doc.items()) {
        if (key != "tenants" && key != "platform" && key != "description")
            fail(key, "unknown field (known: tenants, platform, description)");
    }
    const json &list = doc["tenants"];
    if (!list.is_array())
        fail("tenants", "must be an array");

    std::vector<Tenant> tenants;
    tenants.reserve(list.size());
    std::map<std::string, std::size_t> firstIndex;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = "tenants[" + std::to_string(i) + "]";
        Tenant tenant = readTenant(list[i], path);
        const auto [it, inserted] = firstIndex.emplace(tenant.id, i);
        if (!inserted)
            fail(path + ".id", "duplicate id \"" + tenant.id + "\" (first used by tenants[" +
                                   std::to_string(it->second) + "])");
        tenants.push_back(std::move(tenant));
    }
    return tenants;
}

} // namespace bulkhead::core
