#include "PolicyRules.h"

#include "Error.h"
#include "JsonLimits.h"

#include <nlohmann/json.hpp>

#include <set>

namespace bulkhead::core {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string &path, const std::string &message)
{
    throw Error(ErrorCode::InvalidArgument, path + ": " + message, path);
}

std::string requireString(const json &value, const std::string &path)
{
    if (!value.is_string())
        fail(path, "must be a string");
    return value.get<std::string>();
}

Predicate compilePredicate(const json &node, const std::string &path, bool peerContext)
{
    if (!node.is_object() || node.size() != 1)
        fail(path, "a condition is an object with exactly one key: always, relationship, "
                   "threat_at_least, classification, regime, any_regime, classifications_differ, "
                   "all, any or not");
    // Not a structured binding over *node.items().begin(): that binds to a temporary proxy
    // that dies at the end of the statement (found by the fuzzer under AddressSanitizer).
    const auto first = node.begin();
    const std::string key = first.key();
    const json &value = first.value();
    const std::string childPath = path + "." + key;
    Predicate p;
    if (key == "always" || key == "any_regime" || key == "classifications_differ") {
        if (!value.is_boolean() || !value.get<bool>())
            fail(childPath, "must be true");
        if (key == "classifications_differ" && !peerContext)
            fail(childPath, "compares a peer with the subject: allowed only under \"peers\"");
        p.kind = key == "always"       ? Predicate::Kind::Always
                 : key == "any_regime" ? Predicate::Kind::HasAnyRegime
                                       : Predicate::Kind::ClassificationsDiffer;
    } else if (key == "relationship") {
        const auto parsed = parseRelationship(requireString(value, childPath));
        if (!parsed)
            fail(childPath, "must be " + joinAllowed(allowedRelationships()));
        p.kind = Predicate::Kind::Relationship;
        p.value = static_cast<int>(*parsed);
    } else if (key == "threat_at_least") {
        const auto parsed = parseThreat(requireString(value, childPath));
        if (!parsed)
            fail(childPath, "must be " + joinAllowed(allowedThreats()));
        p.kind = Predicate::Kind::ThreatAtLeast;
        p.value = static_cast<int>(*parsed);
    } else if (key == "classification") {
        const auto parsed = parseClassification(requireString(value, childPath));
        if (!parsed)
            fail(childPath, "must be " + joinAllowed(allowedClassifications()));
        p.kind = Predicate::Kind::HasClassification;
        p.value = static_cast<int>(*parsed);
    } else if (key == "regime") {
        const auto parsed = parseRegime(requireString(value, childPath));
        if (!parsed)
            fail(childPath, "must be " + joinAllowed(allowedRegimes()));
        p.kind = Predicate::Kind::HasRegime;
        p.value = static_cast<int>(*parsed);
    } else if (key == "all" || key == "any") {
        if (!value.is_array() || value.empty())
            fail(childPath, "must be a non-empty array of conditions");
        p.kind = key == "all" ? Predicate::Kind::All : Predicate::Kind::Any;
        for (std::size_t i = 0; i < value.size(); ++i)
            p.children.push_back(
                compilePredicate(value[i], childPath + "[" + std::to_string(i) + "]", peerContext));
    } else if (key == "not") {
        p.kind = Predicate::Kind::Not;
        p.children.push_back(compilePredicate(value, childPath, peerContext));
    } else {
        fail(path, "unknown condition \"" + key + "\"");
    }
    return p;
}

} // namespace

bool Predicate::matches(const Tenant &self, const Tenant &subject) const noexcept
{
    switch (kind) {
    case Kind::Always: return true;
    case Kind::Relationship: return static_cast<int>(self.relationship) == value;
    case Kind::ThreatAtLeast: return static_cast<int>(self.threat) >= value;
    case Kind::HasClassification:
        return self.classifications.contains(static_cast<Classification>(value));
    case Kind::HasRegime: return self.regimes.contains(static_cast<Regime>(value));
    case Kind::HasAnyRegime: return !self.regimes.empty();
    case Kind::ClassificationsDiffer: return self.classifications != subject.classifications;
    case Kind::All:
        for (const auto &child : children)
            if (!child.matches(self, subject))
                return false;
        return true;
    case Kind::Any:
        for (const auto &child : children)
            if (child.matches(self, subject))
                return true;
        return false;
    case Kind::Not: return !children.front().matches(self, subject);
    }
    return false;
}

RuleSet RuleSet::fromJson(std::string_view text)
{
    if (jsonNestingDepth(text) > kMaxJsonDepth)
        fail("$", "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception &e) {  // also out_of_range (1e999)
        fail("$", std::string("malformed JSON: ") + e.what());
    }
    if (!doc.is_object())
        fail("$", "a rule set is a JSON object with id, version and rules");
    RuleSet set;
    set.id = requireString(doc.value("id", json()), "id");
    set.version = requireString(doc.value("version", json()), "version");
    const auto &rules = doc.value("rules", json());
    if (!rules.is_array() || rules.empty())
        fail("rules", "must be a non-empty array");

    std::set<std::string> seen;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string path = "rules[" + std::to_string(i) + "]";
        const auto &r = rules[i];
        if (!r.is_object())
            fail(path, "must be an object");
        for (const auto &[key, _] : r.items()) {
            static const std::set<std::string> known{"id",        "version", "tier",    "title",
                                                     "rationale", "source",  "subject", "peers"};
            if (!known.contains(key))
                fail(path + "." + key, "unknown field");
        }
        Rule rule;
        rule.id = requireString(r.value("id", json()), path + ".id");
        if (rule.id.empty() || !seen.insert(rule.id).second)
            fail(path + ".id", "must be non-empty and unique");
        const auto &version = r.value("version", json(1));
        if (!version.is_number_integer() || version.get<long long>() < 1)
            fail(path + ".version", "must be a positive integer");
        rule.version = version.get<int>();
        const auto &tier = r.value("tier", json());
        const auto parsedTier =
            tier.is_number_integer() ? tierFromNumber(tier.get<long long>()) : std::nullopt;
        if (!parsedTier || *parsedTier == Tier::Namespace)
            fail(path + ".tier", "must be 2 or 3 (the floor the rule raises a tenant to)");
        rule.tier = *parsedTier;
        rule.title = requireString(r.value("title", json()), path + ".title");
        rule.rationale = requireString(r.value("rationale", json()), path + ".rationale");
        if (r.contains("source"))
            rule.source = requireString(r["source"], path + ".source");
        if (r.contains("subject"))
            rule.subject = compilePredicate(r["subject"], path + ".subject", false);
        if (r.contains("peers")) {
            rule.hasPeerCondition = true;
            rule.peer = compilePredicate(r["peers"], path + ".peers", true);
        }
        set.rules.push_back(std::move(rule));
    }
    return set;
}

const RuleSet &RuleSet::builtin()
{
    static const RuleSet rules = fromJson(builtinRulesJson());
    return rules;
}

} // namespace bulkhead::core
