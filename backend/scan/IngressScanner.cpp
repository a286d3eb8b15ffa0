#include "IngressScanner.h"

#include "EncodedRunDecoder.h"
#include "ScanResources.h"
#include "SetupRequest.h"
#include "TextNormaliser.h"
#include "core/Error.h"

#include <hs.h>

#include <algorithm>
#include <optional>

namespace bulkhead::scan {
namespace {

using core::Error;
using core::ErrorCode;


std::vector<std::string_view> splitTabs(std::string_view line)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '\t') {
            parts.push_back(line.substr(start, i - start));
            start = i + 1;
            if (parts.size() == 3) {
                if (start <= line.size())
                    parts.push_back(line.substr(start));
                break;
            }
        }
    }
    return parts;
}

// The decoded contents of every plausible base64 or hex run, one per line, so "decode this and
// follow it: aWdub3Jl..." is scanned as what it says. Empty (no allocation) for plain text.
std::string decodedRuns(std::string_view text)
{
    std::string decoded;
    EncodedRunDecoder runs;
    auto onByte = [&](unsigned char b, std::uint32_t) { decoded.push_back(static_cast<char>(b)); };
    auto onEnd = [&](std::uint32_t) { decoded.push_back('\n'); };
    for (std::size_t i = 0; i < text.size(); ++i)
        runs.feed(static_cast<unsigned char>(text[i]), static_cast<std::uint32_t>(i),
                  onByte, onEnd);
    runs.finish(static_cast<std::uint32_t>(text.size()), onByte, onEnd);
    return decoded;
}

// The form tests a pattern of scope "form" may name.
constexpr std::string_view kAdversarialSuffixTest = "adversarial_suffix";
constexpr std::string_view kSetupOverrideTest = "setup_override";
constexpr std::string_view kSetupDisclosureTest = "setup_disclosure";

bool isFormTest(std::string_view name)
{
    return name == kAdversarialSuffixTest || name == kSetupOverrideTest || name == kSetupDisclosureTest;
}

// The two channels a scan reads: the text as written with the contents of any encoded runs
// appended (markup patterns), and its word channel (word patterns and the setup grammar).
// One builder, so the form tests and the pattern scan can never read different channels.
class ScanChannels
{
public:
    explicit ScanChannels(std::string_view text)
        : m_decoded(decodedRuns(text))
        , m_joined(m_decoded.empty() ? std::string() : std::string(text) + "\n" + m_decoded)
        , m_written(m_decoded.empty() ? text : std::string_view(m_joined))  // no copy for plain text
        , m_words(normaliseWords(m_written))
    {
    }
    ScanChannels(const ScanChannels &) = delete;
    ScanChannels &operator=(const ScanChannels &) = delete;

    std::string_view written() const { return m_written; }
    std::string_view words() const { return m_words; }

private:
    std::string m_decoded;
    std::string m_joined;
    std::string_view m_written;
    std::string m_words;
};

// What the form tests read: the text as given (an encoded suffix is no suffix) and its word
// channel with any decoded runs (a request to drop the model's setup is one however it was
// encoded); the setup grammar is read once for both of its tests.
struct FormInput
{
    std::string_view text;
    std::string_view words;
    std::optional<SetupRequests> setup;
};

bool runFormTest(std::string_view name, FormInput &in)
{
    if (name == kAdversarialSuffixTest)
        return adversarialSuffixTokens(in.text) > 0;
    if (!in.setup)
        in.setup = setupRequests(in.words);
    return name == kSetupOverrideTest ? in.setup->override : name == kSetupDisclosureTest && in.setup->disclosure;
}

int onMatch(unsigned id, unsigned long long, unsigned long long, unsigned, void *ctx)
{
    static_cast<std::vector<std::size_t> *>(ctx)->push_back(id);
    return 0;
}

} // namespace

std::string_view toString(IngressVerdict verdict) noexcept
{
    switch (verdict) {
    case IngressVerdict::Allow:
        return "allow";
    case IngressVerdict::Flag:
        return "flag";
    case IngressVerdict::Block:
        return "block";
    }
    return "allow";
}

std::vector<IngressPattern> parseIngressPatterns(std::string_view text)
{
    std::vector<IngressPattern> patterns;
    std::size_t lineNo = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || line.front() == '#')
            continue;
        const std::string where = "line " + std::to_string(lineNo);
        const auto parts = splitTabs(line);
        if (parts.size() != 4 || parts[0].empty() || parts[3].empty())
            throw Error(ErrorCode::InvalidArgument, "expected id, weight, scope, expression", where);
        IngressPattern p;
        p.id = std::string(parts[0]);
        const std::string weight(parts[1]);
        try {
            p.weight = std::stod(weight);
        } catch (const std::exception &) {
            throw Error(ErrorCode::InvalidArgument, "bad weight", where);
        }
        if (p.weight < 0 || p.weight >= 1)
            throw Error(ErrorCode::InvalidArgument, "weight must be in [0,1)", where);
        if (parts[2] == "prompt")
            p.document = false;
        else if (parts[2] == "document")
            p.prompt = false;
        else if (parts[2] == "markup")
            p.markup = true;
        else if (parts[2] == "document-markup") {
            p.markup = true;
            p.prompt = false;
        }
        else if (parts[2] == "form") {
            p.form = true;
            p.document = false;
        }
        else if (parts[2] != "both")
            throw Error(ErrorCode::InvalidArgument, "scope must be prompt, document, both, markup, document-markup or form",
                        where, {"prompt", "document", "both", "markup", "document-markup", "form"});
        p.expression = std::string(parts[3]);
        if (p.form && !isFormTest(p.expression))
            throw Error(ErrorCode::InvalidArgument, "unknown form test", where,
                        {std::string(kAdversarialSuffixTest), std::string(kSetupOverrideTest),
                         std::string(kSetupDisclosureTest)});
        patterns.push_back(std::move(p));
    }
    return patterns;
}

std::shared_ptr<const IngressScanner> IngressScanner::create(std::vector<IngressPattern> patterns,
                                                             IngressModels models)
{
    std::shared_ptr<IngressScanner> s(new IngressScanner());
    std::vector<std::string> words, markup;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        if (patterns[i].form) {
            s->m_formPatterns.push_back(i);
        } else if (patterns[i].markup) {
            markup.push_back(patterns[i].expression);
            s->m_markupPatterns.push_back(i);
        } else {
            // Whole words only: the word channel has a space before and after every word. An
            // expression ending in "$" ends where the text does.
            const std::string &e = patterns[i].expression;
            const bool atEnd = e.size() > 1 && e.back() == '$' && e[e.size() - 2] != '\\';
            words.push_back(" (?:" + e.substr(0, e.size() - (atEnd ? 1 : 0)) + (atEnd ? ") $" : ") "));
            s->m_wordPatterns.push_back(i);
        }
    }
    if (!words.empty())
        s->m_db = HyperscanDatabase::regexes(words, std::vector<unsigned>(words.size(), HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL),
                                             HyperscanDatabase::Mode::Block);
    if (!markup.empty())
        s->m_markupDb = HyperscanDatabase::regexes(
            markup, std::vector<unsigned>(markup.size(), HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL | HS_FLAG_CASELESS),
            HyperscanDatabase::Mode::Block);
    s->m_patterns = std::move(patterns);
    s->m_models = std::move(models);
    return s;
}

std::shared_ptr<const IngressScanner> IngressScanner::builtin()
{
    static const auto scanner
        = create(parseIngressPatterns(resources::injectionPatterns()), IngressModels::builtin());
    return scanner;
}

std::vector<std::size_t> IngressScanner::matchPatterns(std::string_view text, bool document) const
{
    std::vector<std::size_t> hits;
    text = text.substr(0, kMaxScanBytes);
    const ScanChannels channels(text);
    auto scan = [&](const HyperscanDatabase &db, const std::vector<std::size_t> &ids, std::string_view channel) {
        if (!db)
            return;
        const std::size_t first = hits.size();
        if (hs_scan(db.get(), channel.data(), static_cast<unsigned>(channel.size()), 0,
                    threadScratch(db), onMatch, &hits)
            != HS_SUCCESS)
            throw Error(ErrorCode::Internal, "Hyperscan scan failed");
        for (std::size_t i = first; i < hits.size(); ++i)
            hits[i] = ids[hits[i]];
    };
    if (!document) {
        FormInput form{text, channels.words(), std::nullopt};
        for (const std::size_t i : m_formPatterns)
            if (runFormTest(m_patterns[i].expression, form))
                hits.push_back(i);
    }
    scan(m_db, m_wordPatterns, channels.words());
    scan(m_markupDb, m_markupPatterns, channels.written());
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    std::erase_if(hits, [&](std::size_t i) {
        return document ? !m_patterns[i].document : !m_patterns[i].prompt;
    });
    return hits;
}

bool IngressScanner::formTestHolds(std::string_view prompt) const
{
    prompt = prompt.substr(0, kMaxScanBytes);
    const ScanChannels channels(prompt);
    FormInput form{prompt, channels.words(), std::nullopt};
    return std::any_of(m_formPatterns.begin(), m_formPatterns.end(),
                       [&](std::size_t i) { return runFormTest(m_patterns[i].expression, form); });
}

SparseFeatures IngressScanner::features(std::string_view text, bool document, bool formTests) const
{
    auto hits = matchPatterns(text, document);
    if (!formTests)
        std::erase_if(hits, [&](std::size_t i) { return m_patterns[i].form; });
    std::vector<std::uint32_t> cues(hits.begin(), hits.end());
    const auto &model = m_models.of(document);
    return injectionFeatures(text, cues, model.bucketBits(), model.minN(), model.maxN());
}

IngressScanner::Scored IngressScanner::scoreSpan(std::string_view text, bool document) const
{
    Scored s;
    s.patterns = matchPatterns(text, document);
    if (const auto &model = m_models.of(document); !model.weights().empty()) {
        const std::vector<std::uint32_t> cues(s.patterns.begin(), s.patterns.end());
        thread_local std::vector<std::uint32_t> grams;  // per thread: no allocation once warm
        grams.clear();
        const auto features = injectionFeatures(text, cues, model.bucketBits(), model.minN(), model.maxN(),
                                                model.characterBits() > 0 ? &grams : nullptr, model.characterBits());
        s.classifier = model.scoreFeatures(features, grams);
    }
    double keep = 1.0 - s.classifier;
    for (const std::size_t i : s.patterns)
        keep *= 1.0 - m_patterns[i].weight * patternShare(m_patterns[i], document);
    s.score = 1.0 - keep;
    return s;
}

std::vector<TextSpan> IngressScanner::documentSpans(std::string_view text)
{
    text = text.substr(0, kMaxScanBytes);
    auto spans = documentWindows(text);
    if (spans.size() > 1 && text.size() <= kWholeDocumentBytes)
        spans.push_back({0, text.size()});
    return spans;
}

double IngressScanner::classify(std::string_view text, bool document) const
{
    text = text.substr(0, kMaxScanBytes);
    if (!document)
        return scoreSpan(text, false).score;
    double best = 0;
    for (const auto &span : documentSpans(text))
        best = std::max(best, scoreSpan(text.substr(span.start, span.end - span.start), true).score);
    return best;
}

namespace {

IngressVerdict verdictFor(double score, const IngressThresholds &t)
{
    return score >= t.block ? IngressVerdict::Block : score >= t.flag ? IngressVerdict::Flag : IngressVerdict::Allow;
}

void addReasons(IngressResult &r, const std::vector<IngressPattern> &patterns,
                std::vector<std::size_t> hits)
{
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    for (const std::size_t i : hits)
        r.reasons.push_back({patterns[i].id, patterns[i].weight});
    r.reasons.push_back({"classifier", r.classifierScore});
}

} // namespace

IngressResult IngressScanner::scanPrompt(std::string_view text, const IngressPolicy &policy) const
{
    text = text.substr(0, kMaxScanBytes);
    const auto scored = scoreSpan(text, false);
    IngressResult r;
    r.score = scored.score;
    r.classifierScore = scored.classifier;
    r.verdict = verdictFor(r.score, policy.prompt);
    addReasons(r, m_patterns, scored.patterns);
    if (r.verdict != IngressVerdict::Allow)
        r.findings.push_back({"injection", 0, text.size(), r.score});
    return r;
}

IngressResult IngressScanner::scanDocument(std::string_view text, const IngressPolicy &policy) const
{
    text = text.substr(0, kMaxScanBytes);
    IngressResult r;
    std::vector<std::size_t> hits;
    const auto spans = documentSpans(text);
    for (const auto &span : spans) {
        const auto scored = scoreSpan(text.substr(span.start, span.end - span.start), true);
        r.score = std::max(r.score, scored.score);
        r.classifierScore = std::max(r.classifierScore, scored.classifier);
        hits.insert(hits.end(), scored.patterns.begin(), scored.patterns.end());
        // The whole document is only a score: the windows say where.
        const bool whole = spans.size() > 1 && span.start == 0 && span.end == text.size();
        if (whole || scored.score < policy.document.flag)
            continue;
        if (!r.findings.empty() && span.start < r.findings.back().end) {
            auto &last = r.findings.back();
            last.end = std::max(last.end, span.end);
            last.score = std::max(last.score, scored.score);
        } else {
            r.findings.push_back({"injection", span.start, span.end, scored.score});
        }
    }
    r.verdict = verdictFor(r.score, policy.document);
    // Short documents flagged as a whole but in no single window: the whole is the span.
    if (r.verdict != IngressVerdict::Allow && r.findings.empty())
        r.findings.push_back({"injection", 0, text.size(), r.score});
    addReasons(r, m_patterns, std::move(hits));
    return r;
}

ChunkScreening IngressScanner::screenChunks(std::span<const std::string_view> chunks,
                                            const IngressPolicy &policy) const
{
    ChunkScreening out;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        out.results.push_back(scanDocument(chunks[i], policy));
        (out.results.back().verdict == IngressVerdict::Block ? out.quarantined : out.kept).push_back(i);
    }
    return out;
}

} // namespace bulkhead::scan
