#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace bulkhead::scan {

// A byte range [start, end) of a document.
struct TextSpan
{
    std::size_t start = 0;
    std::size_t end = 0;
};

// Splits a document into the windows the ingress scanner scores one by one, so one planted
// instruction in a long code file, table, e-mail or web page is not diluted by the rest:
// the text is cut into segments at line breaks and sentence ends (a segment longer than
// kMaxSegmentBytes is cut at a space), and each window joins consecutive segments until it
// holds at least kMinWindowBytes (never more than kMaxWindowBytes). Each window starts at the
// first segment past the middle of the previous one, so every sentence is seen whole and in
// context, and each byte is scored about twice. Offsets are on UTF-8 boundaries; blank
// segments are skipped. A text of up to kMinWindowBytes is one window.
inline constexpr std::size_t kMaxSegmentBytes = 400;
inline constexpr std::size_t kMinWindowBytes = 160;
inline constexpr std::size_t kMaxWindowBytes = 600;

std::vector<TextSpan> documentSegments(std::string_view text);
std::vector<TextSpan> documentWindows(std::string_view text);

} // namespace bulkhead::scan
