#include "InventoryReader.h"

#include "Error.h"
#include "JsonLimits.h"
#include "TenantJson.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace bulkhead::core {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string &path, const std::string &message)
{
    throw Error(ErrorCode::InvalidArgument, path + ": " + message, path);
}

} // namespace

std::vector<Tenant> readInventory(std::string_view text)
{
    if (jsonNestingDepth(text) > kMaxJsonDepth)
        fail("$", "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception &e) {  // also out_of_range (1e999)
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
        Tenant tenant = tenantFromJson(list[i], path);
        const auto [it, inserted] = firstIndex.emplace(tenant.id, i);
        if (!inserted)
            fail(path + ".id", "duplicate id \"" + tenant.id + "\" (first used by tenants[" +
                                   std::to_string(it->second) + "])");
        tenants.push_back(std::move(tenant));
    }
    return tenants;
}

} // namespace bulkhead::core
