#include "InjectionTrainer.h"

#include "scan/ScanResources.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <bit>
#include <numeric>
#include <unordered_set>

namespace bulkhead::scan::tools {
namespace {

std::uint64_t splitmix(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Where the planted instruction sits in a document: exactly, or by its longest line (tool
// outputs re-render whitespace). Empty span when it cannot be found.
TextSpan locateInjection(const std::string &text, const std::string &injection)
{
    if (injection.empty())
        return {};
    if (const auto at = text.find(injection); at != std::string::npos)
        return {at, at + injection.size()};
    std::size_t lineStart = 0, bestStart = 0, bestLength = 0;
    while (lineStart < injection.size()) {
        std::size_t lineEnd = injection.find('\n', lineStart);
        if (lineEnd == std::string::npos)
            lineEnd = injection.size();
        if (lineEnd - lineStart > bestLength) {
            bestStart = lineStart;
            bestLength = lineEnd - lineStart;
        }
        lineStart = lineEnd + 1;
    }
    if (bestLength < 16)
        return {};
    const auto at = text.find(injection.substr(bestStart, bestLength));
    if (at == std::string::npos)
        return {};
    const std::size_t start = at > bestStart ? at - bestStart : 0;
    return {start, std::min(text.size(), start + injection.size())};
}

double sigmoid(double z)
{
    return 1.0 / (1.0 + std::exp(-z));
}

} // namespace

std::shared_ptr<const IngressScanner> trainingFeaturiser(const TrainerOptions &options)
{
    const InjectionModel shape(options.bucketBits, options.minN, options.maxN);
    return IngressScanner::create(parseIngressPatterns(resources::injectionPatterns()), {shape, shape});
}

double combinedScore(const InjectionModel &model, const TrainingExample &example, double logit)
{
    return 1.0 - (1.0 - model.calibrate(logit)) * example.patternKeep;
}

namespace {

// What the pattern hits leave of the score (IngressScanner::scoreSpan): in documents each
// counts its share of its weight (IngressScanner::patternShare).
double patternKeep(const IngressScanner &featuriser, std::string_view text, bool document)
{
    double keep = 1;
    for (const std::size_t i : featuriser.matchPatterns(text, document)) {
        const auto &pattern = featuriser.patterns()[i];
        keep *= 1.0 - pattern.weight * IngressScanner::patternShare(pattern, document);
    }
    return keep;
}

} // namespace

std::vector<TrainingExample> trainingExamples(const InjectionCorpus &corpus, const IngressScanner &featuriser)
{
    std::vector<TrainingExample> examples;
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const auto &s = corpus.samples[i];
        if (!s.document) {
            examples.push_back({featuriser.features(s.text, false), s.label, i, 1, true, true,
                                patternKeep(featuriser, s.text, false)});
            examples.back().grams = characterGrams(s.text, kCharacterBits);
            if (featuriser.formTestHolds(s.text)) {
                examples.back().trains = TrainingExample::Model::Prompt;
                TrainingExample forDocuments{featuriser.features(s.text, false, false), s.label, i, 1, true, false};
                forDocuments.grams = examples.back().grams;
                forDocuments.trains = TrainingExample::Model::Document;
                examples.push_back(std::move(forDocuments));
            }
            continue;
        }
        const std::string_view text = std::string_view(s.text).substr(0, IngressScanner::kMaxScanBytes);
        const TextSpan planted = s.label ? locateInjection(s.text, s.injection) : TextSpan{};
        const bool located = planted.end > planted.start;
        if (s.label && !located && !s.injection.empty()) {
            examples.push_back({featuriser.features(s.injection, true), 1, i, 1, true, false});
            examples.back().grams = characterGrams(s.injection, kCharacterBits);
        }
        for (const auto &span : IngressScanner::documentSpans(text)) {
            int label = 0;
            bool train = true;
            if (s.label && !located) {
                label = 1;
                train = false;  // which windows hold the instruction is unknown
            } else if (s.label) {
                const std::size_t overlap = std::min(span.end, planted.end) > std::max(span.start, planted.start)
                                                ? std::min(span.end, planted.end) - std::max(span.start, planted.start)
                                                : 0;
                label = overlap >= std::min<std::size_t>(60, (planted.end - planted.start + 1) / 2) ? 1 : 0;
            }
            const auto window = text.substr(span.start, span.end - span.start);
            examples.push_back({featuriser.features(window, true), label, i, 1, train, true,
                                patternKeep(featuriser, window, true)});
            examples.back().grams = characterGrams(window, kCharacterBits);
        }
    }
    return examples;
}

bool usesSource(const InjectionCorpus &corpus, const TrainingExample &example, std::string_view source)
{
    return corpus.samples[example.sample].source == source
        || (example.planted && corpus.samples[example.host].source == source);
}

namespace {

// Generic names of a free-text field, as tool outputs, tables and forms label them.
constexpr std::string_view kFieldLabels[] = {"note", "comment", "description", "message", "content",
                                             "text", "summary", "review", "body", "details"};

std::string flattened(std::string text)
{
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}

// `text` planted into `host` in the form and at the position `draw` selects; `span` is where the
// text itself (not its wrapping) lies in the result.
std::string plantText(const std::string &host, const std::string &text, std::uint64_t draw, TextSpan &span)
{
    const std::uint64_t form = draw % 7;
    draw /= 7;
    const auto label = kFieldLabels[draw % std::size(kFieldLabels)];
    draw /= std::size(kFieldLabels);
    std::string before, body = text, after;
    switch (form) {
    case 0:  // a paragraph of its own
        break;
    case 1:  // a sentence inside a paragraph
        body = flattened(text);
        break;
    case 2:
        before = "<!-- ", body = flattened(text), after = " -->";
        break;
    case 3:
        before = draw % 2 ? "# " : "// ", body = flattened(text);
        break;
    case 4:
        before = "| " + std::string(label) + " | ", body = flattened(text), after = " |";
        break;
    case 5: {
        before = "\"" + std::string(label) + "\": \"";
        body.clear();
        for (const char c : flattened(text)) {
            if (c == '"')
                body += '\\';
            body += c;
        }
        after = "\",";
        break;
    }
    default:
        before = std::string(label) + ": ", body = flattened(text);
        break;
    }
    draw /= 2;
    // Where: the start, the end, or a line break (for the inline form, a sentence end) between.
    std::size_t at = 0;
    const std::uint64_t where = draw % 3;
    draw /= 3;
    if (where == 2) {
        at = host.size();
    } else if (where == 1) {
        std::vector<std::size_t> cuts;
        for (std::size_t i = 1; i + 1 < host.size(); ++i)
            if (form == 1 ? (host[i] == ' ' && (host[i - 1] == '.' || host[i - 1] == '!' || host[i - 1] == '?'))
                          : host[i - 1] == '\n')
                cuts.push_back(i);
        if (cuts.empty())
            for (std::size_t i = 1; i + 1 < host.size(); ++i)
                if (host[i] == ' ')
                    cuts.push_back(i);
        at = cuts.empty() ? host.size() : cuts[draw % cuts.size()];
    }
    std::string out = host.substr(0, at);
    if (form == 1) {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n')
            out += ' ';
    } else if (!out.empty()) {
        out += out.back() == '\n' ? "\n" : "\n\n";
    }
    out += before;
    span.start = out.size();
    out += body;
    span.end = out.size();
    out += after;
    if (at < host.size())
        out += form == 1 ? (host[at] == ' ' ? "" : " ") : (host[at] == '\n' ? "\n" : "\n\n");
    out += host.substr(at);
    return out;
}

} // namespace

std::vector<TrainingExample> plantedExamples(const InjectionCorpus &corpus, const IngressScanner &featuriser,
                                             const TrainerOptions &options)
{
    // What is planted: distinct attack texts, and benign texts as many as there are attacks.
    std::vector<std::pair<std::size_t, std::string>> attacks, benign;
    std::unordered_set<std::string> seen;
    std::map<std::string, std::vector<std::size_t>> carriers;  // benign documents by source
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const auto &s = corpus.samples[i];
        if (s.label) {
            const std::string &text = s.document ? s.injection : s.text;
            if ((s.document || options.plantPromptAttacks) && text.size() >= 8 && text.size() <= 4000
                && seen.insert(text).second)
                attacks.emplace_back(i, text);
            continue;
        }
        if (s.document) {
            carriers[s.source].push_back(i);
            // Its lines of some length (a sentence or a few) are benign text to plant.
            std::size_t start = 0;
            while (start < s.text.size()) {
                std::size_t end = s.text.find('\n', start);
                if (end == std::string::npos)
                    end = s.text.size();
                const auto line = s.text.substr(start, end - start);
                if (line.size() >= 40 && line.size() <= 400 && std::count(line.begin(), line.end(), ' ') >= 5
                    && seen.insert(line).second)
                    benign.emplace_back(i, line);
                start = end + 1;
            }
        } else if (options.plantPromptNegatives && s.text.size() >= 20 && s.text.size() <= 1000
                   && seen.insert(s.text).second) {
            benign.emplace_back(i, s.text);
        } else if (options.plantIntoPrompts && s.text.size() >= 200) {
            carriers[s.source].push_back(i);
        }
    }
    std::vector<TrainingExample> out;
    std::uint64_t rng = options.seed ^ 0x9A7E5EEDu;
    auto draw = [&] { return splitmix(rng); };
    if (options.plantPrompts) {
        // Prompts: an attack prompt after (or, one time in four, before) a benign one, a request
        // with an override appended; and as negatives two benign prompts joined the same way.
        std::vector<std::size_t> attackPrompts, benignPrompts;
        for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
            const auto &s = corpus.samples[i];
            if (!s.document && s.text.size() <= 2000)
                (s.label ? attackPrompts : benignPrompts).push_back(i);
        }
        auto join = [&](std::size_t first, std::size_t second, int label, std::size_t sample, std::size_t host) {
            const std::uint64_t d = draw();
            const char *const separator = d % 3 == 0 ? "\n\n" : d % 3 == 1 ? "\n" : " ";
            const auto text = corpus.samples[first].text + separator + corpus.samples[second].text;
            TrainingExample x{featuriser.features(text, false), label, sample,
                              static_cast<float>(options.plantWeight), true, false};
            x.planted = true;
            x.trains = TrainingExample::Model::Prompt;
            x.host = host;
            out.push_back(std::move(x));
        };
        if (!benignPrompts.empty())
            for (const std::size_t a : attackPrompts) {
                const std::size_t h = benignPrompts[draw() % benignPrompts.size()];
                if (draw() % 4 == 0)
                    join(a, h, 1, a, h);
                else
                    join(h, a, 1, a, h);
                const std::size_t b = benignPrompts[draw() % benignPrompts.size()];
                const std::size_t c = benignPrompts[draw() % benignPrompts.size()];
                join(b, c, 0, b, c);
            }
    }
    if (!options.plant || attacks.empty() || carriers.empty())
        return out;
    // The benign texts drawn in turn from a fixed shuffle, so each is planted about equally often.
    for (std::size_t i = benign.size(); i > 1; --i)
        std::swap(benign[i - 1], benign[draw() % i]);
    std::size_t nextBenign = 0;
    auto emit = [&](std::size_t sample, const std::string &text, std::size_t host, int label) {
        TextSpan planted;
        const auto document = plantText(corpus.samples[host].text, text, draw(), planted);
        const std::string_view view = document;
        for (const auto &span : IngressScanner::documentSpans(view)) {
            const std::size_t overlap = std::min(span.end, planted.end) > std::max(span.start, planted.start)
                                            ? std::min(span.end, planted.end) - std::max(span.start, planted.start)
                                            : 0;
            if (overlap < std::min<std::size_t>(60, (planted.end - planted.start + 1) / 2))
                continue;
            TrainingExample x{featuriser.features(view.substr(span.start, span.end - span.start), true), label,
                              sample, static_cast<float>(options.plantWeight), true, false};
            x.planted = true;
            x.trains = TrainingExample::Model::Document;
            x.host = host;
            out.push_back(std::move(x));
        }
    };
    for (const auto &[sample, text] : attacks)
        for (const auto &[source, hosts] : carriers) {
            emit(sample, text, hosts[draw() % hosts.size()], 1);
            if (options.plantBenign && !benign.empty()) {
                const auto &[benignSample, benignText] = benign[nextBenign++ % benign.size()];
                emit(benignSample, benignText, hosts[draw() % hosts.size()], 0);
            }
        }
    return out;
}

namespace {

// The character likelihood's ratios (InjectionModel::characterValue) over the training
// examples (`order`): per bucket, the log of its frequency among injected n-grams over its
// frequency among clean ones, where each class's frequency is the mean over the training sources
// that have the class of the source's own frequency (each source's n-grams counted against its
// own total). Every source then weighs the same, so a large source's style (an agent
// benchmark's thousands of tool outputs) is not what the ratios learn. A bucket seen in fewer
// than minSources of the sources gets no ratio: what one source alone has only recalls it.
std::vector<float> fitCharacterRatios(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                                      const std::vector<std::size_t> &order, const TrainerOptions &options)
{
    constexpr std::size_t kBuckets = std::size_t(1) << kCharacterBits;
    std::map<std::string, std::uint32_t> sourceIds;
    std::map<std::pair<std::uint32_t, int>, std::pair<std::vector<float>, double>> groups;  // counts, total
    std::vector<std::uint32_t> seenBy(kBuckets, 0);  // a bit per source (32 at most)
    for (const std::size_t i : order) {
        const auto &x = examples[i];
        if (x.planted)
            continue;  // made of two sources' text
        const auto id = sourceIds.emplace(corpus.samples[x.sample].source, std::uint32_t(sourceIds.size())).first->second;
        auto &[counts, total] = groups[{id, x.label}];
        if (counts.empty())
            counts.assign(kBuckets, 0.0f);
        for (const std::uint32_t g : x.grams) {
            counts[g] += 1.0f;
            seenBy[g] |= 1u << (id % 32);
        }
        total += double(x.grams.size());
    }
    std::vector<double> frequency(2 * kBuckets, 0.0);  // [label][bucket], summed over the sources
    double sources[2] = {0, 0};
    for (const auto &[key, group] : groups) {
        const auto &[counts, total] = group;
        if (total <= 0)
            continue;
        sources[key.second] += 1;
        double *row = frequency.data() + std::size_t(key.second) * kBuckets;
        for (std::size_t b = 0; b < kBuckets; ++b)
            row[b] += counts[b] / total;
    }
    std::vector<float> ratios(kBuckets, 0.0f);
    if (sources[0] == 0 || sources[1] == 0)
        return ratios;
    const double smoothing = options.characterSmoothing / double(kBuckets);
    for (std::size_t b = 0; b < kBuckets; ++b)
        if (std::uint32_t(std::popcount(seenBy[b])) >= std::max<std::uint32_t>(options.minSources, 1))
            ratios[b] = static_cast<float>(std::log((frequency[kBuckets + b] / sources[1] + smoothing)
                                                    / (frequency[b] / sources[0] + smoothing)));
    return ratios;
}

} // namespace

InjectionModel trainLogistic(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                             const std::function<bool(const TrainingExample &)> &select,
                             const TrainerOptions &options)
{
    InjectionModel model(options.bucketBits, options.minN, options.maxN);
    model.setCorpusHash(corpus.hash);
    std::vector<std::size_t> order;
    std::map<std::tuple<std::string, bool, int>, std::size_t> groupCounts;
    // Planted examples are groups of their own: one per kind and label (or per planted text's
    // source too, TrainerOptions::plantGroupPerSource).
    auto groupOf = [&](const TrainingExample &x) {
        const auto &s = corpus.samples[x.sample];
        if (!x.planted)
            return std::tuple<std::string, bool, int>{s.source, s.document, x.label};
        const bool plantedPrompt = x.trains == TrainingExample::Model::Prompt;
        std::string group = plantedPrompt ? "(planted prompt)" : "(planted)";
        if (options.plantGroupPerSource)
            group += s.source;
        return std::tuple<std::string, bool, int>{std::move(group), !plantedPrompt, x.label};
    };
    for (std::size_t i = 0; i < examples.size(); ++i) {
        if (!examples[i].train || !select(examples[i]))
            continue;
        order.push_back(i);
        ++groupCounts[groupOf(examples[i])];
    }
    // Group weights, then classes balanced within prompts and within documents.
    std::vector<double> weight(examples.size(), 0.0);
    double mass[2][2] = {{0, 0}, {0, 0}};  // [document][label]
    for (const std::size_t i : order) {
        const auto group = groupOf(examples[i]);
        const double n = double(groupCounts[group]);
        weight[i] = examples[i].weight * (n > options.groupSize ? std::sqrt(options.groupSize / n) : 1.0);
        mass[std::get<1>(group)][examples[i].label] += weight[i];
    }
    if (options.balanceSources) {
        // Each label of a source (and kind) with both gets half of the two labels' mass.
        std::map<std::pair<std::string, bool>, std::array<double, 2>> sourceMass;  // [label]
        for (const std::size_t i : order) {
            const auto group = groupOf(examples[i]);
            sourceMass[{std::get<0>(group), std::get<1>(group)}][examples[i].label] += weight[i];
        }
        for (auto &m : mass)
            m[0] = m[1] = 0;
        for (const std::size_t i : order) {
            const auto group = groupOf(examples[i]);
            const auto &m = sourceMass[{std::get<0>(group), std::get<1>(group)}];
            if (m[0] > 0 && m[1] > 0)
                weight[i] *= (m[0] + m[1]) / (2 * m[examples[i].label]);
            mass[std::get<1>(group)][examples[i].label] += weight[i];
        }
    }
    double total = 0;
    for (const auto &m : mass)
        total += m[0] + m[1];
    for (const std::size_t i : order) {
        const double classMass = mass[std::get<1>(groupOf(examples[i]))][examples[i].label];
        weight[i] *= classMass > 0 ? total / (4.0 * classMass) : 0.0;
    }

    // Cross-source support: a bucket seen in fewer than options.minSources of the training
    // sources only recalls that source's style (a name, a product, a template's wording), so it
    // gets no weight and scores nothing on text from elsewhere.
    std::vector<std::uint8_t> usable(std::size_t(1) << options.bucketBits, 1);
    if (options.minSources > 1) {
        std::vector<std::uint32_t> sourcesOf(usable.size(), 0);  // a bit per source (32 at most)
        std::map<std::string, std::uint32_t> sourceIds;
        for (const std::size_t i : order) {
            if (examples[i].planted)
                continue;  // made of two sources' text: it would vouch for either's own words
            const auto &s = corpus.samples[examples[i].sample];
            const auto id = sourceIds.emplace(s.source, std::uint32_t(sourceIds.size())).first->second;
            const std::uint32_t bit = 1u << (id % 32);
            for (const auto &f : examples[i].features)
                sourcesOf[f.first] |= bit;
        }
        for (std::size_t b = 0; b < usable.size(); ++b)
            usable[b] = std::uint32_t(std::popcount(sourcesOf[b])) >= options.minSources;
    }
    // The character likelihood: ratios fitted on these training examples alone, and a fixed
    // weight (not learnt with the others: fitted on the same examples, the ratios would look
    // more telling to the logistic model than they are on a new source).
    if (options.characterLikelihood) {
        model.setCharacterRatios(kCharacterBits, fitCharacterRatios(corpus, examples, order, options));
        model.setCharacterWeight(static_cast<float>(options.characterWeight));
    }
    std::uint64_t rng = options.seed;
    auto &w = model.weights();
    double bias = 0;
    // The model is the mean of the weights at the end of each epoch from averageFromEpoch on.
    const std::uint32_t lastEpoch = options.epochs - 1;
    const std::uint32_t firstAveraged =
        options.averageFromEpoch ? std::min(*options.averageFromEpoch, lastEpoch) : lastEpoch;
    std::vector<double> weightSum(w.size(), 0.0);
    double biasSum = 0;
    std::uint32_t averaged = 0;
    for (std::uint32_t epoch = 0; epoch < options.epochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[splitmix(rng) % i]);
        const double lr = options.learningRate / (1.0 + 0.3 * epoch);
        for (const std::size_t i : order) {
            const auto &x = examples[i];
            double z = bias;
            for (const auto &[bucket, value] : x.features)
                z += double(w[bucket]) * value;
            const double g = (sigmoid(z) - x.label) * weight[i];
            bias -= lr * g * 0.1;
            for (const auto &[bucket, value] : x.features)
                if (usable[bucket])
                    w[bucket] -= static_cast<float>(lr * (g * value + options.l2 * w[bucket]));
        }
        if (epoch >= firstAveraged) {
            for (std::size_t b = 0; b < w.size(); ++b)
                weightSum[b] += w[b];
            biasSum += bias;
            ++averaged;
        }
    }
    if (averaged > 0) {
        for (std::size_t b = 0; b < w.size(); ++b)
            w[b] = static_cast<float>(weightSum[b] / averaged);
        bias = biasSum / averaged;
    }
    model.bias() = static_cast<float>(bias);
    model.quantize();
    return model;
}

std::vector<double> outOfFoldLogits(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                                    const std::function<bool(const TrainingExample &)> &select,
                                    const TrainerOptions &options)
{
    std::vector<std::string> sources;
    for (const auto &x : examples)
        if (select(x) && !x.planted) {
            const auto &source = corpus.samples[x.sample].source;
            if (std::find(sources.begin(), sources.end(), source) == sources.end())
                sources.push_back(source);
        }
    std::sort(sources.begin(), sources.end());
    const std::uint32_t folds = std::max<std::uint32_t>(2, options.calibrationFolds);
    auto foldOfSample = [&](std::size_t sample) {
        const auto &source = corpus.samples[sample].source;
        return static_cast<std::uint32_t>(std::find(sources.begin(), sources.end(), source) - sources.begin()) % folds;
    };
    auto foldOf = [&](const TrainingExample &x) { return foldOfSample(x.sample); };
    // A planted example is in a fold if either of its samples is.
    auto inFold = [&](const TrainingExample &x, std::uint32_t f) {
        return foldOf(x) == f || (x.planted && foldOfSample(x.host) == f);
    };
    std::vector<double> logits(examples.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::uint32_t f = 0; f < folds; ++f) {
        const auto model = trainLogistic(
            corpus, examples, [&](const TrainingExample &x) { return select(x) && !inFold(x, f); }, options);
        for (std::size_t i = 0; i < examples.size(); ++i)
            if (select(examples[i]) && !examples[i].planted && foldOf(examples[i]) == f)
                logits[i] = model.logit(examples[i].features, examples[i].grams);
    }
    return logits;
}

std::pair<float, float> fitCalibration(const std::vector<double> &logits, const std::vector<int> &labels)
{
    double positives = 0, negatives = 0;
    for (std::size_t i = 0; i < logits.size(); ++i)
        if (!std::isnan(logits[i]))
            (labels[i] ? positives : negatives) += 1;
    if (positives == 0 || negatives == 0)
        return {1.0f, 0.0f};
    auto loss = [&](double a, double b) {
        double sum = 0;
        for (std::size_t i = 0; i < logits.size(); ++i) {
            if (std::isnan(logits[i]))
                continue;
            const double m = a * std::clamp(logits[i], -40.0, 40.0) + b;
            const double wgt = labels[i] ? 0.5 / positives : 0.5 / negatives;
            // log(1 + exp(-m)) for positives, log(1 + exp(m)) for negatives, computed stably.
            const double t = labels[i] ? -m : m;
            sum += wgt * (t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t)));
        }
        return sum;
    };
    // Newton's method on the two parameters, the step halved until the loss falls; the
    // classes weighted to balance.
    double a = 1, b = 0;
    double current = loss(a, b);
    for (int iteration = 0; iteration < 100; ++iteration) {
        double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
        for (std::size_t i = 0; i < logits.size(); ++i) {
            if (std::isnan(logits[i]))
                continue;
            const double z = std::clamp(logits[i], -40.0, 40.0);
            const double wgt = labels[i] ? 0.5 / positives : 0.5 / negatives;
            const double p = sigmoid(a * z + b);
            const double r = (p - labels[i]) * wgt, h = p * (1 - p) * wgt;
            ga += r * z;
            gb += r;
            haa += h * z * z;
            hab += h * z;
            hbb += h;
        }
        const double det = haa * hbb - hab * hab;
        if (!(det > 0))
            break;
        double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
        bool improved = false;
        for (int halving = 0; halving < 30 && !improved; ++halving, da /= 2, db /= 2) {
            const double next = loss(a - da, b - db);
            if (next < current) {
                a -= da;
                b -= db;
                improved = current - next > 1e-12;
                current = next;
                break;
            }
        }
        if (!improved)
            break;
    }
    return {static_cast<float>(a), static_cast<float>(b)};
}

std::vector<double> sampleScores(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                                 const std::vector<double> &exampleScores)
{
    std::vector<double> scores(corpus.samples.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < examples.size(); ++i) {
        if (!examples[i].scored || std::isnan(exampleScores[i]))
            continue;
        double &s = scores[examples[i].sample];
        s = std::isnan(s) ? exampleScores[i] : std::max(s, exampleScores[i]);
    }
    return scores;
}

double thresholdForFpr(const InjectionCorpus &corpus, const std::vector<double> &scores, bool document,
                       double targetFpr)
{
    std::map<std::string, std::vector<double>> negatives;
    std::vector<double> candidates;
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const auto &s = corpus.samples[i];
        if (s.document == document && s.label == 0 && !std::isnan(scores[i])) {
            negatives[s.source].push_back(scores[i]);
            candidates.push_back(std::nextafter(scores[i], std::numeric_limits<double>::infinity()));
        }
    }
    if (candidates.empty())
        return 0.0;
    for (auto &[source, list] : negatives)
        std::sort(list.begin(), list.end());
    // Sources weigh by the square root of their size: a large source does not hide a small
    // one's false positives, and a handful of texts does not decide alone.
    auto meanFpr = [&](double t) {
        double sum = 0, weights = 0;
        for (const auto &[source, list] : negatives) {
            const double w = std::sqrt(double(list.size()));
            sum += w * double(list.end() - std::lower_bound(list.begin(), list.end(), t)) / double(list.size());
            weights += w;
        }
        return sum / weights;
    };
    std::sort(candidates.begin(), candidates.end());
    // meanFpr falls as the threshold rises: the lowest candidate that meets the target.
    std::size_t lo = 0, hi = candidates.size() - 1;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (meanFpr(candidates[mid]) <= targetFpr)
            hi = mid;
        else
            lo = mid + 1;
    }
    return candidates[lo];
}

KindModel trainKindModel(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                         const std::function<bool(const TrainingExample &)> &select, bool document,
                         const TrainerOptions &options)
{
    TrainerOptions kindOptions = options;
    if (!document) {
        kindOptions.learningRate = options.promptLearningRate;
        kindOptions.averageFromEpoch = options.promptAverageFromEpoch;
        kindOptions.balanceSources = options.promptBalanceSources;
        kindOptions.characterLikelihood = options.promptCharacterLikelihood;
        kindOptions.characterWeight = options.promptCharacterWeight;
    }
    // Planted documents teach the document model only, planted prompts the prompt model; a
    // prompt featurised twice teaches each model its own version.
    const std::function<bool(const TrainingExample &)> kindSelect = [&](const TrainingExample &x) {
        return (x.trains == TrainingExample::Model::Both || (x.trains == TrainingExample::Model::Document) == document)
            && select(x);
    };
    KindModel out{trainLogistic(corpus, examples, kindSelect, kindOptions),
                  outOfFoldLogits(corpus, examples, kindSelect, kindOptions)};
    std::vector<int> labels;
    std::vector<double> calibrationLogits = out.outOfFold;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        labels.push_back(examples[i].label);
        if (!examples[i].train || examples[i].planted)
            calibrationLogits[i] = std::numeric_limits<double>::quiet_NaN();
    }
    const auto [slope, offset] = fitCalibration(calibrationLogits, labels);
    out.model.setCalibration(slope, offset);
    for (std::size_t i = 0; i < examples.size(); ++i)
        if (corpus.samples[examples[i].sample].document != document || examples[i].planted)
            out.outOfFold[i] = std::numeric_limits<double>::quiet_NaN();
    return out;
}

IngressModels trainInjectionModels(const InjectionCorpus &corpus, const TrainerOptions &options,
                                   TrainingReport *report)
{
    const auto featuriser = trainingFeaturiser(options);
    auto examples = trainingExamples(corpus, *featuriser);
    if (options.plant || options.plantPrompts) {
        auto planted = plantedExamples(corpus, *featuriser, options);
        examples.insert(examples.end(), std::make_move_iterator(planted.begin()), std::make_move_iterator(planted.end()));
    }
    auto all = [](const TrainingExample &) { return true; };
    auto prompts = trainKindModel(corpus, examples, all, false, options);
    auto documents = trainKindModel(corpus, examples, all, true, options);
    if (report) {
        std::vector<double> combined(examples.size());
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const auto &kind = corpus.samples[examples[i].sample].document ? documents : prompts;
            combined[i] = combinedScore(kind.model, examples[i], kind.outOfFold[i]);
        }
        const auto scores = sampleScores(corpus, examples, combined);
        report->promptFlag = thresholdForFpr(corpus, scores, false, 0.05);
        report->promptBlock = thresholdForFpr(corpus, scores, false, 0.01);
        report->documentFlag = thresholdForFpr(corpus, scores, true, 0.05);
        report->documentBlock = thresholdForFpr(corpus, scores, true, 0.01);
        report->examples = examples.size();
    }
    return {std::move(prompts.model), std::move(documents.model)};
}

} // namespace bulkhead::scan::tools
