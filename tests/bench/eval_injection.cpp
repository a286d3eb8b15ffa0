// Leave-one-source-out evaluation of the ingress scanner: for every source in the data folder,
// train the prompt and the document model without it (trainKindModel in InjectionTrainer.h;
// calibration and thresholds from out-of-fold scores of the training sources only:
// thresholdForFpr), then score the left-out source as the scanner would (classifier and pattern hits combined; prompts whole, documents by their highest span)
// and print its TPR and FPR at the threshold, for prompts and documents apart.
//   eval_injection DATA_DIR [--target-fpr 0.05] [--only SOURCE]... [--classifier-only] [--seed N]
//                  [--no-balance-sources] [--prompt-balance-sources] [--no-character-likelihood]
//                  [--prompt-character-likelihood] [--character-weight W] [--prompt-character-weight W]
//                  [--dump FILE]
// Nothing about a left-out source reaches its model or its threshold. --seed trains with another
// shuffle seed (TrainerOptions::seed): SGD's shuffle alone moves the pooled figures by a few
// points, so a change is compared over several seeds. --no-balance-sources and
// --prompt-balance-sources turn TrainerOptions::balanceSources off for the document model and on
// for the prompt model. --no-character-likelihood leaves the document model's character
// likelihood out (TrainerOptions::characterLikelihood), --prompt-character-likelihood gives the
// prompt model one; --character-weight and --prompt-character-weight set their weights. It is
// fitted inside every training run, on that run's training sources alone. --dump FILE writes
// every left-out sample's score, its fold's threshold and its text (dumpScores).
// With --plant (documents) and --plant-prompts (prompts), the training also has synthetic
// examples (plantedExamples in InjectionTrainer.h: attack texts planted into benign carriers,
// benign text planted as negatives), each trained on only in folds where neither of the two
// sources it is made from is left out; --plant-documents-only, --plant-no-benign,
// --plant-prompt-negatives, --plant-into-prompts, --plant-weight W and
// --plant-group-per-source choose the variant (TrainerOptions::plant*).
// With --plant-into DIR, also: each left-out source's attacks planted into benign chunks of
// the files under DIR (a line of their own, a comment or a string, in the chunk's middle line),
// scanned as documents by a scanner built from the models trained without the source, at that
// fold's document threshold; and a quarter of the chunks, never planted into, clean. Also the
// detection at the threshold those clean chunks calibrate to a 5 % false-positive rate, as
// `bulkheadctl scan calibrate` does for a tenant whose corpus they are. How an instruction
// hidden in code, tables or documentation of a kind never trained on is found, by a model that
// never saw it.
//   eval_injection --hosts DIR
// False alarms of the shipped scanner on benign documents of another kind than the data folder's
// (a source tree, its READMEs, data files): every text file under DIR, cut into chunks as the
// document store cuts them (retrieval/Chunker.h), each scanned as a retrieved document. Nothing
// under DIR was ever trained on, so what it flags is a false alarm on new data.
#include "InjectionCorpus.h"
#include "InjectionTrainer.h"

#include "core/Error.h"
#include "retrieval/Chunker.h"
#include "scan/IngressScanner.h"
#include "scan/TenantCalibration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace bulkhead;
using namespace bulkhead::scan;
using namespace bulkhead::scan::tools;

namespace {

struct Rates
{
    std::size_t positives = 0, detected = 0, negatives = 0, falseAlarms = 0;
};

std::string percent(std::size_t hits, std::size_t total)
{
    if (total == 0)
        return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", double(hits) / double(total));
    return buffer;
}

// What a sample is shown by: a document's planted instruction where it has one, else its text.
const std::string &shownText(const InjectionSample &s)
{
    return s.document && !s.injection.empty() ? s.injection : s.text;
}

// The held-out source's lowest-scoring positives below the threshold and highest-scoring
// negatives at or above it, one line each (newlines shown as |), for reading what is missed.
void printErrors(const InjectionCorpus &corpus, const std::string &source, bool document,
                 const std::vector<double> &scores, double threshold, std::size_t count)
{
    std::vector<std::size_t> misses, alarms;
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const auto &s = corpus.samples[i];
        if (s.source != source || s.document != document || std::isnan(scores[i]))
            continue;
        if (s.label && scores[i] < threshold)
            misses.push_back(i);
        else if (!s.label && scores[i] >= threshold)
            alarms.push_back(i);
    }
    std::uint64_t state = 0x5EEDu;
    auto pick = [&](std::vector<std::size_t> &list) {
        for (std::size_t i = list.size(); i > 1; --i) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            std::swap(list[i - 1], list[(state >> 33) % i]);
        }
        if (list.size() > count)
            list.resize(count);
    };
    pick(misses);
    pick(alarms);
    auto print = [&](const char *what, const std::vector<std::size_t> &list) {
        for (const std::size_t i : list) {
            const auto &s = corpus.samples[i];
            std::string text = shownText(s).substr(0, 300);
            std::replace(text.begin(), text.end(), '\n', '|');
            std::printf("%s %.3f %s\n", what, scores[i], text.c_str());
        }
    };
    print("MISS", misses);
    print("FP  ", alarms);
}

// One line per scored sample of the left-out source, tab-separated: source, document (0/1),
// label (0/1), score, the fold's threshold for its kind, and the text (a document's planted
// instruction where it has one), with tabs and line breaks as spaces: for reading the scores
// with other tools.
void dumpScores(std::ofstream &out, const InjectionCorpus &corpus, const std::string &source,
                const std::vector<double> &scores, const std::array<double, 2> &thresholds)
{
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const auto &s = corpus.samples[i];
        if (s.source != source || std::isnan(scores[i]))
            continue;
        std::string text = shownText(s);
        std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\t' || c == '\r'; }, ' ');
        out << s.source << '\t' << s.document << '\t' << s.label << '\t' << scores[i] << '\t'
            << thresholds[s.document] << '\t' << text << '\n';
    }
    out.flush();
}

// Calls f(extension, text) for every text file under root (hidden folders and binary files
// skipped, files over 1 MiB too), in the walk's order.
template <typename F>
void forEachTextFile(const std::filesystem::path &root, F f)
{
    namespace fs = std::filesystem;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
        const auto name = it->path().filename().string();
        if (it->is_directory() && !name.empty() && name[0] == '.') {
            it.disable_recursion_pending();  // .git and the like
            continue;
        }
        if (!it->is_regular_file() || it->file_size() > (1u << 20))
            continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        if (text.empty() || text.find('\0') != std::string::npos)
            continue;  // binary
        f(it->path().has_extension() ? it->path().extension().string() : std::string("(none)"), text);
    }
}

// Every planted-into chunk: at most kPlantHosts, spread evenly over all chunks under root.
std::vector<std::string> plantHosts(const std::filesystem::path &root)
{
    constexpr std::size_t kPlantHosts = 2000;
    std::vector<std::string> all;
    forEachTextFile(root, [&](const std::string &, const std::string &text) {
        for (auto &chunk : retrieval::chunkText(text))
            if (std::count(chunk.begin(), chunk.end(), '\n') >= 4)
                all.push_back(std::move(chunk));
    });
    if (all.size() <= kPlantHosts)
        return all;
    std::vector<std::string> picked;
    for (std::size_t i = 0; i < kPlantHosts; ++i)
        picked.push_back(std::move(all[i * all.size() / kPlantHosts]));
    return picked;
}

// The attack as a line of its own, a line comment or a string in a list, at the host's middle
// line break.
std::string plant(const std::string &host, std::string attack, std::size_t form)
{
    std::replace(attack.begin(), attack.end(), '\n', ' ');
    static const char *const kForms[][2] = {{"", ""}, {"// ", ""}, {"    \"", "\","}};
    const auto &[before, after] = kForms[form % 3];
    std::size_t at = host.find('\n', host.size() / 2);
    at = at == std::string::npos ? host.size() : at + 1;
    return host.substr(0, at) + before + attack + after + "\n" + host.substr(at);
}

int evaluateHosts(const std::filesystem::path &root)
{
    const auto scanner = IngressScanner::builtin();
    struct Count
    {
        std::size_t files = 0, chunks = 0, flagged = 0, blocked = 0, promptFlagged = 0;
    };
    std::map<std::string, Count> byExtension;
    // How often each pattern is among the reasons of a flagged chunk, as a document and as a prompt.
    std::map<std::string, std::array<std::size_t, 2>> reasons;
    auto tally = [&](const IngressResult &r, std::size_t kind) {
        if (r.verdict != IngressVerdict::Allow)
            for (const auto &reason : r.reasons)
                if (reason.id != "classifier")
                    ++reasons[reason.id][kind];
    };
    forEachTextFile(root, [&](const std::string &extension, const std::string &text) {
        auto &count = byExtension[extension];
        ++count.files;
        for (const auto &chunk : retrieval::chunkText(text)) {
            const auto r = scanner->scanDocument(chunk);
            const auto pasted = scanner->scanPrompt(chunk);  // pasted into a chat
            ++count.chunks;
            count.flagged += r.verdict != IngressVerdict::Allow;
            count.blocked += r.verdict == IngressVerdict::Block;
            count.promptFlagged += pasted.verdict != IngressVerdict::Allow;
            tally(r, 0);
            tally(pasted, 1);
        }
    });
    std::printf("Benign documents under the given folder, each chunk scanned as a retrieved document by the "
                "shipped scanner (flag %.2f, block %.2f); and the same chunk pasted as a prompt (flag %.2f)\n\n",
                IngressPolicy{}.document.flag, IngressPolicy{}.document.block, IngressPolicy{}.prompt.flag);
    std::printf("| files | kind | chunks | flagged (FPR) | blocked | as a prompt: flagged |\n|---|---|---:|---:|---:|---:|\n");
    Count total;
    for (const auto &[extension, c] : byExtension) {
        total.files += c.files;
        total.chunks += c.chunks;
        total.flagged += c.flagged;
        total.blocked += c.blocked;
        total.promptFlagged += c.promptFlagged;
        if (c.chunks >= 20)
            std::printf("| %zu | %s | %zu | %s | %s | %s |\n", c.files, extension.c_str(), c.chunks,
                        percent(c.flagged, c.chunks).c_str(), percent(c.blocked, c.chunks).c_str(),
                        percent(c.promptFlagged, c.chunks).c_str());
    }
    std::printf("| %zu | all | %zu | %s | %s | %s |\n", total.files, total.chunks,
                percent(total.flagged, total.chunks).c_str(), percent(total.blocked, total.chunks).c_str(),
                percent(total.promptFlagged, total.chunks).c_str());
    std::printf("\nPatterns among the reasons of flagged chunks (the classifier is in every one)\n\n"
                "| pattern | flagged documents | flagged prompts |\n|---|---:|---:|\n");
    for (const auto &[id, counts] : reasons)
        std::printf("| %s | %zu | %zu |\n", id.c_str(), counts[0], counts[1]);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: eval_injection DATA_DIR [--target-fpr 0.05] [--only SOURCE]... [--classifier-only] [--show N]\n"
                             "                      [--seed N] [--no-balance-sources] [--prompt-balance-sources]\n"
                             "                      [--no-character-likelihood] [--prompt-character-likelihood]\n"
                             "                      [--character-weight W] [--prompt-character-weight W]\n"
                             "                      [--plant] [--plant-prompts] [--plant-documents-only]\n"
                             "                      [--plant-no-benign] [--plant-prompt-negatives] [--plant-into-prompts]\n"
                             "                      [--plant-weight W] [--plant-group-per-source] [--plant-into DIR]\n"
                             "                      [--dump FILE]\n"
                             "       eval_injection --hosts DIR\n");
        return 2;
    }
    if (std::string(argv[1]) == "--hosts") {
        if (argc != 3) {
            std::fprintf(stderr, "usage: eval_injection --hosts DIR\n");
            return 2;
        }
        return evaluateHosts(argv[2]);
    }
    double targetFpr = 0.05;
    std::vector<std::string> only;
    std::string dumpPath;
    bool combine = true;  // score as the scanner does: classifier and pattern hits
    std::size_t show = 0;  // print this many missed positives and false alarms per source
    std::string plantInto;
    TrainerOptions options;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--target-fpr" && i + 1 < argc) {
            targetFpr = std::atof(argv[++i]);
        } else if (a == "--classifier-only") {
            combine = false;
        } else if (a == "--show" && i + 1 < argc) {
            show = static_cast<std::size_t>(std::atoi(argv[++i]));
        } else if (a == "--plant-into" && i + 1 < argc) {
            plantInto = argv[++i];
        } else if (a == "--seed" && i + 1 < argc) {
            options.seed = std::strtoull(argv[++i], nullptr, 0);
        } else if (a == "--no-balance-sources") {
            options.balanceSources = false;
        } else if (a == "--prompt-balance-sources") {
            options.promptBalanceSources = true;
        } else if (a == "--plant") {
            options.plant = true;
        } else if (a == "--plant-prompts") {
            options.plantPrompts = true;
        } else if (a == "--plant-group-per-source") {
            options.plantGroupPerSource = true;
        } else if (a == "--plant-weight" && i + 1 < argc) {
            options.plantWeight = std::atof(argv[++i]);
        } else if (a == "--plant-documents-only") {
            options.plantPromptAttacks = false;
        } else if (a == "--plant-no-benign") {
            options.plantBenign = false;
        } else if (a == "--plant-prompt-negatives") {
            options.plantPromptNegatives = true;
        } else if (a == "--plant-into-prompts") {
            options.plantIntoPrompts = true;
        } else if (a == "--no-character-likelihood") {
            options.characterLikelihood = false;
        } else if (a == "--prompt-character-likelihood") {
            options.promptCharacterLikelihood = true;
        } else if (a == "--character-weight" && i + 1 < argc) {
            options.characterWeight = std::atof(argv[++i]);
        } else if (a == "--prompt-character-weight" && i + 1 < argc) {
            options.promptCharacterWeight = std::atof(argv[++i]);
        } else if (a == "--dump" && i + 1 < argc) {
            dumpPath = argv[++i];
        } else if (a == "--only" && i + 1 < argc) {
            only.emplace_back(argv[++i]);
        } else {
            std::fprintf(stderr, "eval_injection: unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    try {
        const auto corpus = InjectionCorpus::load(argv[1]);
        std::ofstream dump;
        if (!dumpPath.empty()) {
            dump.open(dumpPath);
            if (!dump)
                throw bulkhead::core::Error(bulkhead::core::ErrorCode::InvalidArgument, "cannot write " + dumpPath);
        }
        const auto featuriser = trainingFeaturiser(options);
        auto examples = trainingExamples(corpus, *featuriser);
        std::size_t plantedCount = 0;
        if (options.plant || options.plantPrompts) {
            auto planted = plantedExamples(corpus, *featuriser, options);
            plantedCount = planted.size();
            examples.insert(examples.end(), std::make_move_iterator(planted.begin()),
                            std::make_move_iterator(planted.end()));
        }
        std::printf("Leave-one-source-out; threshold: out-of-fold FPR <= %.2f over the training sources "
                    "(each weighted by the square root of its size); %zu samples, %zu classifier inputs "
                    "(%zu of them planted)\n\n",
                    targetFpr, corpus.samples.size(), examples.size(), plantedCount);
        std::printf("| left-out source | kind | positives | TPR | negatives | FPR | threshold |\n");
        std::printf("|---|---|---:|---:|---:|---:|---:|\n");
        Rates pooled[2];
        const auto hosts = plantInto.empty() ? std::vector<std::string>{} : plantHosts(plantInto);
        struct Planted
        {
            std::string source;
            Rates rates;
            std::size_t detectedCalibrated = 0;
        };
        std::vector<Planted> planted;
        for (const auto &source : corpus.sources()) {
            if (source == "team-everyday")
                continue;  // not a data-folder source: always trained on
            if (!only.empty() && std::find(only.begin(), only.end(), source) == only.end())
                continue;
            auto training = [&](const TrainingExample &x) { return !usesSource(corpus, x, source); };
            const KindModel kinds[2] = {trainKindModel(corpus, examples, training, false, options),
                                        trainKindModel(corpus, examples, training, true, options)};
            auto score = [&](const KindModel &kind, const TrainingExample &x, double logit) {
                return combine ? combinedScore(kind.model, x, logit) : kind.model.calibrate(logit);
            };
            std::vector<double> oof(examples.size(), std::nan(""));
            std::vector<double> heldLogits(examples.size(), std::nan(""));
            for (std::size_t i = 0; i < examples.size(); ++i) {
                const auto &kind = kinds[corpus.samples[examples[i].sample].document];
                if (!std::isnan(kind.outOfFold[i]))
                    oof[i] = score(kind, examples[i], kind.outOfFold[i]);
                if (!training(examples[i]))
                    heldLogits[i] = score(kind, examples[i], kind.model.logit(examples[i].features, examples[i].grams));
            }
            const auto trainingScores = sampleScores(corpus, examples, oof);
            const auto heldScores = sampleScores(corpus, examples, heldLogits);
            // Per kind (prompt, document), chosen from the training sources' out-of-fold scores.
            const std::array<double, 2> thresholds{thresholdForFpr(corpus, trainingScores, false, targetFpr),
                                                   thresholdForFpr(corpus, trainingScores, true, targetFpr)};
            if (dump.is_open())
                dumpScores(dump, corpus, source, heldScores, thresholds);
            for (const bool document : {false, true}) {
                const double threshold = thresholds[document];
                Rates r;
                for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
                    const auto &s = corpus.samples[i];
                    if (s.source != source || s.document != document || std::isnan(heldScores[i]))
                        continue;
                    const bool alarm = heldScores[i] >= threshold;
                    (s.label ? r.positives : r.negatives) += 1;
                    (s.label ? r.detected : r.falseAlarms) += alarm;
                }
                if (r.positives + r.negatives == 0)
                    continue;
                auto &p = pooled[document];
                p.positives += r.positives;
                p.detected += r.detected;
                p.negatives += r.negatives;
                p.falseAlarms += r.falseAlarms;
                if (show > 0)
                    printErrors(corpus, source, document, heldScores, threshold, show);
                std::printf("| %s | %s | %zu | %s | %zu | %s | %.3f |\n", source.c_str(),
                            document ? "document" : "prompt", r.positives, percent(r.detected, r.positives).c_str(),
                            r.negatives, percent(r.falseAlarms, r.negatives).c_str(), threshold);
                std::fflush(stdout);
            }
            if (!hosts.empty()) {
                // The scanner this fold would ship, at this fold's document threshold.
                const auto held = IngressScanner::create(IngressScanner::builtin()->patterns(),
                                                         IngressModels{kinds[0].model, kinds[1].model});
                const double threshold = thresholds[1];
                Planted p{source, {}};
                std::vector<std::string_view> cleanHosts;
                for (std::size_t h = 0; h < hosts.size(); h += 4)
                    cleanHosts.push_back(hosts[h]);
                std::vector<double> attacked;
                std::size_t k = 0;
                for (const auto &s : corpus.samples) {
                    if (s.source != source || !s.label || (s.document && s.injection.empty()))
                        continue;
                    std::size_t h = (k * 7919) % hosts.size();
                    h += h % 4 == 0 ? 1 : 0;  // never a clean one
                    attacked.push_back(held->scanDocument(plant(hosts[h % hosts.size()], s.document ? s.injection : s.text, k)).score);
                    ++k;
                }
                // What `bulkheadctl scan calibrate --kind document` gives a tenant whose corpus the
                // clean chunks are (never under the default document flag threshold).
                const double calibrated =
                    calibrateTenantThreshold(*held, "planted", cleanHosts, 0.05, true).threshold;
                for (const auto host : cleanHosts) {
                    ++p.rates.negatives;
                    p.rates.falseAlarms += held->classify(host, true) >= threshold;
                }
                for (const double a : attacked) {
                    ++p.rates.positives;
                    p.rates.detected += a >= threshold;
                    p.detectedCalibrated += a >= calibrated;
                }
                planted.push_back(std::move(p));
            }
        }
        for (const bool document : {false, true}) {
            const auto &p = pooled[document];
            std::printf("| all left out (pooled) | %s | %zu | %s | %zu | %s | |\n", document ? "document" : "prompt",
                        p.positives, percent(p.detected, p.positives).c_str(), p.negatives,
                        percent(p.falseAlarms, p.negatives).c_str());
        }
        if (!planted.empty()) {
            std::printf("\nPlanted into %zu chunks of the files under %s, scanned as documents by each fold's scanner; "
                        "clean: every fourth of those chunks\n\n",
                        hosts.size(), plantInto.c_str());
            std::printf("| left-out source | planted | TPR | clean chunks | FPR | TPR, calibrated to FPR 0.05 on the clean chunks |\n"
                        "|---|---:|---:|---:|---:|---:|\n");
            Rates all;
            std::size_t allCalibrated = 0;
            for (const auto &p : planted) {
                if (p.rates.positives == 0)
                    continue;
                all.positives += p.rates.positives;
                all.detected += p.rates.detected;
                allCalibrated += p.detectedCalibrated;
                std::printf("| %s | %zu | %s | %zu | %s | %s |\n", p.source.c_str(), p.rates.positives,
                            percent(p.rates.detected, p.rates.positives).c_str(), p.rates.negatives,
                            percent(p.rates.falseAlarms, p.rates.negatives).c_str(),
                            percent(p.detectedCalibrated, p.rates.positives).c_str());
            }
            std::printf("| all left out (pooled) | %zu | %s | | | %s |\n", all.positives,
                        percent(all.detected, all.positives).c_str(), percent(allCalibrated, all.positives).c_str());
        }
        return 0;
    } catch (const bulkhead::core::Error &e) {
        std::fprintf(stderr, "eval_injection: %s\n", e.what());
        return 1;
    }
}
