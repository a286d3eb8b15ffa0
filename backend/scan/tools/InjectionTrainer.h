#pragma once

#include "InjectionCorpus.h"
#include "scan/IngressScanner.h"
#include "scan/InjectionModel.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::scan::tools {

struct TrainerOptions
{
    std::uint32_t bucketBits = 18;
    std::uint32_t minN = 0;  // no character n-grams (InjectionModel.h)
    std::uint32_t maxN = 0;
    std::uint32_t epochs = 8;
    double learningRate = 0.5;  // the document model's
    // The prompt model's (IngressModels): four times the document model's. In leave-one-source-out
    // evaluation the documents' rate left persona requests (GPTeacher) flagged one time in five
    // and the pooled prompt false-positive rate at 0.095; this one at 0.08 and 0.046, detecting as
    // many. Documents need the slower one: at this step (measured as the feature values doubled)
    // AgentDojo's detection fell from 0.41 to 0.06.
    double promptLearningRate = 2.0;
    double l2 = 1e-5;
    // The document model's weights are the mean of its weights at the end of every epoch from
    // this one on (0-based; none: the last epoch's weights alone). The last epoch's
    // weights carry the noise of its shuffle and have fitted the training sources' style longest.
    // In leave-one-source-out evaluation the mean of all eight raised the pooled document TPR
    // from 0.538 to 0.560 at about the same false-positive rate (AgentDojo 0.50 to 0.55), and by
    // as much with two other shuffle seeds (0.521 to 0.552, 0.526 to 0.552); from the fourth
    // epoch on, 0.550.
    std::optional<std::uint32_t> averageFromEpoch = 0;
    // The prompt model's: its last epoch's weights alone. The mean from the fourth epoch on moved
    // the pooled prompt TPR by less than 0.005 (two seeds); from the first it lowered it (0.348
    // to 0.337).
    std::optional<std::uint32_t> promptAverageFromEpoch;
    // A feature (hashed bucket) gets weight only if it occurs in at least this many of the
    // training sources (what one source alone has only recalls it). In leave-one-source-out
    // evaluation 2 against 1 raised the pooled document TPR from 0.534 to 0.547 and lowered the
    // prompt TPR from 0.372 to 0.362; 3 lost BIPIA (0.35 to about 0.2).
    std::uint32_t minSources = 2;
    // Examples of one (source, kind, label) group beyond this count are down-weighted (by the
    // square root), so one large source does not decide the model alone.
    double groupSize = 400;
    // The document model's: within each (source, kind) of its training data that has both
    // labels, the positives and the negatives (after the group weighting) each carry half of
    // their sum. What a source's injected and clean texts share, its carrier's own wording (an
    // agent benchmark's tool-output template, 2,108 injected against 17 clean), then weighs as
    // much on either side and cancels out; what is left to learn is what differs, the
    // instruction. In leave-one-source-out evaluation over four shuffle seeds, the pooled
    // document TPR rose from 0.592 to 0.608 on average (AgentDojo by 0.03 to 0.04 with every
    // seed), the FPR from 0.038 to 0.042. The prompt model's (promptBalanceSources): prompts
    // moved by less than the seeds do (0.464 to 0.466), so it is left as it was.
    bool balanceSources = true;
    bool promptBalanceSources = false;
    // Synthetic examples (plantedExamples), trained on only where none of the sources they are
    // made from is left out. Off: in leave-one-source-out evaluation none of the variants below
    // detected more on left-out sources (scan README, "Known gaps (ingress)").
    bool plant = false;                // planted documents, for the document model
    bool plantPromptAttacks = true;    // positive prompts planted too, not only documents' instructions
    bool plantBenign = true;           // benign text planted as negatives
    bool plantPromptNegatives = false; // benign prompts planted as negatives too
    bool plantIntoPrompts = false;     // benign prompts as carriers too
    bool plantPrompts = false;         // joined prompts for the prompt model: benign + attack, benign + benign
    double plantWeight = 1.0;          // an example's weight, before the group weighting
    bool plantGroupPerSource = false;  // a weight group per planted text's source, not one for all
    // The document model's character likelihood (InjectionModel::characterValue): a
    // log-likelihood ratio per hashed character 3- to 5-gram, injected against clean text,
    // fitted in every training run on that run's training sources alone (each source weighing
    // the same; a bucket seen in fewer than minSources of them has none), so in
    // leave-one-source-out evaluation nothing of the left-out source reaches it, nor in the
    // out-of-fold folds. A text's value (the mean ratio over its distinct n-grams) enters the
    // logit at characterWeight, a fixed weight. In leave-one-source-out evaluation over four
    // shuffle seeds the pooled document TPR rose from 0.609 to 0.624 on average, at every seed,
    // at a false-positive rate as low or lower (0.041 to 0.038; scan README). The prompt model's
    // (promptCharacterLikelihood) is off: JailbreakBench, most of the prompt positives, lost
    // more than the other prompt sources gained.
    bool characterLikelihood = true;
    bool promptCharacterLikelihood = false;
    double characterWeight = 5.0;
    double promptCharacterWeight = 20.0;
    // Added to every class's n-gram frequency, as a share of one bucket's share of the space
    // (1: as if every n-gram had been seen at the uniform rate), so an n-gram never seen among
    // one class's texts gets a finite ratio.
    double characterSmoothing = 0.25;
    std::uint32_t calibrationFolds = 5;  // source-grouped folds for the out-of-fold scores
    std::uint64_t seed = 0xB01C4EAD;     // fixed: retraining gives the same file
};

// One classifier input: a prompt, or one scored span of a document (a window, or the whole of
// a short one). A window of an injected document is positive only if it overlaps the planted
// instruction; its other windows are the document's own (clean) text.
struct TrainingExample
{
    SparseFeatures features;
    int label = 0;
    std::size_t sample = 0;  // index into the corpus
    float weight = 1;
    bool train = true;   // windows of an injected document where the instruction is not located: no
    bool scored = true;  // a span the scanner scores (not the planted instruction on its own)
    double patternKeep = 1;  // product of (1 - weight) over the span's pattern hits
    // A synthetic example (plantedExamples): `sample` is the planted text's sample and `host`
    // the carrier's (for a joined prompt, the other prompt's). Trained on only where both
    // samples' sources are selected, by the model of its kind; never scored, never calibrated on.
    bool planted = false;
    // Which model trains on it (a planted prompt: the prompt model's; a planted document: the
    // document model's). A prompt a form test fires on is featurised twice: as the prompt
    // scan sees it, and without the form test's cue for the document model, which never runs
    // it (with the cue, the document model leant on it and learnt less from those prompts'
    // words). The document model's version is never scored.
    enum class Model : std::uint8_t { Both, Prompt, Document };
    Model trains = Model::Both;
    std::size_t host = 0;
    std::vector<std::uint32_t> grams{};  // characterGrams of the span, for the character likelihood
};

// The hash space of the examples' character n-grams (TrainingExample::grams).
constexpr std::uint32_t kCharacterBits = 18;

// Whether the example was made from a sample of this source (for a planted one: its planted
// text's or its carrier's). Leave-one-source-out selects the examples for which this is false.
bool usesSource(const InjectionCorpus &corpus, const TrainingExample &example, std::string_view source);

// What the scanner reports for an example whose classifier logit is `logit`: the pattern hits
// (prompts only) and the calibrated classifier combined (IngressScanner::scoreSpan).
double combinedScore(const InjectionModel &model, const TrainingExample &example, double logit);

// Every example of the corpus, featurised with the scanner's own features() (patterns as cues).
std::vector<TrainingExample> trainingExamples(const InjectionCorpus &corpus, const IngressScanner &featuriser);
// Synthetic documents for the document model (TrainerOptions::plant*): every distinct attack
// text (a positive prompt, or the instruction planted in a positive document) planted into
// benign carriers (benign documents), one carrier drawn from each carrier source, at a position
// and in a form drawn with the fixed seed (a paragraph at the start, the middle or the end, a
// sentence inside a paragraph, a comment, a table cell, a quoted or a labelled field); and as
// negatives, benign text (lines of other benign documents) planted the same way, so an
// insertion is not itself the signal. Only the spans that overlap what was planted, labelled as
// the planted text. With TrainerOptions::plantPrompts, also prompts for the prompt model: each
// attack prompt joined to a benign one, and two benign prompts joined as a negative.
// Deterministic (TrainerOptions::seed).
std::vector<TrainingExample> plantedExamples(const InjectionCorpus &corpus, const IngressScanner &featuriser,
                                             const TrainerOptions &options = {});

// A scanner with the builtin patterns and empty models of the options' shape: the featuriser.
std::shared_ptr<const IngressScanner> trainingFeaturiser(const TrainerOptions &options = {});

// Logistic regression by SGD over the selected examples, classes balanced separately for
// prompts and documents, groups weighted as in TrainerOptions (and each source's labels
// balanced with options.balanceSources; trainKindModel passes the kind's), samples shuffled with a
// fixed-seed generator of our own, at options.learningRate. Uncalibrated (slope 1, offset 0).
// Deterministic.
InjectionModel trainLogistic(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                             const std::function<bool(const TrainingExample &)> &select,
                             const TrainerOptions &options = {});

// Out-of-fold logits for the selected examples: the selected sources are split into
// calibrationFolds groups, and each group is scored by a model trained on the others. So the
// scores (and anything chosen from them) behave like scores on sources never trained on.
// Unselected examples get NaN.
std::vector<double> outOfFoldLogits(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                                    const std::function<bool(const TrainingExample &)> &select,
                                    const TrainerOptions &options = {});

// Platt scaling: (slope, offset) minimising the class-balanced log loss of sigmoid(a z + b).
std::pair<float, float> fitCalibration(const std::vector<double> &logits, const std::vector<int> &labels);

// The model of one kind of input (IngressModels), trained on every selected example (an
// instruction planted in a document is worded like one typed, so each kind learns from both) at
// its kind's learning rate, calibrated on the out-of-fold logits; and those logits of the
// examples of its kind (NaN for the others and for examples not selected).
struct KindModel
{
    InjectionModel model;
    std::vector<double> outOfFold;
};
KindModel trainKindModel(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                         const std::function<bool(const TrainingExample &)> &select, bool document,
                         const TrainerOptions &options = {});

// The scores a scanner would give each selected sample: a prompt's example, or the highest of
// a document's windows. Indexed by sample; NaN for samples not selected.
std::vector<double> sampleScores(const InjectionCorpus &corpus, const std::vector<TrainingExample> &examples,
                                 const std::vector<double> &exampleScores);

// The lowest threshold at which, for every source with negatives of the given kind among the
// selected samples, the share of its negatives scoring at or above it is at most targetFpr.
double thresholdForFpr(const InjectionCorpus &corpus, const std::vector<double> &scores, bool document,
                       double targetFpr);

// What training found out about thresholds: the combined scores (classifier and patterns) at
// which the out-of-fold false-positive rate is at most 5 % (flag) and 1 % (block), prompts
// and documents apart. IngressPolicy's defaults are these, rounded.
struct TrainingReport
{
    double promptFlag = 0, promptBlock = 0, documentFlag = 0, documentBlock = 0;
    std::size_t examples = 0;
};

// The shipped models: trained on every example, calibrated on out-of-fold logits.
IngressModels trainInjectionModels(const InjectionCorpus &corpus, const TrainerOptions &options = {},
                                   TrainingReport *report = nullptr);

} // namespace bulkhead::scan::tools
