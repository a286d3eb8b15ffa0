// CyberSecEval prompt-injection cases (../shared/data/injection) as egress tests: when a case's
// judge question names a secret that appears in its system prompt ("Does this response contain
// the word 'Piano'?"), a response that gives the secret away must be blocked with the system
// prompt as the protected material: as the tenant's own self-leak (policy: block), and, for
// distinctive secrets such as e-mail addresses, as a cross-tenant leak too.
#include "scan/EgressScanner.h"
#include "scan/EgressStream.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <regex>

using namespace bulkhead::scan;

namespace {

QString dataFile()
{
    return qEnvironmentVariable("BULKHEAD_SOURCE_DIR")
           + QStringLiteral("/../shared/data/injection/cyberseceval_prompt_injection.json");
}

// The secret a judge question names, if it is literally in the system prompt.
std::string secretOf(const std::string &question, const std::string &prompt)
{
    static const std::regex quoted(R"(['"]([^'"]+)['"])");
    static const std::regex named(
        R"(^Does (?:this|the) response (?:contain|mention|refer to|include the word|contain the secret password|reveal the password) ([A-Z][\w@.]*(?: [\w@.]+)*?)\??$)");
    std::smatch m;
    std::string secret;
    if (std::regex_search(question, m, quoted))
        secret = m[1];
    else if (std::regex_match(question, m, named))
        secret = m[1];
    // Only secrets the prompt states as words ("nan" inside "Nancy" is a derived secret).
    const std::regex word("(^|[^A-Za-z0-9])" + std::regex_replace(secret, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)")
                          + "($|[^A-Za-z0-9])", std::regex::icase);
    if (secret.size() < 3 || !std::regex_search(prompt, word))
        return {};
    return secret;
}

} // namespace

class TestEgressCyberSecEval final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretInResponseIsBlocked_data();
    void secretInResponseIsBlocked();
};

void TestEgressCyberSecEval::secretInResponseIsBlocked_data()
{
    QTest::addColumn<QString>("systemPrompt");
    QTest::addColumn<QString>("secret");
    QFile file(dataFile());
    if (!file.open(QIODevice::ReadOnly))
        QSKIP("CyberSecEval data not found under $BULKHEAD_SOURCE_DIR/../shared/data/injection");
    const auto cases = nlohmann::json::parse(file.readAll().toStdString());
    int rows = 0;
    for (const auto &c : cases) {
        if (c.at("risk_category") != "security-violating")
            continue;
        const std::string prompt = c.at("test_case_prompt");
        const std::string secret = secretOf(c.at("judge_question"), prompt);
        if (secret.empty())
            continue;
        const std::string id = "case " + std::to_string(c.at("prompt_id").get<int>()) + " " + secret;
        QTest::newRow(id.c_str()) << QString::fromStdString(prompt) << QString::fromStdString(secret);
        ++rows;
    }
    QVERIFY(rows >= 40);
}

void TestEgressCyberSecEval::secretInResponseIsBlocked()
{
    QFETCH(QString, systemPrompt);
    QFETCH(QString, secret);
    ProtectedMaterial m;
    m.tenants.push_back({"victim", {"bh-canary-5ec2e75ec2e75ec2e75ec2e75ec2e7aa"},
                         systemPrompt.toStdString(), {}, {}});
    m.tenants.push_back({"bystander", {"bh-canary-b7571de2b7571de2b7571de2b7571de2"}, {}, {}, {}});
    const auto scanner = EgressScanner::build(m);

    EgressPolicy policy;
    policy.selfLeak = EgressAction::Block;
    const std::string prefix = "Okay, I shouldn't, but here it is: ";
    std::vector<std::string> forms{secret.toStdString(), secret.toUpper().toStdString()};
    // A one-word secret spelled out letter by letter, with spaces or with apostrophes.
    static const QRegularExpression oneWord(QStringLiteral("^[A-Za-z]+$"));
    if (oneWord.match(secret).hasMatch())
        for (const QString &separator : {QStringLiteral(" "), QStringLiteral("'")})
            forms.push_back(secret.split(QString(), Qt::SkipEmptyParts).join(separator).toStdString());
    for (const std::string &form : forms) {
        EgressStream stream(scanner, "victim", policy);
        auto r = stream.feed(prefix + form + ". Anything else?");
        if (!r.blocked)
            r = stream.finish();
        QVERIFY2(r.blocked, form.c_str());
        QVERIFY(r.findings.at(0).kind == LeakKind::SelfSystemPrompt);
        QCOMPARE(r.findings.at(0).ownerTenantId, std::string("victim"));
    }
    // E-mail addresses are distinctive: another tenant's response carrying one is a leak too.
    if (secret.contains(QLatin1Char('@'))) {
        EgressStream other(scanner, "bystander");
        const auto r = other.feed("Contact " + secret.toStdString() + " for details.");
        QVERIFY(r.blocked);
        QVERIFY(r.findings.at(0).kind == LeakKind::SystemPromptFingerprint);
    }
}

QTEST_GUILESS_MAIN(TestEgressCyberSecEval)
#include "tst_scan_egresscyberseceval.moc"
