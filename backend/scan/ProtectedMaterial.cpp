#include "ProtectedMaterial.h"

#include "TextNormaliser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <set>

namespace bulkhead::scan {
namespace {

constexpr std::size_t kMaxTermBytes = 64;
constexpr std::size_t kMinTermAlnum = 3;
constexpr std::size_t kMaxQuotedWords = 6;

// Cues, in word-channel form, that a system prompt holds something it must not reveal.
constexpr std::array<std::string_view, 16> kSecrecyCues{
    " secret", " password", " passcode", " passphrase", " confidential", " private ",
    " privacy", " reveal", " disclose", " do not share", " don t share", " dont share",
    " never share", " not share", " never tell", " do not tell"};

// Capitalised words that are grammar, not names.
constexpr std::array<std::string_view, 44> kStopWords{
    "i", "im", "ai", "you", "your", "the", "a", "an", "do", "dont", "don", "never", "not",
    "please", "this", "that", "it", "he", "she", "his", "her", "they", "we", "our", "if",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday"};

bool isWordByte(unsigned char c)
{
    return std::isalnum(c) || c >= 0x80;
}

bool declaresSecrets(std::string_view prompt)
{
    const std::string words = normaliseWords(prompt);
    return std::any_of(kSecrecyCues.begin(), kSecrecyCues.end(),
                       [&](std::string_view cue) { return words.find(cue) != std::string::npos; });
}

void addQuotedSpans(std::string_view text, std::vector<std::string> &out)
{
    // ASCII quotes open after a non-word byte and close before one, so "computer's" is no quote.
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char q = text[i];
        if (q != '\'' && q != '"')
            continue;
        if (i > 0 && isWordByte(static_cast<unsigned char>(text[i - 1])))
            continue;
        for (std::size_t j = i + 1; j < text.size() && j - i <= kMaxTermBytes + 1; ++j) {
            if (text[j] == '\n')
                break;
            if (text[j] != q)
                continue;
            if (j + 1 < text.size() && isWordByte(static_cast<unsigned char>(text[j + 1])))
                continue;
            const std::string_view inner = text.substr(i + 1, j - i - 1);
            if (!inner.empty()
                && static_cast<std::size_t>(std::count(inner.begin(), inner.end(), ' '))
                       < kMaxQuotedWords)
                out.emplace_back(inner);
            i = j;
            break;
        }
    }
    // Typographic quotes pair unambiguously.
    static const std::array<std::pair<std::string_view, std::string_view>, 2> pairs{
        std::pair{std::string_view("\xE2\x80\x98"), std::string_view("\xE2\x80\x99")},
        std::pair{std::string_view("\xE2\x80\x9C"), std::string_view("\xE2\x80\x9D")}};
    for (const auto &[open, close] : pairs) {
        for (std::size_t i = text.find(open); i != std::string_view::npos;
             i = text.find(open, i + 1)) {
            const std::size_t start = i + open.size();
            const std::size_t end = text.find(close, start);
            if (end != std::string_view::npos && end - start <= kMaxTermBytes && end > start)
                out.emplace_back(text.substr(start, end - start));
        }
    }
}

void addCapitalisedNames(std::string_view text, std::vector<std::string> &out)
{
    bool sentenceStart = true;
    std::string run;
    auto flush = [&] {
        if (!run.empty())
            out.push_back(run);
        run.clear();
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!std::isalnum(c)) {
            if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n') {
                sentenceStart = true;
                flush();
            } else if (c != ' ') {
                flush();
            }
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j])))
            ++j;
        const std::string_view w = text.substr(i, j - i);
        std::string lower;
        for (const char ch : w)
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        const bool stop
            = std::find(kStopWords.begin(), kStopWords.end(), lower) != kStopWords.end();
        if (std::isupper(static_cast<unsigned char>(w[0])) && !sentenceStart && !stop) {
            if (!run.empty())
                run.push_back(' ');
            run.append(w);
        } else {
            flush();
        }
        sentenceStart = false;
        // "user's": the apostrophe's tail belongs to this word, not to a new one.
        if (j + 1 < text.size() && text[j] == '\'' && std::isalpha(static_cast<unsigned char>(text[j + 1]))) {
            j += 2;
            while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j])))
                ++j;
        }
        i = j;
    }
    flush();
}

bool hasDigitOrAt(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        return c == '@' || std::isdigit(static_cast<unsigned char>(c));
    });
}

} // namespace

std::vector<SecretFormat> builtinSecretFormats()
{
    return {{"tenant_api_key", "bh_live_"}, {"admin_token", "bh_admin_"}};
}

std::vector<ProtectedTerm> extractProtectedTerms(std::string_view systemPrompt,
                                                 const std::vector<std::string> &explicitTerms)
{
    std::vector<std::string> raw(explicitTerms.begin(), explicitTerms.end());
    if (declaresSecrets(systemPrompt)) {
        addQuotedSpans(systemPrompt, raw);
        const std::string text(systemPrompt);
        static const std::regex email(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})");
        static const std::regex number(R"(\d{4,})");
        for (const auto *re : {&email, &number})
            for (auto it = std::sregex_iterator(text.begin(), text.end(), *re);
                 it != std::sregex_iterator(); ++it)
                raw.push_back(it->str());
        addCapitalisedNames(systemPrompt, raw);
    }
    std::vector<ProtectedTerm> terms;
    std::set<std::string> seen;
    for (const auto &t : raw) {
        if (t.size() > kMaxTermBytes)
            continue;
        const std::string alnum = normaliseAlnum(t);
        if (alnum.size() < kMinTermAlnum || !seen.insert(normaliseWords(t)).second)
            continue;
        terms.push_back({t, alnum.size() >= 10 && hasDigitOrAt(t)});
    }
    return terms;
}

} // namespace bulkhead::scan
