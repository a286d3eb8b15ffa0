#pragma once

#include <cstddef>
#include <string_view>

namespace bulkhead::core {

inline constexpr std::size_t kMaxJsonDepth = 64;

// Nesting depth of a JSON text, counted without parsing it (brackets outside strings).
// Checked before nlohmann's parser reads a text (configuration, inventories, admin bodies: its
// errors name the byte offset) so hostile input such as 100,000 nested arrays is rejected in
// linear time with constant memory. The data path reads with core::parseJson, which bounds the
// depth itself as it reads, with the same limit.
std::size_t jsonNestingDepth(std::string_view text, std::size_t stopAbove = kMaxJsonDepth) noexcept;

} // namespace bulkhead::core
