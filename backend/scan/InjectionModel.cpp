#include "InjectionModel.h"

#include "IntentLexicon.h"
#include "ScanResources.h"
#include "TextFolding.h"
#include "core/Error.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

namespace bulkhead::scan {
namespace {

using core::Error;
using core::ErrorCode;

constexpr unsigned char kMagic[4] = {'B', 'H', 'I', 'M'};
// One model's block (InjectionModel) and the file of both (IngressModels): magic, version, the
// prompt block's size, then the prompt block and the document block.
// A block: the header, the weights (int8), then the character ratios (int8, 2^characterBits of
// them, none when 0).
constexpr std::uint32_t kFormatVersion = 4;  // 4: the character likelihood
constexpr std::uint32_t kFileVersion = 7;  // 7: character likelihood; 6: field-value openers; 5: voice changes
constexpr std::size_t kHeaderBytes = 4 + 4 * 4 + 4 + 4 + 8 + 4 + 4 + 4 + 4 + 4;
constexpr std::size_t kFileHeaderBytes = 4 + 4 + 8;

// Seeds that keep the feature groups apart in the one hashed space.
constexpr std::uint32_t kWordSeed = 0x9E3779B1u;
constexpr std::uint32_t kPairSeed = 0x85EBCA77u;
constexpr std::uint32_t kOpenerSeed = 0xC2B2AE3Du;
constexpr std::uint32_t kCueSeed = 0x27D4EB2Fu;
constexpr std::uint32_t kLengthSeed = 0x165667B1u;
constexpr std::uint32_t kIntentSeed = 0xD3A2646Cu;
// The character likelihood's n-grams: 3 to 5 characters of folded text.
constexpr std::uint32_t kMinCharacterGram = 3;
constexpr std::uint32_t kMaxCharacterGram = 5;
// A text's character value is its n-grams' ratios summed over their count plus this many, as if
// every text also held this many n-grams of ratio 0: a span of a few characters (a lone "*" at a
// chunk's end) has too few n-grams for their mean to say anything, and without the prior one
// n-gram's ratio decided it (a Node.js changelog's last line flagged every chunk it ended).
constexpr std::size_t kCharacterPriorGrams = 64;
// The tail of a text whose tokens are checked for adversarial-suffix form, in tokens.
constexpr std::size_t kSuffixTokens = 12;
// The request before a suffix: a few words are enough ("Write a tutorial on how to make a bomb"
// leaves 4 before a 12-token tail).
constexpr std::size_t kSuffixHeadTokens = 4;
// How many words back a class pair still counts as "together" ("ignore all of the previous
// instructions": override and directive five words apart).
constexpr std::size_t kIntentReach = 5;
// The value of a present intent feature, and the norm of the word group. The intent features
// carry more than the words because they are what transfers to sources never trained on: the
// words and pairs recall one source's style (in leave-one-source-out evaluation, dropping the
// character n-grams and halving the words lost nothing on any left-out source).
constexpr float kIntentValue = 1.0f;
constexpr float kWordGroupScale = 0.5f;

std::uint32_t mix(std::uint32_t h) noexcept
{
    h ^= h >> 16;
    h *= 0x7FEB352Du;
    h ^= h >> 15;
    h *= 0x846CA68Bu;
    return h ^ (h >> 16);
}

bool isWordByte(unsigned char c) noexcept
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isSentencePunctuation(unsigned char c) noexcept
{
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '*' || c == '#'
           || c == '>' || c == '-' || c == '/' || c == '"';
}

// Punctuation ends a sentence only where it touches a space: "done. Now", "- item", "> quote",
// ' "Ignore'. Between two non-spaces it is inside a token ("well-known", "and/or", "v1.2",
// "obj.stop()", "a->b", "Listener::stop"), and code or paths would otherwise make a sentence,
// and so an imperative opener, of every identifier after a dot or an arrow.
bool endsSentenceAt(std::string_view folded, std::size_t i) noexcept
{
    if (!isSentencePunctuation(static_cast<unsigned char>(folded[i])))
        return false;
    return i == 0 || folded[i - 1] == ' ' || i + 1 >= folded.size() || folded[i + 1] == ' ';
}

// A word glued to code punctuation is an identifier, not a word of prose: "stop(", "m_thread",
// "obj.send", "Listener::stop", "a->run", "x=delete", "{user}". It keeps its word features but
// carries no intent class: code is made of verbs ("stop", "send", "delete") that in a sentence
// would be an order to the model. An instruction planted in code is prose in a comment or a
// string, spaced like prose, and is read as such.
bool isCodeToken(std::string_view folded, std::size_t start, std::size_t end) noexcept
{
    const char before = start > 0 ? folded[start - 1] : ' ';
    const char beforeThat = start > 1 ? folded[start - 2] : ' ';
    const char after = end < folded.size() ? folded[end] : ' ';
    const char afterThat = end + 1 < folded.size() ? folded[end + 1] : ' ';
    if (before == '_' || after == '_' || after == '(' || before == '=' || after == '=' || before == '{'
        || after == '}')
        return true;
    // After a member access, a scope or an arrow: "obj.stop", "ns::run", "a->run" (not after
    // an ellipsis: "wait...stop").
    if ((before == '.' && beforeThat != ' ' && beforeThat != '.') || (before == ':' && beforeThat != ' '))
        return true;
    if (before == '>' && beforeThat == '-')
        return true;
    // Before one: "obj.stop", "ns::x".
    return (after == '.' || after == ':') && (isWordByte(static_cast<unsigned char>(afterThat)) || afterThat == after);
}

// A speaker label of a chat transcript or template ("system:", "assistant:"): text that
// hands itself a new role.
bool isRoleTag(std::string_view word) noexcept
{
    static constexpr std::string_view kTags[] = {"system", "assistant", "user", "human", "ai", "bot",
                                                 "model", "instruction", "instructions", "admin",
                                                 "administrator", "developer", "input", "output",
                                                 "response", "sys", "inst", "prompt"};
    return std::find(std::begin(kTags), std::end(kTags), word) != std::end(kTags);
}

// Markup that separates one part of a text from the next: a run of three or more of the same
// rule character ("---", "###", "```", "===") or a tag opener ("<|", "</", "[/", "<<").
bool isDelimiterAt(std::string_view text, std::size_t i) noexcept
{
    const char c = text[i];
    if (i + 1 >= text.size())
        return false;
    const char next = text[i + 1];
    if ((c == '<' && (next == '|' || next == '/' || next == '<')) || (c == '[' && next == '/'))
        return true;
    if (c != '#' && c != '-' && c != '=' && c != '*' && c != '`' && c != '~' && c != '_')
        return false;
    if (i > 0 && text[i - 1] == c)
        return false;  // counted at the run's first character
    return i + 2 < text.size() && next == c && text[i + 2] == c;
}

// Appends (bucket, log1p(count)) for each distinct bucket of the list, L2-normalised as a group.
// Counting goes through a per-thread table of the bucket space instead of a sort: linear in the
// text, and the table is cleared entry by entry afterwards.
void appendGroup(const std::vector<std::uint32_t> &buckets, std::uint32_t bucketBits, SparseFeatures &out)
{
    thread_local std::vector<std::uint16_t> counts;
    if (counts.size() < (std::size_t(1) << bucketBits))
        counts.assign(std::size_t(1) << bucketBits, 0);
    const std::size_t first = out.size();
    for (const std::uint32_t b : buckets) {
        if (counts[b] == 0)
            out.emplace_back(b, 0.0f);
        if (counts[b] < 0xFFFF)
            ++counts[b];
    }
    // Most counts are small: their logarithms come from a table, not from log1p per feature.
    static const auto smallLog = [] {
        std::array<float, 16> t{};
        for (std::size_t c = 0; c < t.size(); ++c)
            t[c] = static_cast<float>(std::log1p(static_cast<double>(c)));
        return t;
    }();
    double norm = 0;
    for (std::size_t i = first; i < out.size(); ++i) {
        auto &[bucket, value] = out[i];
        const std::uint16_t count = counts[bucket];
        value = count < smallLog.size() ? smallLog[count]
                                        : static_cast<float>(std::log1p(static_cast<double>(count)));
        counts[bucket] = 0;
        norm += double(value) * value;
    }
    if (norm > 0) {
        const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
        for (std::size_t i = first; i < out.size(); ++i)
            out[i].second *= inv;
    }
}

// Appends each distinct bucket of the list once, with one value: presence, not count, so a long
// text's repeated benign pairs do not outweigh one override.
void appendPresence(const std::vector<std::uint32_t> &buckets, std::uint32_t bucketBits, float value,
                    SparseFeatures &out)
{
    thread_local std::vector<std::uint16_t> seen;
    if (seen.size() < (std::size_t(1) << bucketBits))
        seen.assign(std::size_t(1) << bucketBits, 0);
    const std::size_t first = out.size();
    for (const std::uint32_t b : buckets)
        if (!seen[b]++)
            out.emplace_back(b, value);
    for (std::size_t i = first; i < out.size(); ++i)
        seen[out[i].first] = 0;
}

// Feature ids of the intent group (IntentLexicon.h), before hashing: a class on its own, an
// ordered pair of classes within kIntentReach words, a sentence's opening class with a class
// later in the same sentence.
std::uint32_t intentId(std::uint32_t kind, std::uint32_t a, std::uint32_t b = 0) noexcept
{
    return (kind << 16) | (a << 8) | b;
}

template<typename F>
void forEachBit(std::uint32_t mask, F f)
{
    while (mask) {
        f(static_cast<std::uint32_t>(std::countr_zero(mask)));
        mask &= mask - 1;
    }
}

void putU32(std::vector<unsigned char> &out, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

void putU64(std::vector<unsigned char> &out, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

std::uint64_t getLe(std::span<const unsigned char> bytes, std::size_t at, int n)
{
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v |= std::uint64_t(bytes[at + i]) << (8 * i);
    return v;
}

float floatFromBits(std::uint32_t bits)
{
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

std::uint32_t bitsFromFloat(float f)
{
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

float scaleOf(const std::vector<float> &weights)
{
    float maxAbs = 0;
    for (const float w : weights)
        maxAbs = std::max(maxAbs, std::fabs(w));
    return maxAbs > 0 ? maxAbs / 127.0f : 1.0f;
}

// A token (whitespace-separated, as written) of machine-made form: letters run into unusual
// punctuation ("describing.\\", "giving**ONE", "oppositeley.](") or hold a code character
// ("githubrelative{[paper", "draft={cdnjs", "Here(!"), a lower-case letter runs into an
// upper-case one ("similarlyNow"), or a token is punctuation alone that prose does not write
// ("!", "(", "=>", "??", "[...]"). Optimised adversarial suffixes are made of such tokens; prose
// has almost none. Quotes and brackets around a word and its closing punctuation are stripped
// first, and '-', '\'', '.' and '/' between two letters are part of the word ("well-known",
// "don't", "e.g", "and/or").
bool isOddToken(std::string_view token) noexcept
{
    auto isLetter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; };
    auto isDigit = [](unsigned char c) { return c >= '0' && c <= '9'; };
    static constexpr std::string_view kLeading = "\"'(`[<";
    static constexpr std::string_view kTrailing = ".,!?;:'\")]`>";
    // Punctuation alone: prose writes a dash, an ampersand, a slash, an ellipsis or a quote
    // between words, nothing else.
    if (!token.empty() && std::none_of(token.begin(), token.end(), [&](char c) {
            return isLetter(static_cast<unsigned char>(c)) || isDigit(static_cast<unsigned char>(c));
        })) {
        static constexpr std::string_view kProse[] = {"-", "--", "\u2014", "\u2013", "&", "/", "+", "=", "*", "\u2022", ":", "\"", "'", "\u2026"};
        return std::find(std::begin(kProse), std::end(kProse), token) == std::end(kProse)
            && token.find_first_not_of(".-") != std::string_view::npos;
    }
    while (!token.empty() && kLeading.find(token.front()) != std::string_view::npos)
        token.remove_prefix(1);
    while (!token.empty() && kTrailing.find(token.back()) != std::string_view::npos)
        token.remove_suffix(1);
    static constexpr std::string_view kCode = "{}[]()<>|\\^$=#~_`*@";
    int previousKind = -1;  // 0 letter, 1 digit, 2 punctuation
    int transitions = 0, punctuationRun = 0, longestPunctuationRun = 0, lowerRun = 0;
    bool letters = false, camel = false, code = false;
    for (std::size_t k = 0; k < token.size(); ++k) {
        const auto c = static_cast<unsigned char>(token[k]);
        code = code || kCode.find(static_cast<char>(c)) != std::string_view::npos;
        int kind = isLetter(c) ? 0 : isDigit(c) ? 1 : 2;
        if (kind == 2 && (c == '-' || c == '\'' || c == '.' || c == '/') && k > 0 && k + 1 < token.size()
            && isLetter(static_cast<unsigned char>(token[k - 1])) && isLetter(static_cast<unsigned char>(token[k + 1])))
            kind = 0;
        letters = letters || kind == 0;
        if (c >= 'A' && c <= 'Z' && lowerRun >= 2)
            camel = true;
        lowerRun = c >= 'a' && c <= 'z' ? lowerRun + 1 : 0;
        punctuationRun = kind == 2 ? punctuationRun + 1 : 0;
        longestPunctuationRun = std::max(longestPunctuationRun, punctuationRun);
        if (previousKind >= 0 && kind != previousKind)
            ++transitions;
        previousKind = kind;
    }
    return letters && (camel || code || transitions >= 2 || longestPunctuationRun >= 2);
}

} // namespace

// From the text as written (case kept). A fixed rule, learnt from nothing, so no source's
// statistics enter it. Code is odd throughout, so only a tail after a clean head counts, and
// only a tail on one line: a suffix is appended to the request's line, while code pasted into a
// prompt ends in a few short lines ("except FileNotFoundError:", "raise"). The tail is the last
// kSuffixTokens tokens of the last line, or fewer when the line or the text is shorter, from its
// first odd token on; what precedes it is the head. A short line must hold the request itself
// (kSuffixHeadTokens clean words before its first odd token), so an odd last line of code or a
// suffix broken onto a line of its own is no tail. Read from the end, so most texts (no odd tail)
// cost a dozen tokens.
std::size_t adversarialSuffixTokens(std::string_view text)
{
    auto isSpace = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    std::size_t end = text.size();
    // The token before `end`, moving `end` to its start; empty at the text's start. Sets
    // `lineBreak` when the whitespace after the token holds a line break.
    bool lineBreak = false;
    auto previousToken = [&]() -> std::string_view {
        lineBreak = false;
        for (; end > 0 && isSpace(text[end - 1]); --end)
            if (text[end - 1] == '\n')
                lineBreak = true;
        const std::size_t tokenEnd = end;
        while (end > 0 && !isSpace(text[end - 1]))
            --end;
        return text.substr(end, tokenEnd - end);
    };
    // The window, last token first: whether each is odd.
    std::array<bool, kSuffixTokens> odd{};
    std::size_t window = 0, tailOdd = 0;
    bool lineEnded = false;
    while (window < kSuffixTokens) {
        const std::size_t before = end;
        const auto token = previousToken();
        if (token.empty() || (window > 0 && lineBreak)) {
            end = before;  // that token, if any, belongs to the head
            lineEnded = true;
            break;
        }
        odd[window] = isOddToken(token);
        tailOdd += odd[window];
        ++window;
    }
    if (tailOdd < 3)
        return 0;
    // Clean tokens of the window before its first odd one are the head's.
    std::size_t head = 0;
    while (!odd[window - 1 - head])
        ++head;
    if (lineEnded && head < kSuffixHeadTokens)
        return 0;
    std::size_t headOdd = 0;
    for (auto token = previousToken(); !token.empty(); token = previousToken()) {
        ++head;
        headOdd += isOddToken(token);
    }
    return head >= kSuffixHeadTokens && headOdd * 10 <= head ? tailOdd : 0;
}

std::string foldForClassifier(std::string_view text)
{
    // Written by index into a buffer grown ahead, not by push_back, and ASCII folded through a
    // table without the decoder: this loop is the hottest part of a prompt scan.
    static const auto asciiFold = asciiFoldTable();  // a copy of its own: faster in this loop
    std::string out(text.size() + 8, ' ');
    std::size_t n = 1;
    auto put = [&](char c) { out[n++] = c; };
    auto onFolded = [&](char32_t cp, const FoldedCodePoint &f) {
        if (n + 5 > out.size())
            out.resize(out.size() * 2);
        switch (f.cls) {
        case FoldClass::Ignore:
            return;
        case FoldClass::Separator:
            if (cp > 0x20 && cp < 0x7F)
                put(static_cast<char>(cp));
            else if (out[n - 1] != ' ')
                put(' ');
            return;
        case FoldClass::WordChar:
        case FoldClass::IsolatedWord: {
            if (f.cp < 0x80) {
                put(static_cast<char>(f.cp));
            } else {
                std::string bytes;  // short: no allocation
                appendUtf8(bytes, f.cp);
                for (const char c : bytes)
                    put(c);
            }
            return;
        }
        }
    };
    auto onCp = [&](char32_t cp, std::uint32_t) { onFolded(cp, foldCodePoint(cp)); };
    Utf8Decoder decoder;
    std::uint32_t offset = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80 && !decoder.midSequence())
            onFolded(byte, asciiFold[byte]);
        else
            decoder.feed(byte, offset, onCp);
        ++offset;
    }
    decoder.finish(onCp);
    if (n + 1 > out.size())
        out.resize(n + 1);
    if (out[n - 1] != ' ')
        put(' ');
    out.resize(n);
    return out;
}

namespace {

void characterGramsOfFolded(std::string_view folded, std::uint32_t bits, std::vector<std::uint32_t> &out)
{
    // Distinct through a per-thread bitmap of the bucket space, cleared bit by bit afterwards:
    // linear in the text, no sort.
    thread_local std::vector<std::uint64_t> seen;
    if (seen.size() < (std::size_t(1) << bits) / 64 + 1)
        seen.assign((std::size_t(1) << bits) / 64 + 1, 0);
    out.clear();
    // The last kMaxCharacterGram bytes, the newest lowest; an n-gram is its low n bytes (with n
    // above them), hashed by two multiplications (the top bits kept). A byte-wise hash chain per
    // n-gram, as the word features are hashed, made a document's scan 70 % slower instead of 45 %.
    std::uint64_t recent = 0;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        recent = (recent << 8) | static_cast<unsigned char>(folded[i]);
        for (std::uint32_t n = kMinCharacterGram; n <= kMaxCharacterGram && n <= i + 1; ++n) {
            const std::uint64_t gram = (recent & ((std::uint64_t(1) << (8 * n)) - 1)) | (std::uint64_t(n) << 56);
            std::uint64_t x = gram * 0x9E3779B97F4A7C15ULL;
            x ^= x >> 32;
            x *= 0xD6E8FEB86659FD93ULL;
            const auto g = static_cast<std::uint32_t>(x >> (64 - bits));
            std::uint64_t &word = seen[g >> 6];
            const std::uint64_t bit = std::uint64_t(1) << (g & 63);
            if (!(word & bit)) {
                word |= bit;
                out.push_back(g);
            }
        }
    }
    for (const std::uint32_t g : out)
        seen[g >> 6] = 0;
}

} // namespace

std::vector<std::uint32_t> characterGrams(std::string_view text, std::uint32_t bits)
{
    std::vector<std::uint32_t> out;
    characterGramsOfFolded(foldForClassifier(text), bits, out);
    return out;
}

SparseFeatures injectionFeatures(std::string_view text, std::span<const std::uint32_t> cues,
                                 std::uint32_t bucketBits, std::uint32_t minN, std::uint32_t maxN,
                                 std::vector<std::uint32_t> *grams, std::uint32_t gramBits)
{
    const std::string folded = foldForClassifier(text);
    if (grams)
        characterGramsOfFolded(folded, gramBits, *grams);
    const std::uint32_t mask = (1u << bucketBits) - 1;
    SparseFeatures features;
    // Per-thread scratch lists: no allocation per scanned text once warm.
    thread_local std::vector<std::uint32_t> buckets;
    thread_local std::vector<std::uint32_t> intent;
    buckets.clear();
    intent.clear();
    if (maxN > 0) {
        buckets.reserve(folded.size() * (maxN - minN + 1));
        for (std::size_t i = 0; i < folded.size(); ++i) {
            std::uint32_t h = 2166136261u;
            for (std::uint32_t n = 1; n <= maxN && i + n <= folded.size(); ++n) {
                h = (h ^ static_cast<unsigned char>(folded[i + n - 1])) * 16777619u;
                if (n >= minN)
                    buckets.push_back((h ^ (h >> 15) ^ n) & mask);
            }
        }
        appendGroup(buckets, bucketBits, features);
        buckets.clear();
    }
    const std::size_t wordFirst = features.size();
    buckets.reserve(folded.size() / 2);
    auto addIntent = [&](std::uint32_t id) { intent.push_back(mix(id ^ kIntentSeed) & mask); };
    std::uint32_t recent[kIntentReach] = {};  // classes of the last words, most recent first
    std::uint32_t sentenceVerb = 0;           // classes of the sentence's first non-filler word
    bool verbPending = true;
    std::uint32_t previous = 0;
    bool opener = true;
    bool switched = false;  // a delimiter or a role tag came before this sentence
    bool afterLabel = false;  // a field label ("review":, "subject:") came before this sentence
    for (std::size_t i = 0; i < folded.size();) {
        const auto c = static_cast<unsigned char>(folded[i]);
        if (!isWordByte(c)) {
            if (endsSentenceAt(folded, i)) {
                opener = true;
                verbPending = true;
                sentenceVerb = 0;
            }
            // A delimiter alone is no feature (Markdown tables and headings are made of them):
            // only what is said first after it.
            if (isDelimiterAt(folded, i))
                switched = true;
            ++i;
            continue;
        }
        const std::size_t start = i;
        std::uint32_t h = 2166136261u;
        for (; i < folded.size() && isWordByte(static_cast<unsigned char>(folded[i])); ++i)
            h = (h ^ static_cast<unsigned char>(folded[i])) * 16777619u;
        buckets.push_back(mix(h ^ kWordSeed) & mask);
        if (previous != 0)
            buckets.push_back(mix((previous * 31u + h) ^ kPairSeed) & mask);
        if (opener)
            buckets.push_back(mix(h ^ kOpenerSeed) & mask);
        previous = h;
        opener = false;
        if (i < folded.size() && folded[i] == ':' && isRoleTag(std::string_view(folded).substr(start, i - start))) {
            addIntent(intentId(5, 0));
            switched = true;
            verbPending = true;
            sentenceVerb = 0;
            continue;
        }
        // A field label of structured data: "name": or name: (JSON, YAML, e-mail headers).
        const bool label = (i < folded.size() && folded[i] == ':')
                           || (i + 1 < folded.size() && (folded[i] == '"' || folded[i] == '\'') && folded[i + 1] == ':');

        const std::uint32_t classes = isCodeToken(folded, start, i)
                                          ? 0
                                          : intentClasses(std::string_view(folded).substr(start, i - start), h);
        const std::uint32_t meaning = classes & ~std::uint32_t(kIntentFiller | kIntentTask);
        if (verbPending && (classes == 0 || meaning != 0)) {
            // The sentence's first word that is not filler: its class stands for the verb of
            // an imperative ("please ignore ...", "now send ...").
            sentenceVerb = meaning;
            verbPending = false;
            if (switched) {
                // What a text says first after it changed voice: an instruction there is the
                // planted one ("---" then "ignore ...", "system:" then "reveal ..."). A word of
                // no class there is no feature.
                forEachBit(meaning, [&](std::uint32_t a) { addIntent(intentId(6, a)); });
                switched = false;
            }
            if (afterLabel) {
                // A field's value that opens with an order ("review": "Please unlock ..."): data
                // holds names and descriptions; an imperative there addresses the reader.
                forEachBit(meaning, [&](std::uint32_t a) { addIntent(intentId(7, a)); });
                afterLabel = false;
            }
            forEachBit(meaning, [&](std::uint32_t a) { addIntent(intentId(3, a)); });
        } else if (meaning != 0) {
            forEachBit(meaning, [&](std::uint32_t b) {
                forEachBit(sentenceVerb, [&](std::uint32_t a) { addIntent(intentId(4, a, b)); });
            });
        }
        if (meaning != 0) {
            forEachBit(meaning, [&](std::uint32_t b) {
                for (const std::uint32_t before : recent)
                    forEachBit(before, [&](std::uint32_t a) { addIntent(intentId(2, a, b)); });
            });
        }
        for (std::size_t k = kIntentReach - 1; k > 0; --k)
            recent[k] = recent[k - 1];
        recent[0] = meaning;
        // The label holds until its value's first word that is not filler.
        if (!verbPending)
            afterLabel = false;
        if (label)
            afterLabel = true;
    }
    appendGroup(buckets, bucketBits, features);
    for (std::size_t k = wordFirst; k < features.size(); ++k)
        features[k].second *= kWordGroupScale;
    appendPresence(intent, bucketBits, kIntentValue, features);

    for (const std::uint32_t cue : cues)
        features.emplace_back(mix((cue + 1) ^ kCueSeed) & mask, 1.0f);
    const auto lengthClass = static_cast<std::uint32_t>(std::bit_width(text.size()));
    features.emplace_back(mix(lengthClass ^ kLengthSeed) & mask, 1.0f);
    return features;
}

InjectionModel::InjectionModel(std::uint32_t bucketBits, std::uint32_t minN, std::uint32_t maxN)
    : m_weights(std::size_t(1) << bucketBits, 0.0f), m_bucketBits(bucketBits), m_minN(minN),
      m_maxN(maxN)
{
}

double InjectionModel::logit(const SparseFeatures &features, std::span<const std::uint32_t> grams) const
{
    if (m_weights.empty())
        return -30.0;
    double z = m_bias;
    for (const auto &[bucket, value] : features)
        z += double(m_weights[bucket]) * value;
    return z + double(m_characterWeight) * characterValue(grams);
}

double InjectionModel::characterValue(std::span<const std::uint32_t> grams) const
{
    if (m_characterRatios.empty())
        return 0.0;
    // Kept as the file stores it, int8 with one scale: a quarter megabyte, summed as integers.
    std::int64_t sum = 0;
    for (const std::uint32_t g : grams)
        sum += m_characterRatios[g];
    return double(m_characterScale) * double(sum) / double(grams.size() + kCharacterPriorGrams);
}

void InjectionModel::setCharacterRatios(std::uint32_t bits, const std::vector<float> &ratios)
{
    m_characterBits = ratios.empty() ? 0 : bits;
    m_characterScale = scaleOf(ratios);
    m_characterRatios.resize(ratios.size());
    for (std::size_t i = 0; i < ratios.size(); ++i)
        m_characterRatios[i] = static_cast<std::int8_t>(std::clamp(std::lround(ratios[i] / m_characterScale), -127L, 127L));
}

float InjectionModel::characterRatio(std::uint32_t bucket) const
{
    return bucket < m_characterRatios.size() ? float(m_characterRatios[bucket]) * m_characterScale : 0.0f;
}

double InjectionModel::calibrate(double logit) const
{
    return 1.0 / (1.0 + std::exp(-(double(m_calibrationSlope) * logit + m_calibrationOffset)));
}

double InjectionModel::scoreFeatures(const SparseFeatures &features, std::span<const std::uint32_t> grams) const
{
    return m_weights.empty() ? 0.0 : calibrate(logit(features, grams));
}

double InjectionModel::score(std::string_view text) const
{
    if (m_weights.empty())
        return 0.0;
    std::vector<std::uint32_t> grams;
    const auto features = injectionFeatures(text, {}, m_bucketBits, m_minN, m_maxN,
                                            m_characterBits > 0 ? &grams : nullptr, m_characterBits);
    return scoreFeatures(features, grams);
}

void InjectionModel::quantize()
{
    const float scale = scaleOf(m_weights);
    for (float &w : m_weights)
        w = static_cast<float>(std::lround(w / scale)) * scale;
}

std::vector<unsigned char> InjectionModel::serialize() const
{
    std::vector<unsigned char> out(kMagic, kMagic + 4);
    putU32(out, kFormatVersion);
    putU32(out, m_bucketBits);
    putU32(out, m_minN);
    putU32(out, m_maxN);
    const float scale = scaleOf(m_weights);
    putU32(out, bitsFromFloat(scale));
    putU32(out, bitsFromFloat(m_bias));
    putU64(out, m_corpusHash);
    putU32(out, bitsFromFloat(m_calibrationSlope));
    putU32(out, bitsFromFloat(m_calibrationOffset));
    putU32(out, m_characterBits);
    putU32(out, bitsFromFloat(m_characterWeight));
    putU32(out, bitsFromFloat(m_characterScale));
    for (const float w : m_weights) {
        const long q = std::clamp(std::lround(w / scale), -127L, 127L);
        out.push_back(static_cast<unsigned char>(static_cast<signed char>(q)));
    }
    for (const std::int8_t r : m_characterRatios)
        out.push_back(static_cast<unsigned char>(r));
    return out;
}

InjectionModel InjectionModel::deserialize(std::span<const unsigned char> bytes)
{
    if (bytes.size() < kHeaderBytes || !std::equal(kMagic, kMagic + 4, bytes.begin()))
        throw Error(ErrorCode::InvalidArgument, "not an injection model file", "model");
    if (getLe(bytes, 4, 4) != kFormatVersion)
        throw Error(ErrorCode::InvalidArgument, "unsupported injection model version", "model");
    const auto bits = static_cast<std::uint32_t>(getLe(bytes, 8, 4));
    const auto minN = static_cast<std::uint32_t>(getLe(bytes, 12, 4));
    const auto maxN = static_cast<std::uint32_t>(getLe(bytes, 16, 4));
    const bool noNgrams = minN == 0 && maxN == 0;
    if (bits < 8 || bits > 24 || (!noNgrams && (minN < 1 || maxN < minN || maxN > 8)))
        throw Error(ErrorCode::InvalidArgument, "bad injection model header", "model");
    InjectionModel model(bits, minN, maxN);
    const float scale = floatFromBits(static_cast<std::uint32_t>(getLe(bytes, 20, 4)));
    model.m_bias = floatFromBits(static_cast<std::uint32_t>(getLe(bytes, 24, 4)));
    model.m_corpusHash = getLe(bytes, 28, 8);
    model.m_calibrationSlope = floatFromBits(static_cast<std::uint32_t>(getLe(bytes, 36, 4)));
    model.m_calibrationOffset = floatFromBits(static_cast<std::uint32_t>(getLe(bytes, 40, 4)));
    const auto characterBits = static_cast<std::uint32_t>(getLe(bytes, 44, 4));
    model.m_characterWeight = floatFromBits(static_cast<std::uint32_t>(getLe(bytes, 48, 4)));
    const float characterScale = floatFromBits(static_cast<std::uint32_t>(getLe(bytes, 52, 4)));
    if (!std::isfinite(scale) || !std::isfinite(model.m_bias) || !std::isfinite(model.m_calibrationSlope)
        || !std::isfinite(model.m_calibrationOffset) || !std::isfinite(model.m_characterWeight)
        || !std::isfinite(characterScale))
        throw Error(ErrorCode::InvalidArgument, "bad injection model numbers", "model");
    if (characterBits != 0 && (characterBits < 8 || characterBits > 24))
        throw Error(ErrorCode::InvalidArgument, "bad injection model header", "model");
    const std::size_t ratios = characterBits > 0 ? std::size_t(1) << characterBits : 0;
    if (bytes.size() != kHeaderBytes + model.m_weights.size() + ratios)
        throw Error(ErrorCode::InvalidArgument, "truncated injection model", "model");
    for (std::size_t i = 0; i < model.m_weights.size(); ++i)
        model.m_weights[i] = static_cast<float>(static_cast<signed char>(bytes[kHeaderBytes + i])) * scale;
    const std::size_t first = kHeaderBytes + model.m_weights.size();
    model.m_characterBits = characterBits;
    model.m_characterScale = characterScale;
    model.m_characterRatios.resize(ratios);
    for (std::size_t i = 0; i < ratios; ++i)
        model.m_characterRatios[i] = static_cast<std::int8_t>(static_cast<signed char>(bytes[first + i]));
    return model;
}

std::vector<unsigned char> IngressModels::serialize() const
{
    std::vector<unsigned char> out(kMagic, kMagic + 4);
    putU32(out, kFileVersion);
    const auto promptBlock = prompt.serialize();
    putU64(out, promptBlock.size());
    out.insert(out.end(), promptBlock.begin(), promptBlock.end());
    const auto documentBlock = document.serialize();
    out.insert(out.end(), documentBlock.begin(), documentBlock.end());
    return out;
}

IngressModels IngressModels::deserialize(std::span<const unsigned char> bytes)
{
    if (bytes.size() < kFileHeaderBytes || !std::equal(kMagic, kMagic + 4, bytes.begin()))
        throw Error(ErrorCode::InvalidArgument, "not an injection model file", "model");
    if (getLe(bytes, 4, 4) != kFileVersion)
        throw Error(ErrorCode::InvalidArgument, "unsupported injection model version", "model");
    const std::uint64_t promptBytes = getLe(bytes, 8, 8);
    if (promptBytes > bytes.size() - kFileHeaderBytes)
        throw Error(ErrorCode::InvalidArgument, "truncated injection model", "model");
    IngressModels models{InjectionModel::deserialize(bytes.subspan(kFileHeaderBytes, promptBytes)),
                         InjectionModel::deserialize(bytes.subspan(kFileHeaderBytes + promptBytes))};
    // Both score the same features: one featurisation per text serves either.
    if (models.prompt.bucketBits() != models.document.bucketBits() || models.prompt.minN() != models.document.minN()
        || models.prompt.maxN() != models.document.maxN())
        throw Error(ErrorCode::InvalidArgument, "injection models of different shapes", "model");
    return models;
}

const IngressModels &IngressModels::builtin()
{
    static const IngressModels models = resources::injectionModel().empty()
                                            ? IngressModels()
                                            : deserialize(resources::injectionModel());
    return models;
}

} // namespace bulkhead::scan
