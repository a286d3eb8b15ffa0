#include "TextFolding.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace bulkhead::scan {
namespace {

constexpr FoldedCodePoint word(char32_t cp) { return {FoldClass::WordChar, cp}; }
constexpr FoldedCodePoint separator() { return {FoldClass::Separator, U' '}; }
constexpr FoldedCodePoint ignored() { return {FoldClass::Ignore, 0}; }

FoldedCodePoint foldAscii(char32_t cp)
{
    if (cp >= U'A' && cp <= U'Z')
        return word(cp + 32);
    if ((cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9'))
        return word(cp);
    return separator();
}

// U+00C0..U+00FF: the base letter, '.' keeps the character, ' ' is a separator.
constexpr std::string_view kLatin1 = "aaaaaa.ceeeeiiiidnooooo ouuuuy.."
                                     "aaaaaa.ceeeeiiiidnooooo ouuuuy.y";
// U+0100..U+017F (Latin Extended-A): the base letter of each, '.' keeps the character.
constexpr std::string_view kLatinExtA = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkk"
                                        "llllllllllnnnnnnnnnoooooo..rrrrrrsssssssstttttt"
                                        "uuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatin1.size() == 64);
static_assert(kLatinExtA.size() == 128);

// Cyrillic and Greek letters a reader takes for Latin ones (after lower-casing).
struct LookAlike
{
    char32_t from;
    char to;
};
constexpr std::array kLookAlikes{
    // Cyrillic lower case (upper case is lowered first)
    LookAlike{0x0430, 'a'}, LookAlike{0x0432, 'b'}, LookAlike{0x0435, 'e'}, LookAlike{0x043A, 'k'},
    LookAlike{0x043C, 'm'}, LookAlike{0x043D, 'h'}, LookAlike{0x043E, 'o'}, LookAlike{0x0440, 'p'},
    LookAlike{0x0441, 'c'}, LookAlike{0x0442, 't'}, LookAlike{0x0443, 'y'}, LookAlike{0x0445, 'x'},
    LookAlike{0x0451, 'e'}, LookAlike{0x0455, 's'}, LookAlike{0x0456, 'i'}, LookAlike{0x0457, 'i'},
    LookAlike{0x0458, 'j'}, LookAlike{0x04AF, 'y'}, LookAlike{0x04BB, 'h'}, LookAlike{0x04CF, 'l'},
    LookAlike{0x0501, 'd'}, LookAlike{0x051B, 'q'}, LookAlike{0x051D, 'w'},
    // Greek lower case (upper case is lowered first)
    LookAlike{0x03B1, 'a'}, LookAlike{0x03B2, 'b'}, LookAlike{0x03B3, 'y'}, LookAlike{0x03B5, 'e'},
    LookAlike{0x03B6, 'z'}, LookAlike{0x03B7, 'h'}, LookAlike{0x03B9, 'i'}, LookAlike{0x03BA, 'k'},
    LookAlike{0x03BC, 'm'}, LookAlike{0x03BD, 'v'}, LookAlike{0x03BF, 'o'}, LookAlike{0x03C1, 'p'},
    LookAlike{0x03C4, 't'}, LookAlike{0x03C5, 'u'}, LookAlike{0x03C7, 'x'}, LookAlike{0x03C9, 'w'},
    // IPA and small capitals
    LookAlike{0x0251, 'a'}, LookAlike{0x0261, 'g'}, LookAlike{0x0262, 'g'}, LookAlike{0x026A, 'i'},
    LookAlike{0x0274, 'n'}, LookAlike{0x0280, 'r'}, LookAlike{0x028F, 'y'}, LookAlike{0x0299, 'b'},
    LookAlike{0x029C, 'h'}, LookAlike{0x029F, 'l'}, LookAlike{0x1D00, 'a'}, LookAlike{0x1D04, 'c'},
    LookAlike{0x1D05, 'd'}, LookAlike{0x1D07, 'e'}, LookAlike{0x1D0A, 'j'}, LookAlike{0x1D0B, 'k'},
    LookAlike{0x1D0D, 'm'}, LookAlike{0x1D0F, 'o'}, LookAlike{0x1D18, 'p'}, LookAlike{0x1D1B, 't'},
    LookAlike{0x1D1C, 'u'}, LookAlike{0x1D20, 'v'}, LookAlike{0x1D21, 'w'}, LookAlike{0x1D22, 'z'},
    LookAlike{0xA730, 'f'}, LookAlike{0xA731, 's'},
    // superscripts and subscripts that NFKC folds
    LookAlike{0x00AA, 'a'}, LookAlike{0x00B2, '2'}, LookAlike{0x00B3, '3'}, LookAlike{0x00B9, '1'},
    LookAlike{0x00BA, 'o'}, LookAlike{0x2070, '0'}, LookAlike{0x2071, 'i'}, LookAlike{0x207F, 'n'},
    LookAlike{0x2090, 'a'}, LookAlike{0x2091, 'e'}, LookAlike{0x2092, 'o'}, LookAlike{0x2093, 'x'},
};

// Sorted once at compile time, so a lookup is a binary search: decoded base64 runs feed the
// folder random code points, and most of them are in no table.
constexpr auto kSortedLookAlikes = [] {
    auto sorted = kLookAlikes;
    std::sort(sorted.begin(), sorted.end(), [](const LookAlike &a, const LookAlike &b) { return a.from < b.from; });
    return sorted;
}();
static_assert(std::adjacent_find(kSortedLookAlikes.begin(), kSortedLookAlikes.end(),
                                 [](const LookAlike &a, const LookAlike &b) { return a.from == b.from; })
                  == kSortedLookAlikes.end(),
              "a code point has one look-alike");

char lookAlike(char32_t cp)
{
    const auto it = std::lower_bound(kSortedLookAlikes.begin(), kSortedLookAlikes.end(), cp,
                                     [](const LookAlike &l, char32_t key) { return l.from < key; });
    return it != kSortedLookAlikes.end() && it->from == cp ? it->to : 0;
}

bool isInvisible(char32_t cp)
{
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160
           || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
           || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
           || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F)
           || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xE0100 && cp <= 0xE01EF)
           // combining marks: decomposed diacritics and "Zalgo" stacking
           || (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF)
           || (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF)
           || (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool isSeparatorBlock(char32_t cp)
{
    return (cp >= 0x0080 && cp <= 0x00BF) || cp == 0x00D7 || cp == 0x00F7
           || (cp >= 0x02B0 && cp <= 0x02FF)  // spacing modifier letters
           || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF)
           || (cp >= 0x2100 && cp <= 0x245F) || (cp >= 0x2500 && cp <= 0x2BFF)
           || (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F)
           || (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F)
           || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1F0FF)
           || (cp >= 0x1F200 && cp <= 0x1FAFF);
}

bool isIsolated(char32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF)
           || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

// Mathematical alphanumeric symbols: 52-letter blocks (bold, italic, script, fraktur, ...)
// and 10-digit blocks. Unassigned holes fold too, which is harmless.
FoldedCodePoint foldMath(char32_t cp)
{
    if (cp >= 0x1D400 && cp <= 0x1D6A3) {
        const auto i = (cp - 0x1D400) % 52;
        return word(i < 26 ? U'a' + i : U'a' + (i - 26));
    }
    if (cp >= 0x1D7CE && cp <= 0x1D7FF)
        return word(U'0' + (cp - 0x1D7CE) % 10);
    return {};
}

} // namespace

const std::array<FoldedCodePoint, 128> &asciiFoldTable() noexcept
{
    static const auto table = [] {
        std::array<FoldedCodePoint, 128> t{};
        for (char32_t cp = 0; cp < 128; ++cp)
            t[cp] = foldAscii(cp);
        return t;
    }();
    return table;
}

FoldedCodePoint foldCodePoint(char32_t cp) noexcept
{
    if (cp < 0x80)
        return foldAscii(cp);
    if (cp == 0xFFFD)
        return separator();  // a broken sequence: the commonest result of decoding random bytes
    if (isInvisible(cp))
        return ignored();
    // Fullwidth ASCII variants fold to ASCII and are then classified like ASCII.
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return foldAscii(cp - 0xFEE0);
    // Unicode tags (U+E0020..E007E) spell invisible ASCII: fold them so hidden text is seen.
    if (cp >= 0xE0020 && cp <= 0xE007E)
        return foldAscii(cp - 0xE0000);
    if (cp >= 0x00C0 && cp <= 0x00FF) {
        const char c = kLatin1[cp - 0xC0];
        if (c == ' ')
            return separator();
        return word(c == '.' ? cp : char32_t(c));
    }
    if (cp >= 0x0100 && cp <= 0x017F) {
        const char c = kLatinExtA[cp - 0x100];
        return word(c == '.' ? cp : char32_t(c));
    }
    if (const char c = lookAlike(cp))
        return word(char32_t(c));
    // Lower-case Cyrillic and Greek capitals, then try the look-alike table again.
    char32_t lowered = cp;
    if (cp >= 0x0410 && cp <= 0x042F)
        lowered = cp + 0x20;
    else if (cp >= 0x0400 && cp <= 0x040F)
        lowered = cp + 0x50;
    else if ((cp >= 0x0391 && cp <= 0x03A9) && cp != 0x03A2)
        lowered = cp + 0x20;
    else if (cp == 0x04AE || cp == 0x04BA || cp == 0x0500 || cp == 0x051A || cp == 0x051C)
        lowered = cp + 1;
    if (lowered != cp) {
        if (const char c = lookAlike(lowered))
            return word(char32_t(c));
        return word(lowered);
    }
    if (const auto m = foldMath(cp); m.cls == FoldClass::WordChar)
        return m;
    // Enclosed alphanumerics: circled, parenthesised, squared, negative and regional letters.
    if (cp >= 0x2460 && cp <= 0x2468)
        return word(U'1' + (cp - 0x2460));
    if (cp >= 0x249C && cp <= 0x24B5)
        return word(U'a' + (cp - 0x249C));
    if (cp >= 0x24B6 && cp <= 0x24CF)
        return word(U'a' + (cp - 0x24B6));
    if (cp >= 0x24D0 && cp <= 0x24E9)
        return word(U'a' + (cp - 0x24D0));
    if (cp >= 0x1F130 && cp <= 0x1F149)
        return word(U'a' + (cp - 0x1F130));
    if (cp >= 0x1F150 && cp <= 0x1F169)
        return word(U'a' + (cp - 0x1F150));
    if (cp >= 0x1F170 && cp <= 0x1F189)
        return word(U'a' + (cp - 0x1F170));
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF)
        return word(U'a' + (cp - 0x1F1E6));
    if (cp >= 0x2074 && cp <= 0x2079)
        return word(U'4' + (cp - 0x2074));
    if (cp >= 0x2080 && cp <= 0x2089)
        return word(U'0' + (cp - 0x2080));
    if (isSeparatorBlock(cp))
        return separator();
    if (isIsolated(cp))
        return {FoldClass::IsolatedWord, cp};
    return word(cp);
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

} // namespace bulkhead::scan
