// The egress scanner's behaviour: every obfuscation the issue names is caught, matches are
// found across any chunk boundary, block mode never releases a byte of the match, redact mode
// rewrites only the match, a tenant's own material is judged as its own, and a rebuild never
// changes a stream in flight.
#include "scan/EgressScanner.h"
#include "scan/EgressScannerHolder.h"
#include "scan/EgressStream.h"
#include "scan/TextNormaliser.h"
#include "core/Error.h"

#include <QtTest>

using namespace bulkhead::scan;

namespace {

const std::string kAcmeCanary = "bh-canary-3f9a1c0d5e7b2a4968f0c1d2e3b4a596";
const std::string kAcmeDocCanary = "bh-canary-d0c0ffee11223344556677889900aabb";
const std::string kGlobexCanary = "bh-canary-0011223344556677889900aabbccddee";
const std::string kInitechCanary = "bh-canary-1e1ec0de99887766554433221100ffee";
const std::string kAcmePrompt
    = "You are the claims assistant of Acme Mutual. Explain policy coverage in plain words, "
      "never speculate about fraud investigations, escalate any complaint about a denied claim "
      "to the human review desk within one business day, and close every answer by pointing "
      "the customer to the secure document upload page.";
const std::string kGlobexPrompt
    = "You are Globex's internal research helper. Summarise engineering reports for the "
      "hardware team, cite report numbers exactly as written, and refuse questions about "
      "unreleased product roadmaps or supplier pricing negotiations.";
const std::string kLiveKey = "bh_live_Zm9vYmFyYmF6cXV4LXF1dXgtY29yZ2UtZ3JhdWx0LWdhcnBseQ";

ProtectedMaterial material(std::uint64_t version = 1)
{
    ProtectedMaterial m;
    m.version = version;
    m.tenants.push_back({"acme", {kAcmeCanary}, kAcmePrompt, {kAcmeDocCanary}, {}});
    m.tenants.push_back({"globex", {kGlobexCanary}, kGlobexPrompt, {}, {}});
    return m;
}

const std::shared_ptr<const EgressScanner> &scanner()
{
    static const auto s = EgressScanner::build(material());
    return s;
}

struct Outcome
{
    std::string output;
    std::vector<EgressFinding> findings;
    bool blocked = false;
};

Outcome scanChunks(const std::vector<std::string> &chunks, const std::string &tenant,
                   const EgressPolicy &policy = {},
                   const std::shared_ptr<const EgressScanner> &s = scanner())
{
    Outcome o;
    EgressStream stream(s, tenant, policy);
    auto take = [&](EgressChunkResult r) {
        o.output += r.release;
        o.findings.insert(o.findings.end(), r.findings.begin(), r.findings.end());
        o.blocked = o.blocked || r.blocked;
    };
    for (const auto &c : chunks)
        take(stream.feed(c));
    take(stream.finish());
    return o;
}

Outcome scanText(const std::string &text, const std::string &tenant, const EgressPolicy &policy = {})
{
    return scanChunks({text}, tenant, policy);
}

std::string interleave(const std::string &s, const std::string &sep)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? sep : "") + s.substr(i, 1);
    return out;
}

std::string obfuscate(const QString &how, const std::string &s)
{
    if (how == QLatin1String("plain"))
        return s;
    if (how == QLatin1String("upper")) {
        std::string u = s;
        for (auto &c : u)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return u;
    }
    if (how == QLatin1String("spaced"))
        return interleave(s, " ");
    if (how == QLatin1String("punctuation"))
        return interleave(s, ".");
    if (how == QLatin1String("newlines"))
        return interleave(s, "\n");
    if (how == QLatin1String("zero-width"))
        return interleave(s, "\xE2\x80\x8B");
    if (how == QLatin1String("soft-hyphen"))
        return interleave(s, "\xC2\xAD");
    if (how == QLatin1String("homoglyph")) {
        std::string out;
        for (const char c : s) {
            switch (c) {
            case 'a': out += "\xD0\xB0"; break;  // Cyrillic a
            case 'c': out += "\xD1\x81"; break;  // Cyrillic es
            case 'e': out += "\xD0\xB5"; break;  // Cyrillic ie
            case 'o': out += "\xCE\xBF"; break;  // Greek omicron
            default: out.push_back(c);
            }
        }
        return out;
    }
    if (how == QLatin1String("fullwidth")) {
        QString out;
        for (const char c : s)
            out.append(QChar(char16_t(0xFF00 + (static_cast<unsigned char>(c) - 0x20))));
        return out.toStdString();
    }
    if (how == QLatin1String("base64"))
        return QByteArray::fromStdString(s).toBase64().toStdString();
    if (how == QLatin1String("base64url"))
        return QByteArray::fromStdString(s)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            .toStdString();
    if (how == QLatin1String("hex"))
        return QByteArray::fromStdString(s).toHex().toStdString();
    if (how == QLatin1String("hex-0x"))
        return "0x" + QByteArray::fromStdString(s).toHex().toUpper().toStdString();
    if (how == QLatin1String("mixed"))
        return interleave(obfuscate(QStringLiteral("homoglyph"), obfuscate(QStringLiteral("upper"), s)),
                          "\xE2\x80\x8C ");
    qFatal("unknown obfuscation");
}

bool has(const Outcome &o, LeakKind kind, const std::string &owner)
{
    return std::any_of(o.findings.begin(), o.findings.end(), [&](const EgressFinding &f) {
        return f.kind == kind && f.ownerTenantId == owner;
    });
}

} // namespace

class TestEgressStream final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void obfuscatedCanaryIsCaught_data();
    void obfuscatedCanaryIsCaught();
    void leakSplitAtEveryBytePosition();
    void nothingPastTheMatchIsReleased();
    void redactModeRewritesOnlyTheMatch();
    void flagModeReleasesEverything();
    void ownHarmlessTextIsNotFlagged();
    void ownCanaryIsASelfLeakPerConfig_data();
    void ownCanaryIsASelfLeakPerConfig();
    void documentCanaryOfAnotherTenant();
    void systemPromptFingerprint_data();
    void systemPromptFingerprint();
    void secretFormats_data();
    void secretFormats();
    void findingsNeverCarryTheMaterial();
    void atomicSwapKeepsStreamsInFlight();
    void holderRefusesOlderVersions();
    void failedRebuildKeepsTheOldScanner();
    void holdBackIsBounded();
    void shortCanaryIsRejected();
    void benignTokensAreReleasedAsTheyArrive();
    void onlyTheWordInProgressIsHeld();
    void canaryInOneByteChunksIsNeverReleased_data();
    void canaryInOneByteChunksIsNeverReleased();
    void secretPrefixHoldsOnlyFromItsStart();
    void fingerprintStreamedWordByWordIsBlocked();
    void holdStatsCountHeldFeeds();
    void plainFirstWordIsReleasedAtOnce_data();
    void plainFirstWordIsReleasedAtOnce();
};

void TestEgressStream::obfuscatedCanaryIsCaught_data()
{
    QTest::addColumn<QString>("how");
    for (const char *how : {"plain", "upper", "spaced", "punctuation", "newlines", "zero-width",
                            "soft-hyphen", "homoglyph", "fullwidth", "base64", "base64url", "hex",
                            "hex-0x", "mixed"})
        QTest::newRow(how) << QString::fromLatin1(how);
}

void TestEgressStream::obfuscatedCanaryIsCaught()
{
    QFETCH(QString, how);
    const std::string prefix = "Here is what I found: ";
    const auto o = scanText(prefix + obfuscate(how, kAcmeCanary) + " -- end of answer.", "globex");
    QVERIFY2(has(o, LeakKind::Canary, "acme"), qPrintable(how));
    QVERIFY(o.blocked);
    // Only the "0x" marker of a hex literal may precede the match; it says nothing.
    QCOMPARE(o.output, how == QLatin1String("hex-0x") ? prefix + "0x" : prefix);
}

void TestEgressStream::leakSplitAtEveryBytePosition()
{
    const std::string prefix = "Sure, the value you asked about: ";
    const std::string text = prefix + kAcmeCanary + " and that is all.";
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        const auto o = scanChunks({text.substr(0, cut), text.substr(cut)}, "globex");
        QVERIFY2(o.blocked && has(o, LeakKind::Canary, "acme"), qPrintable(QString::number(cut)));
        QCOMPARE(o.output, prefix);
    }
    // Base64-encoded, too.
    const std::string encoded = prefix + obfuscate(QStringLiteral("base64"), kAcmeCanary) + " bye";
    for (std::size_t cut = 0; cut <= encoded.size(); ++cut) {
        const auto o = scanChunks({encoded.substr(0, cut), encoded.substr(cut)}, "globex");
        QVERIFY2(o.blocked && has(o, LeakKind::Canary, "acme"), qPrintable(QString::number(cut)));
        QCOMPARE(o.output, prefix);
    }
}

void TestEgressStream::nothingPastTheMatchIsReleased()
{
    const std::string prefix = "Token by token: ";
    const std::string text = prefix + obfuscate(QStringLiteral("spaced"), kAcmeCanary) + " trailing words";
    EgressStream stream(scanner(), "globex");
    std::string sent;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto r = stream.feed(text.substr(i, 1));
        sent += r.release;
        // At every step, what was sent is a prefix of the text before the match.
        QVERIFY(prefix.starts_with(sent));
        if (r.blocked)
            break;
    }
    QVERIFY(stream.blocked());
    QCOMPARE(sent, prefix);
    QVERIFY(stream.feed("more").release.empty());
    QVERIFY(stream.finish().release.empty());
}

void TestEgressStream::redactModeRewritesOnlyTheMatch()
{
    EgressPolicy policy;
    policy.crossTenant = EgressAction::Redact;
    policy.secretFormat = EgressAction::Redact;
    const std::string text = "Code " + kAcmeCanary + ", key " + kLiveKey + " and code "
                             + obfuscate(QStringLiteral("zero-width"), kAcmeCanary) + "!";
    for (const std::size_t chunk : {std::size_t(1), std::size_t(7), text.size()}) {
        std::vector<std::string> chunks;
        for (std::size_t at = 0; at < text.size(); at += chunk)
            chunks.push_back(text.substr(at, chunk));
        const auto o = scanChunks(chunks, "globex", policy);
        QVERIFY(!o.blocked);
        QCOMPARE(o.output, std::string("Code [REDACTED], key [REDACTED] and code [REDACTED]!"));
        QVERIFY(has(o, LeakKind::Canary, "acme"));
        QVERIFY(has(o, LeakKind::SecretFormat, ""));
    }
}

void TestEgressStream::flagModeReleasesEverything()
{
    EgressPolicy policy;
    policy.crossTenant = EgressAction::Flag;
    policy.secretFormat = EgressAction::Flag;
    const std::string text = "a " + kAcmeCanary + " b";
    EgressStream stream(scanner(), "globex", policy);
    const auto r = stream.feed(text);
    QCOMPARE(r.release, text);  // nothing held back when nothing could be blocked
    QCOMPARE(r.findings.size(), std::size_t(1));
    QVERIFY(r.findings[0].action == EgressAction::Flag);
}

void TestEgressStream::ownHarmlessTextIsNotFlagged()
{
    const std::string text
        = "Thanks for contacting Acme Mutual! Your claim is covered under the policy. If your "
          "claim was denied, the review desk will contact you. Please upload documents through "
          "the secure page. Reference from your file: " + kAcmeDocCanary + ".";
    const auto o = scanText(text, "acme");
    QVERIFY2(o.findings.empty(), o.findings.empty() ? "" : o.findings[0].detail.c_str());
    QCOMPARE(o.output, text);
    // The same for a tenant's ordinary text that shares words with another tenant's prompt.
    const auto other = scanText("Globex reports and hardware summaries are not something I know.", "acme");
    QVERIFY(other.findings.empty());
}

void TestEgressStream::ownCanaryIsASelfLeakPerConfig_data()
{
    QTest::addColumn<bool>("detect");
    QTest::addColumn<int>("action");
    QTest::addColumn<bool>("expectFinding");
    QTest::addColumn<bool>("expectBlocked");
    QTest::newRow("default: flag") << true << int(EgressAction::Flag) << true << false;
    QTest::newRow("block") << true << int(EgressAction::Block) << true << true;
    QTest::newRow("off") << false << int(EgressAction::Block) << false << false;
}

void TestEgressStream::ownCanaryIsASelfLeakPerConfig()
{
    QFETCH(bool, detect);
    QFETCH(int, action);
    QFETCH(bool, expectFinding);
    QFETCH(bool, expectBlocked);
    EgressPolicy policy;
    policy.detectSelfLeak = detect;
    policy.selfLeak = static_cast<EgressAction>(action);
    const auto o = scanText("my instructions contain " + kAcmeCanary, "acme", policy);
    QCOMPARE(has(o, LeakKind::SelfSystemPrompt, "acme"), expectFinding);
    QVERIFY(!has(o, LeakKind::Canary, "acme"));  // never a cross-tenant leak of its own canary
    QCOMPARE(o.blocked, expectBlocked);
}

void TestEgressStream::documentCanaryOfAnotherTenant()
{
    const auto o = scanText("From the archive: " + kAcmeDocCanary, "globex");
    QVERIFY(has(o, LeakKind::DocumentCanary, "acme"));
    QVERIFY(o.blocked);
}

void TestEgressStream::systemPromptFingerprint_data()
{
    QTest::addColumn<QString>("response");
    QTest::addColumn<bool>("leak");
    QTest::newRow("verbatim") << QString::fromStdString(kGlobexPrompt) << true;
    QTest::newRow("partial, reworded around the copy")
        << QStringLiteral("My guidance says: summarize engineering reports for the hardware team "
                          "and cite report numbers exactly as written; also I must refuse questions "
                          "about unreleased product roadmaps.")
        << true;
    QTest::newRow("obfuscated copy")
        << QStringLiteral("S-U-M-M-A-R-I-S-E engineering REPORTS for the\u200B hardware team, cite "
                          "report numbers exactly as written, and refuse questions")
        << true;
    QTest::newRow("one short phrase is not a leak")
        << QStringLiteral("Our hardware team wrote engineering reports last year.") << false;
}

void TestEgressStream::systemPromptFingerprint()
{
    QFETCH(QString, response);
    QFETCH(bool, leak);
    const auto o = scanText(response.toStdString(), "acme");
    QCOMPARE(has(o, LeakKind::SystemPromptFingerprint, "globex"), leak);
    QCOMPARE(o.blocked, leak);
    // The owner itself only sees a self-leak, flagged by default.
    const auto self = scanText(response.toStdString(), "globex");
    QVERIFY(!self.blocked);
    QCOMPARE(has(self, LeakKind::SelfSystemPrompt, "globex"), leak);
}

void TestEgressStream::secretFormats_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("tenant key") << QString::fromStdString("key=" + kLiveKey);
    QTest::newRow("admin token")
        << QStringLiteral("Authorization: Bearer bh_admin_q83vEjRkZ2xhY2tzdGFyLXJlZGFjdGVkLXRva2VuMDA");
    QTest::newRow("spaced prefix") << QString::fromStdString(interleave("bh_live_", " ") + "AbCdEf0123");
    QTest::newRow("base64 of a key")
        << QString::fromStdString(obfuscate(QStringLiteral("base64"), kLiveKey));
}

void TestEgressStream::secretFormats()
{
    QFETCH(QString, text);
    const auto o = scanText(text.toStdString(), "acme");
    QVERIFY(has(o, LeakKind::SecretFormat, ""));
    QVERIFY(o.blocked);
}

void TestEgressStream::findingsNeverCarryTheMaterial()
{
    const auto o = scanText(kAcmeCanary + " " + kGlobexPrompt + " " + kLiveKey, "initech");
    QVERIFY(o.findings.size() >= 2);
    for (const auto &f : o.findings) {
        QVERIFY(f.detail.find("canary-") == std::string::npos);
        QVERIFY(f.detail.find("bh_live") == std::string::npos);
        QVERIFY(f.detail.size() < 32);
    }
}

void TestEgressStream::atomicSwapKeepsStreamsInFlight()
{
    EgressScannerHolder holder;
    holder.rebuild(material(1));
    EgressStream inFlight = holder.openStream("globex");
    auto r = inFlight.feed("Streaming before the rebuild, then ");

    auto m2 = material(2);
    m2.tenants.push_back({"initech", {kInitechCanary}, {}, {}, {}});
    holder.rebuild(m2);
    QCOMPARE(holder.current()->version(), std::uint64_t(2));

    // The stream in flight keeps the scanner it opened with: initech did not exist then.
    r = inFlight.feed(kInitechCanary);
    auto end = inFlight.finish();
    QVERIFY(r.findings.empty() && end.findings.empty());
    QCOMPARE(inFlight.scanner()->version(), std::uint64_t(1));

    // A new request gets the new scanner.
    EgressStream fresh = holder.openStream("globex");
    r = fresh.feed("now " + kInitechCanary + " again");
    QVERIFY(r.blocked);
    QCOMPARE(r.findings.at(0).ownerTenantId, std::string("initech"));
}

void TestEgressStream::holderRefusesOlderVersions()
{
    EgressScannerHolder holder;
    QVERIFY(holder.publish(EgressScanner::build(material(5))));
    QVERIFY(!holder.publish(EgressScanner::build(material(4))));
    QCOMPARE(holder.current()->version(), std::uint64_t(5));
}

void TestEgressStream::failedRebuildKeepsTheOldScanner()
{
    EgressScannerHolder holder;
    holder.rebuild(material(1));
    auto bad = material(2);
    bad.tenants.push_back({"acme", {}, {}, {}, {}});  // duplicate id
    QVERIFY_THROWS_EXCEPTION(bulkhead::core::Error, holder.rebuild(bad));
    QCOMPARE(holder.current()->version(), std::uint64_t(1));
}

void TestEgressStream::holdBackIsBounded()
{
    EgressStream stream(scanner(), "globex");
    std::string sent;
    const std::string word = "lorem ipsum dolor sit amet ";
    for (int i = 0; i < 4000; ++i) {
        sent += stream.feed(word).release;
        QVERIFY(stream.heldBytes() <= EgressStream::kMaxHoldBytes);
    }
    // Ordinary prose is held back by little more than the longest pattern window.
    QVERIFY(stream.heldBytes() < 128);
    sent += stream.finish().release;
    QCOMPARE(sent.size(), word.size() * 4000);
}

void TestEgressStream::shortCanaryIsRejected()
{
    ProtectedMaterial m;
    m.tenants.push_back({"acme", {"bh-1"}, {}, {}, {}});
    QVERIFY_THROWS_EXCEPTION(bulkhead::core::Error, EgressScanner::build(m));
}

// Words that share nothing with the protected material (no pattern begins with their last
// letters, none begins a shingle of a prompt): each token leaves at once, whole.
const std::string kBenignText = "Renewal terms look simple: premiums rise slightly each year "
                                "unless losses fall, while treaty wording stays unchanged over "
                                "three seasons.";

void TestEgressStream::benignTokensAreReleasedAsTheyArrive()
{
    std::vector<std::string> tokens;
    for (std::size_t at = 0; at < kBenignText.size();) {
        const auto space = kBenignText.find(' ', at);
        const std::size_t end = space == std::string::npos ? kBenignText.size() : space + 1;
        tokens.push_back(kBenignText.substr(at, end - at));
        at = end;
    }
    QVERIFY(tokens.size() > 15);
    EgressStream stream(scanner(), "globex");
    for (const auto &t : tokens) {
        const auto r = stream.feed(t);
        QCOMPARE(r.release, t);
        QCOMPARE(stream.heldBytes(), std::size_t(0));
    }
    QCOMPARE(stream.holdStats().feedsHeld, std::uint64_t(0));
}

// The same words as most models send them (" word"): whatever is held, it is never more than
// the word still being written (it may yet grow into an encoded run); the words before it are
// out.
void TestEgressStream::onlyTheWordInProgressIsHeld()
{
    const std::string &text = kBenignText;
    EgressStream stream(scanner(), "globex");
    std::string sent;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto next = text.find(' ', at + 1);
        const std::size_t end = next == std::string::npos ? text.size() : next;
        const auto r = stream.feed(text.substr(at, end - at));
        sent += r.release;
        QVERIFY(!r.blocked);
        const std::size_t word = end - text.find_last_of(" :,", end - 1) - 1;
        QVERIFY2(stream.heldBytes() <= word, qPrintable(QString::fromStdString(text.substr(0, end))));
        at = end;
    }
    sent += stream.finish().release;
    QCOMPARE(sent, text);
}

void TestEgressStream::canaryInOneByteChunksIsNeverReleased_data()
{
    QTest::addColumn<QString>("how");
    for (const char *how : {"plain", "upper", "spaced", "zero-width", "homoglyph", "fullwidth",
                            "base64", "base64url", "hex", "mixed"})
        QTest::newRow(how) << QString::fromLatin1(how);
}

void TestEgressStream::canaryInOneByteChunksIsNeverReleased()
{
    QFETCH(QString, how);
    const std::string prefix = "One byte at a time: ";
    const std::string text = prefix + obfuscate(how, kAcmeCanary) + " and the rest of the answer.";
    EgressStream stream(scanner(), "globex");
    std::string sent;
    for (std::size_t i = 0; i < text.size() && !stream.blocked(); ++i) {
        sent += stream.feed(text.substr(i, 1)).release;
        QVERIFY2(prefix.starts_with(sent), qPrintable(QString::number(i)));
    }
    QVERIFY(stream.blocked());
    QCOMPARE(sent, prefix);
}

void TestEgressStream::secretPrefixHoldsOnlyFromItsStart()
{
    EgressStream stream(scanner(), "acme");
    auto r = stream.feed("Your new key is bh_li");
    QCOMPARE(r.release, std::string("Your new key is "));
    QCOMPARE(stream.heldBytes(), std::size_t(5));
    // The prefix turns out to be something else: released at once.
    r = stream.feed("ke a bird, not a key.");
    QVERIFY(!r.blocked);
    QCOMPARE(stream.heldBytes(), std::size_t(0));
    QCOMPARE(r.release, std::string("bh_like a bird, not a key."));
    // A real key: nothing from its prefix on.
    EgressStream keyed(scanner(), "acme");
    std::string sent;
    const std::string text = "Your new key is " + kLiveKey + " keep it safe";
    for (std::size_t i = 0; i < text.size() && !keyed.blocked(); i += 3)
        sent += keyed.feed(text.substr(i, 3)).release;
    QVERIFY(keyed.blocked());
    QCOMPARE(sent, std::string("Your new key is "));
}

void TestEgressStream::fingerprintStreamedWordByWordIsBlocked()
{
    EgressStream stream(scanner(), "acme");
    std::string sent;
    std::size_t at = 0;
    while (at < kGlobexPrompt.size() && !stream.blocked()) {
        const auto next = kGlobexPrompt.find(' ', at + 1);
        const std::size_t end = next == std::string::npos ? kGlobexPrompt.size() : next;
        sent += stream.feed(kGlobexPrompt.substr(at, end - at)).release;
        at = end;
    }
    QVERIFY(stream.blocked());
    QVERIFY(kGlobexPrompt.starts_with(sent));
    // The shingle that crossed the threshold (its first word on) never left.
    const auto words = normalisedWords(kGlobexPrompt);
    QVERIFY(words.size() > 8);
    QVERIFY(sent.size() <= words[2].start);
}

void TestEgressStream::holdStatsCountHeldFeeds()
{
    EgressStream stream(scanner(), "acme");
    for (const char *chunk : {"Nothing held here. ", "Nor here. ", "Now bh_", "adm"})
        stream.feed(chunk);
    const auto &stats = stream.holdStats();
    QCOMPARE(stats.feeds, std::uint64_t(4));
    QCOMPARE(stats.feedsHeld, std::uint64_t(2));
    QCOMPARE(stats.maxHeldBytes, std::size_t(6));
    QCOMPARE(stats.heldBytesSum, std::uint64_t(3 + 6));
}

void TestEgressStream::plainFirstWordIsReleasedAtOnce_data()
{
    QTest::addColumn<QString>("word");
    for (const char *w : {"Hello", "The", "Property", "A", "I", "In", "Based", "This", "To"})
        QTest::newRow(w) << QString::fromLatin1(w);
}

// The first delta of an answer is a word, often shorter than one base64 group: unless what it
// could decode to may begin protected text, it goes out with its own feed.
void TestEgressStream::plainFirstWordIsReleasedAtOnce()
{
    QFETCH(QString, word);
    const std::string w = word.toStdString();
    EgressStream stream(scanner(), "globex");
    const auto r = stream.feed(w);
    QCOMPARE(r.release, w);
    QCOMPARE(stream.heldBytes(), std::size_t(0));
}

QTEST_GUILESS_MAIN(TestEgressStream)
#include "tst_scan_egressstream.moc"
