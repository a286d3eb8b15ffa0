#pragma once

#include "Domain.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::core {

// A condition over one tenant (the subject) or over a pair (subject, peer). Compiled once from
// the rule set's JSON; evaluation allocates nothing.
class Predicate
{
public:
    enum class Kind {
        Always,
        Relationship,          // subject has the relationship
        ThreatAtLeast,         // subject's threat >= value
        HasClassification,     // subject holds the classification
        HasRegime,             // subject is under the regime
        HasAnyRegime,          // subject is under at least one regime
        ClassificationsDiffer, // peer's classification set differs from the subject's (peer only)
        All,
        Any,
        Not,
    };

    Kind kind = Kind::Always;
    int value = 0;  // enum value for the leaf kinds
    std::vector<Predicate> children;

    // `self` is the tenant the predicate is about; `subject` is the rule's subject (equal to
    // `self` outside peer conditions).
    bool matches(const Tenant &self, const Tenant &subject) const noexcept;
};

struct Rule
{
    std::string id;
    int version = 1;
    Tier tier = Tier::Namespace;  // the floor the rule sets when it fires
    std::string title;
    std::string rationale;
    std::string source;  // where the rule comes from (design section, regulation)
    Predicate subject;   // which tenants the rule is about
    bool hasPeerCondition = false;
    Predicate peer;      // fires only if at least one *other* tenant matches
};

// Rules are data: a versioned JSON document, compiled and validated here. Any error names the
// JSON path, so a bad rule file is rejected whole and never half-applied.
struct RuleSet
{
    std::string id;
    std::string version;
    std::vector<Rule> rules;

    static RuleSet fromJson(std::string_view json);
    static const RuleSet &builtin();  // the rules of DESIGN.md, version-stamped
};

// The JSON text of the built-in rule set (also shipped for `bulkheadctl policy rules`).
std::string_view builtinRulesJson() noexcept;

} // namespace bulkhead::core
