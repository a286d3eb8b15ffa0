#include "InjectionTrainer.h"

#include "scan/ScanResources.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <bit>
#include <numeric>

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
// counts kDocumentPatternShare of its weight.
double patternKeep(const IngressScanner &featuriser, std::string_view text, bool document)
{
    double keep = 1;
    const double share = document ? IngressScanner::kDocumentPatternShare : 1.0;
    for (const std::size_t i : featuriser.matchPatterns(text, document))
        keep *= 1.0 - featuriser.patterns()[i].weight * share;
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
            continue;
        }
        const std::string_view text = std::string_view(s.text).substr(0, IngressScanner::kMaxScanBytes);
        const TextSpan planted = s.label ? locateInjection(s.text, s.injection) : TextSpan{};
        const bool located = planted.end > planted.start;
        if (s.label && !located && !s.injection.empty())
            examples.push_back({featuriser.features(s.injection, true), 1, i, 1, true, false});
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
        }
    }
    return examples;
}

InjectionModel trainLogistic(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                             const std::function<bool(const TrainingExample &)> &select,
                             const TrainerOptions &options)
{
    InjectionModel model(options.bucketBits, options.minN, options.maxN);
    model.setCorpusHash(corpus.hash);
    std::vector<std::size_t> order;
    std::map<std::tuple<std::string, bool, int>, std::size_t> groupCounts;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        if (!examples[i].train || !select(examples[i]))
            continue;
        order.push_back(i);
        const auto &s = corpus.samples[examples[i].sample];
        ++groupCounts[{s.source, s.document, examples[i].label}];
    }
    // Group weights, then classes balanced within prompts and within documents.
    std::vector<double> weight(examples.size(), 0.0);
    double mass[2][2] = {{0, 0}, {0, 0}};  // [document][label]
    for (const std::size_t i : order) {
        const auto &s = corpus.samples[examples[i].sample];
        const double n = double(groupCounts[{s.source, s.document, examples[i].label}]);
        weight[i] = examples[i].weight * (n > options.groupSize ? std::sqrt(options.groupSize / n) : 1.0);
        mass[s.document][examples[i].label] += weight[i];
    }
    double total = 0;
    for (const auto &m : mass)
        total += m[0] + m[1];
    for (const std::size_t i : order) {
        const auto &s = corpus.samples[examples[i].sample];
        const double classMass = mass[s.document][examples[i].label];
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
            const auto &s = corpus.samples[examples[i].sample];
            const auto id = sourceIds.emplace(s.source, std::uint32_t(sourceIds.size())).first->second;
            const std::uint32_t bit = 1u << (id % 32);
            for (const auto &f : examples[i].features)
                sourcesOf[f.first] |= bit;
        }
        for (std::size_t b = 0; b < usable.size(); ++b)
            usable[b] = std::uint32_t(std::popcount(sourcesOf[b])) >= options.minSources;
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
        if (select(x)) {
            const auto &source = corpus.samples[x.sample].source;
            if (std::find(sources.begin(), sources.end(), source) == sources.end())
                sources.push_back(source);
        }
    std::sort(sources.begin(), sources.end());
    const std::uint32_t folds = std::max<std::uint32_t>(2, options.calibrationFolds);
    auto foldOf = [&](const TrainingExample &x) {
        const auto &source = corpus.samples[x.sample].source;
        return static_cast<std::uint32_t>(std::find(sources.begin(), sources.end(), source) - sources.begin()) % folds;
    };
    std::vector<double> logits(examples.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::uint32_t f = 0; f < folds; ++f) {
        const auto model = trainLogistic(
            corpus, examples, [&](const TrainingExample &x) { return select(x) && foldOf(x) != f; }, options);
        for (std::size_t i = 0; i < examples.size(); ++i)
            if (select(examples[i]) && foldOf(examples[i]) == f)
                logits[i] = model.logit(examples[i].features);
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
    }
    KindModel out{trainLogistic(corpus, examples, select, kindOptions),
                  outOfFoldLogits(corpus, examples, select, kindOptions)};
    std::vector<int> labels;
    std::vector<double> calibrationLogits = out.outOfFold;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        labels.push_back(examples[i].label);
        if (!examples[i].train)
            calibrationLogits[i] = std::numeric_limits<double>::quiet_NaN();
        if (corpus.samples[examples[i].sample].document != document)
            out.outOfFold[i] = std::numeric_limits<double>::quiet_NaN();
    }
    const auto [slope, offset] = fitCalibration(calibrationLogits, labels);
    out.model.setCalibration(slope, offset);
    return out;
}

IngressModels trainInjectionModels(const InjectionCorpus &corpus, const TrainerOptions &options,
                                   TrainingReport *report)
{
    const auto featuriser = trainingFeaturiser(options);
    const auto examples = trainingExamples(corpus, *featuriser);
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
