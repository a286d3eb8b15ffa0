#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulkhead::scan {

// Sparse feature vector: (bucket, value). A bucket may appear more than once (feature groups
// share the hashed space); its values add, in scoring and in training alike.
using SparseFeatures = std::vector<std::pair<std::uint32_t, float>>;

// The features of one text, all hashed into one space of 2^bucketBits buckets:
//  - character n-grams (minN..maxN) of folded text, when maxN > 0 (the shipped model has none:
//    they recall one source's style and did not help on sources never trained on);
//  - words and word pairs of folded text (TextFolding.h: case, look-alikes and zero-width
//    characters folded), and the first word of every sentence or line;
//  - intent (IntentLexicon.h): ordered pairs of classes within five words ("ignore" ...
//    "instructions", "reveal" ... "password"), and the class of each sentence's first non-filler
//    word with the classes that follow it in the sentence (an imperative and what it acts on),
//    each once, as presence (a class on its own is no feature: "password" or "send" alone is as
//    common in benign mail as in an attack);
//  - voice changes: a speaker label ("system:", "assistant:") or delimiter markup ("---", "###",
//    "<|", "</"), and the class of the first word after one (what a text says once it has
//    changed who is speaking);
//  - field values: the class of the first word of a value after a field label ("review: Please
//    unlock ...", "subject:"), an order inside data addressed to its reader;
//  - cues: ids of the pattern database's hits (role changes, instructions addressed to an AI,
//    prompt extraction, special tokens), computed by the caller;
//  - the text's length, as a coarse log2 bucket (short texts are scored differently).
// The n-gram and word groups' counts are log-scaled and L2-normalised each, so a long text's
// many words do not drown its few cues. With `grams`, also the text's characterGrams() at
// gramBits, from the same folded text (a document's windows are folded once, not twice).
SparseFeatures injectionFeatures(std::string_view text, std::span<const std::uint32_t> cues = {},
                                 std::uint32_t bucketBits = 18, std::uint32_t minN = 0,
                                 std::uint32_t maxN = 0, std::vector<std::uint32_t> *grams = nullptr,
                                 std::uint32_t gramBits = 0);

// How many of the last 12 whitespace-separated tokens of a text are of machine-made form
// (letters run into unusual punctuation or into a capital mid-word) when the text before them
// is prose: the shape of an optimised adversarial suffix appended to a request. 0 when the
// shape is absent (fewer than 3 such tokens in the tail, or a head that is not prose).
std::size_t adversarialSuffixTokens(std::string_view text);

// The text injectionFeatures() hashes: folded, whitespace collapsed, punctuation kept.
std::string foldForClassifier(std::string_view text);

// The distinct character 3- to 5-grams of the folded text (foldForClassifier), hashed into
// 2^bits buckets, in order of first occurrence: what the character likelihood
// (InjectionModel::characterValue) is averaged over.
std::vector<std::uint32_t> characterGrams(std::string_view text, std::uint32_t bits);

// A logistic-regression model over injectionFeatures(): the ingress scanner's classifier.
// Weights are stored quantised to int8 (one scale) so the shipped file stays small; the
// trainer (tools/) produces it reproducibly from the data folder. Scores are calibrated: the
// raw logit goes through a Platt mapping (slope, offset) fitted on out-of-fold scores, so a
// score of 0.8 means about 80 % of training texts scoring so were injections.
class InjectionModel final
{
public:
    InjectionModel() = default;
    InjectionModel(std::uint32_t bucketBits, std::uint32_t minN, std::uint32_t maxN);

    // Parses the binary format written by serialize() (one model: IngressModels holds two).
    // Throws core::Error on a bad block.
    static InjectionModel deserialize(std::span<const unsigned char> bytes);
    std::vector<unsigned char> serialize() const;

    // Calibrated probability in [0,1] that `text` is an injection (no cues).
    double score(std::string_view text) const;
    // `grams` (characterGrams of the same text, at characterBits()) add the character
    // likelihood's term when the model has one.
    double scoreFeatures(const SparseFeatures &features, std::span<const std::uint32_t> grams = {}) const;
    // The uncalibrated logit, for training the calibration.
    double logit(const SparseFeatures &features, std::span<const std::uint32_t> grams = {}) const;
    double calibrate(double logit) const;

    // The character likelihood (the document model's): a log-likelihood ratio per hashed
    // character n-gram, injected against clean text, fitted by the trainer on its training
    // sources alone. A text's value is the mean ratio over its distinct n-grams; it enters the
    // logit times characterWeight(). No table (characterBits() 0): no term.
    double characterValue(std::span<const std::uint32_t> grams) const;
    std::uint32_t characterBits() const noexcept { return m_characterBits; }
    // Sets the table (2^bits ratios; an empty one: none), stored as serialize() stores it (int8,
    // one scale), so a trained model scores exactly like its file.
    void setCharacterRatios(std::uint32_t bits, const std::vector<float> &ratios);
    float characterRatio(std::uint32_t bucket) const;
    float characterWeight() const noexcept { return m_characterWeight; }
    void setCharacterWeight(float weight) noexcept { m_characterWeight = weight; }

    // Training and inspection.
    std::vector<float> &weights() noexcept { return m_weights; }
    const std::vector<float> &weights() const noexcept { return m_weights; }
    float &bias() noexcept { return m_bias; }
    float bias() const noexcept { return m_bias; }
    std::uint32_t bucketBits() const noexcept { return m_bucketBits; }
    std::uint32_t minN() const noexcept { return m_minN; }
    std::uint32_t maxN() const noexcept { return m_maxN; }
    // Fingerprint of the training corpus the model was built from (0 when unknown).
    std::uint64_t corpusHash() const noexcept { return m_corpusHash; }
    void setCorpusHash(std::uint64_t hash) noexcept { m_corpusHash = hash; }
    void setCalibration(float slope, float offset) noexcept
    {
        m_calibrationSlope = slope;
        m_calibrationOffset = offset;
    }
    float calibrationSlope() const noexcept { return m_calibrationSlope; }
    float calibrationOffset() const noexcept { return m_calibrationOffset; }
    // Rounds the weights to what serialize() stores, so a trained model scores exactly like
    // the file it is written to.
    void quantize();

private:
    std::vector<float> m_weights;
    float m_bias = 0;
    std::uint32_t m_bucketBits = 18;
    std::uint32_t m_minN = 0;
    std::uint32_t m_maxN = 0;
    std::uint64_t m_corpusHash = 0;
    float m_calibrationSlope = 1;
    float m_calibrationOffset = 0;
    std::vector<std::int8_t> m_characterRatios;
    float m_characterScale = 1;
    float m_characterWeight = 0;
    std::uint32_t m_characterBits = 0;
};

// The ingress classifier: a model for user prompts and one for retrieved documents, over the
// same features. Apart, each kind gets its own fit (tools/InjectionTrainer.h says how each is
// trained); with one weight vector for both, the prompt threshold sat where persona requests
// were flagged as often as one time in five on a source never trained on.
struct IngressModels
{
    InjectionModel prompt;
    InjectionModel document;

    const InjectionModel &of(bool isDocument) const noexcept { return isDocument ? document : prompt; }
    // The file (resources/injection_model.bin): a header, then each model's own block. Throws
    // core::Error on a bad file (wrong magic or version, truncated, bad block, or blocks of
    // different shapes).
    static IngressModels deserialize(std::span<const unsigned char> bytes);
    std::vector<unsigned char> serialize() const;
    // The models compiled into the library; both empty before the first training.
    static const IngressModels &builtin();
};

} // namespace bulkhead::scan
