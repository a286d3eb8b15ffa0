#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulkhead::evidence {

// RFC 3339 date-times with a zone, as OSCAL wants them ("2026-01-31T12:00:00Z",
// "2026-01-31T13:00:00.5+01:00"). Anything else (no zone, a day that does not exist, a year
// outside 1970..9999) is rejected.
std::optional<std::int64_t> parseRfc3339(std::string_view text);  // unix seconds (floored)
std::string formatRfc3339(std::int64_t unixSeconds);               // UTC, "Z"

} // namespace bulkhead::evidence
