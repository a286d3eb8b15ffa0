#include "IngressScanner.h"

#include "EncodedRunDecoder.h"
#include "ScanResources.h"
#include "TextNormaliser.h"
#include "core/Error.h"

#include <hs.h>

#include <algorithm>

namespace bulkhead::scan {
namespace {

using core::Error;
using core::ErrorCode;

constexpr std::size_t kWindowBytes = 400;   // document windows for the classifier
constexpr std::size_t kWindowStride = 200;
constexpr std::size_t kMaxScanBytes = 4 * 1024 * 1024;

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

// Plain text plus the decoded contents of every plausible base64 or hex run, so "decode this
// and follow it: aWdub3Jl..." is scanned as what it says.
std::string withDecodedRuns(std::string_view text)
{
    std::string decoded;
    EncodedRunDecoder runs;
    auto onByte = [&](unsigned char b, std::uint32_t) { decoded.push_back(static_cast<char>(b)); };
    auto onEnd = [&](std::uint32_t) { decoded.push_back('\n'); };
    for (std::size_t i = 0; i < text.size(); ++i)
        runs.feed(static_cast<unsigned char>(text[i]), static_cast<std::uint32_t>(i), text, 0,
                  onByte, onEnd);
    runs.finish(static_cast<std::uint32_t>(text.size()), onByte, onEnd);
    if (decoded.empty())
        return std::string(text);
    return std::string(text) + "\n" + decoded;
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
        else if (parts[2] != "both")
            throw Error(ErrorCode::InvalidArgument, "scope must be prompt, document or both", where,
                        {"prompt", "document", "both"});
        p.expression = std::string(parts[3]);
        patterns.push_back(std::move(p));
    }
    return patterns;
}

std::shared_ptr<const IngressScanner> IngressScanner::create(std::vector<IngressPattern> patterns,
                                                             InjectionModel model)
{
    std::shared_ptr<IngressScanner> s(new IngressScanner());
    std::vector<std::string> exprs;
    std::vector<unsigned> flags;
    for (const auto &p : patterns) {
        // Whole words only: the word channel has a space before and after every word.
        exprs.push_back(" (?:" + p.expression + ") ");
        flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL);
    }
    s->m_db = HyperscanDatabase::regexes(exprs, flags, HyperscanDatabase::Mode::Block);
    s->m_patterns = std::move(patterns);
    s->m_model = std::move(model);
    return s;
}

std::shared_ptr<const IngressScanner> IngressScanner::builtin()
{
    static const auto scanner
        = create(parseIngressPatterns(resources::injectionPatterns()), InjectionModel::builtin());
    return scanner;
}

std::vector<std::size_t> IngressScanner::matchPatterns(std::string_view text, bool document) const
{
    std::vector<std::size_t> hits;
    if (!m_db)
        return hits;
    const std::string words = normaliseWords(withDecodedRuns(text.substr(0, kMaxScanBytes)));
    if (hs_scan(m_db.get(), words.data(), static_cast<unsigned>(words.size()), 0,
                threadScratch(m_db), onMatch, &hits)
        != HS_SUCCESS)
        throw Error(ErrorCode::Internal, "Hyperscan scan failed");
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    std::erase_if(hits, [&](std::size_t i) {
        return document ? !m_patterns[i].document : !m_patterns[i].prompt;
    });
    return hits;
}

double IngressScanner::classify(std::string_view text, bool document) const
{
    text = text.substr(0, kMaxScanBytes);
    double best = m_model.score(text);
    if (document && text.size() > kWindowBytes) {
        for (std::size_t at = 0; at < text.size(); at += kWindowStride) {
            // Windows start and end on UTF-8 boundaries.
            std::size_t from = at;
            while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80)
                ++from;
            std::size_t to = std::min(text.size(), from + kWindowBytes);
            while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80)
                ++to;
            best = std::max(best, m_model.score(text.substr(from, to - from)));
            if (to == text.size())
                break;
        }
    }
    return best;
}

IngressResult IngressScanner::scan(std::string_view text, bool document,
                                   const IngressThresholds &t) const
{
    IngressResult r;
    r.classifierScore = classify(text, document);
    double keep = 1.0 - r.classifierScore;
    for (const std::size_t i : matchPatterns(text, document)) {
        keep *= 1.0 - m_patterns[i].weight;
        r.reasons.push_back({m_patterns[i].id, m_patterns[i].weight});
    }
    r.reasons.push_back({"classifier", r.classifierScore});
    r.score = 1.0 - keep;
    r.verdict = r.score >= t.block  ? IngressVerdict::Block
                : r.score >= t.flag ? IngressVerdict::Flag
                                    : IngressVerdict::Allow;
    return r;
}

IngressResult IngressScanner::scanPrompt(std::string_view text, const IngressPolicy &policy) const
{
    return scan(text, false, policy.prompt);
}

IngressResult IngressScanner::scanDocument(std::string_view text, const IngressPolicy &policy) const
{
    return scan(text, true, policy.document);
}

} // namespace bulkhead::scan
