#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulkhead::probes {

struct Attack
{
    std::string category;  // e.g. "direct_requests"
    std::string text;      // what the attacker sends as its user message
};

// Bulkhead's own system-prompt extraction attacks: direct requests, role play, formatting
// tricks and encodings, in the style of public red-team suites.
const std::vector<Attack> &builtinAttacks();

// Reads an attack list: a JSON array of strings, an object of category -> array of strings
// (garak's layout), or an array of objects with "user_input" or "attack" (CyberSecEval's
// layout). Throws core::Error(InvalidArgument) naming what is wrong.
std::vector<Attack> parseAttacks(std::string_view json);

} // namespace bulkhead::probes
