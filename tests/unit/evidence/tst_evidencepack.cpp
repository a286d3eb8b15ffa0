// Evidence packs end to end in memory: build, verify, every kind of tampering named, tenant
// scope leaking nothing of the other tenants, control statuses derived from the data.
#include "EvidenceFixture.h"

#include "evidence/ControlMapping.h"
#include "evidence/EvidenceDocuments.h"
#include "evidence/PackArchive.h"
#include "evidence/PackBuilder.h"
#include "evidence/PackFormat.h"
#include "evidence/PackSignature.h"
#include "evidence/PackVerifier.h"
#include "evidence/ScopedEvidence.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <map>
#include <set>

#include <QProcess>
#include <QTemporaryDir>

#include <regex>

using namespace bulkhead;
using namespace bulkhead::evidence;
using nlohmann::json;

namespace {

std::vector<std::string> allMembers()
{
    std::vector<std::string> names{std::string(kManifestName), std::string(kSignatureName)};
    for (const auto m : kContentMembers)
        names.emplace_back(m);
    return names;
}

std::string rezip(std::vector<ArchiveMember> members)
{
    return writeZip(members, 1764331200);
}

std::vector<ArchiveMember> unzip(const std::string &zip)
{
    auto contents = readZip(zip);
    if (contents.problem)
        qFatal("pack does not unzip: %s", contents.problem->message.c_str());
    return std::move(contents.members);
}

const std::string &member(const std::vector<ArchiveMember> &members, const std::string &name)
{
    for (const auto &m : members)
        if (m.name == name)
            return m.bytes;
    qFatal("no member %s", name.c_str());
}

const ControlAssessment &control(const std::vector<ControlAssessment> &controls, const std::string &id)
{
    for (const auto &c : controls)
        if (c.id == id)
            return c;
    qFatal("no control %s", id.c_str());
}

// Runs the Ajv validator (tests/support/validate-json-schema.cjs) on one document against NIST's
// OSCAL schemas (tests/data/oscal; assessment results unless named). Returns the exit code: 0 valid,
// 1 invalid.
int validateOscal(const json &document, QByteArray &report,
                  const char *schema = "oscal_assessment-results_schema.json")
{
    static QTemporaryDir scratch;
    const QString docPath = scratch.filePath(QStringLiteral("doc.json"));
    QFile file(docPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(docPath));
    file.write(QByteArray::fromStdString(document.dump()));
    file.close();

    auto env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("NODE_PATH"))) {  // Ajv lives in the global module folder
        QProcess npm;
        npm.start(QStringLiteral("npm"), {QStringLiteral("root"), QStringLiteral("-g")});
        if (!npm.waitForFinished(60000) || npm.exitCode() != 0)
            qFatal("npm is not installed (packaging/install-deps.sh installs it)");
        env.insert(QStringLiteral("NODE_PATH"), QString::fromUtf8(npm.readAllStandardOutput().trimmed()));
    }
    const QString source = qEnvironmentVariable("BULKHEAD_SOURCE_DIR");
    QProcess node;
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"),
               {source + QStringLiteral("/tests/support/validate-json-schema.cjs"),
                source + QStringLiteral("/tests/data/oscal/") + QString::fromLatin1(schema), docPath});
    if (!node.waitForFinished(60000))
        qFatal("the OSCAL validator did not finish");
    report = node.readAllStandardOutput() + node.readAllStandardError();
    if (node.exitCode() == 2)
        qFatal("the OSCAL validator cannot run: %s", report.constData());
    return node.exitCode();
}

// Every uuid one bundle document refers to (a "...-uuid" member, a "...-uuids" list, an "#uuid"
// href), with where it was found; and every relative href (a pack member).
void collectReferences(const json &value, const std::string &where, std::set<std::string> &defined,
                       std::vector<std::pair<std::string, std::string>> &uuidRefs,
                       std::vector<std::pair<std::string, std::string>> &fileRefs)
{
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            collectReferences(value[i], where + "/" + std::to_string(i), defined, uuidRefs, fileRefs);
        return;
    }
    if (!value.is_object())
        return;
    for (const auto &[key, member] : value.items()) {
        const std::string at = where + "/" + key;
        if (key == "uuid" && member.is_string())
            defined.insert(member.get<std::string>());
        else if (key.ends_with("-uuid") && member.is_string())
            uuidRefs.emplace_back(at, member.get<std::string>());
        else if (key.ends_with("-uuids") && member.is_array())
            for (const auto &u : member)
                uuidRefs.emplace_back(at, u.get<std::string>());
        else if (key == "href" && member.is_string()) {
            const auto href = member.get<std::string>();
            if (href.starts_with("#"))
                uuidRefs.emplace_back(at, href.substr(1));
            else if (href.find("://") == std::string::npos)
                fileRefs.emplace_back(at, href);
        }
        collectReferences(member, at, defined, uuidRefs, fileRefs);
    }
}

// The references of the three documents that resolve to nothing in the bundle or the pack.
std::vector<std::string> danglingReferences(const std::vector<json> &bundle, const std::set<std::string> &members)
{
    std::set<std::string> defined;
    std::vector<std::pair<std::string, std::string>> uuidRefs, fileRefs;
    for (const auto &doc : bundle)
        collectReferences(doc, "", defined, uuidRefs, fileRefs);
    std::vector<std::string> dangling;
    for (const auto &[at, uuid] : uuidRefs)
        if (!defined.contains(uuid))
            dangling.push_back(at + " -> " + uuid);
    for (const auto &[at, file] : fileRefs)
        if (!members.contains(file))
            dangling.push_back(at + " -> " + file);
    return dangling;
}

// A platform whose newest probe run failed the hostile-upstream channel layer and one of whose
// tenants runs below its minimum tier.
EvidenceInput violatingInput()
{
    auto in = testing::platformInput();
    in.probeRuns.insert(in.probeRuns.begin(), testing::probeRun("run_00000000000000c3", "2026-11-28T11:30:00Z",
                                                                "egress_channels"));
    in.tenants[2].tenant.chosenTier = core::Tier::Namespace;  // CUI next to commercial tenants
    in.probeScheduleSeconds = 3600;
    return in;
}

} // namespace

class TestEvidencePack final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportThenVerifyPasses();
    void packHoldsEveryMember();
    void flippingOneByteFailsNamingTheMember_data();
    void flippingOneByteFailsNamingTheMember();
    void removingAMemberFailsNamingIt_data();
    void removingAMemberFailsNamingIt();
    void addingAMemberFailsNamingIt();
    void packSignedBeforeTheOscalBundleStillVerifies();
    void corruptZipBytesFail();
    void pinnedFingerprintIsEnforced();
    void manifestRecordsHashesSizesAndScope();
    void tenantPackHoldsNothingOfAnotherTenant_data();
    void tenantPackHoldsNothingOfAnotherTenant();
    void platformPackNamesEveryTenant();
    void tenantDecisionsCountPeersInsteadOfNamingThem();
    void controlStatusFollowsTheData();
    void oscalDocumentKeepsTheFormatRules();
    void oscalDocumentValidatesAgainstNistSchema();
    void oscalBundleValidatesAgainstNistSchemas();
    void oscalBundleRefersOnlyToItsOwnUuids();
    void oscalBundleCarriesProbeLayersAndViolations();

private:
    BuiltPack m_platform;
    BuiltPack m_tenant;
    BuiltPack m_violating;
};

void TestEvidencePack::initTestCase()
{
    const auto key = testing::testKey();
    m_platform = buildPack(testing::platformInput(), key);
    m_tenant = buildPack(testing::tenantInput("tenant_alpha_x9"), key);
    m_violating = buildPack(violatingInput(), key);
}

void TestEvidencePack::exportThenVerifyPasses()
{
    for (const auto *pack : {&m_platform, &m_tenant}) {
        const auto report = verifyPack(pack->zip);
        QVERIFY2(report.ok, report.message.c_str());
        QCOMPARE(report.files, allMembers().size());
        QCOMPARE(report.fingerprint, testing::testKey().fingerprint());
    }
    QCOMPARE(verifyPack(m_tenant.zip).scope["tenant"].get<std::string>(), std::string("tenant_alpha_x9"));
}

void TestEvidencePack::packHoldsEveryMember()
{
    std::set<std::string> names;
    for (const auto &m : unzip(m_platform.zip))
        names.insert(m.name);
    for (const auto &name : allMembers())
        QVERIFY2(names.contains(name), name.c_str());
    QCOMPARE(names.size(), allMembers().size());
    const auto members = unzip(m_platform.zip);
    QVERIFY(member(members, "report.pdf").starts_with("%PDF-"));
    QVERIFY(member(members, "report.html").find("<svg") != std::string::npos);
    QVERIFY(member(members, "report.html").find("src=") == std::string::npos);  // self-contained
    QVERIFY(member(members, "classification-matrix.csv").starts_with("tenant,name,PHI,PII,CUI"));
}

void TestEvidencePack::flippingOneByteFailsNamingTheMember_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &name : allMembers())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestEvidencePack::flippingOneByteFailsNamingTheMember()
{
    QFETCH(QString, name);
    // The first, middle and last byte of the member, each on its own.
    const auto original = unzip(m_platform.zip);
    const std::size_t size = member(original, name.toStdString()).size();
    for (const std::size_t at : {std::size_t{0}, size / 2, size - 1}) {
        auto members = original;
        for (auto &m : members)
            if (m.name == name.toStdString())
                m.bytes[at] = static_cast<char>(m.bytes[at] ^ 0x01);
        const auto report = verifyPack(rezip(members));
        QVERIFY2(!report.ok, qPrintable(name));
        QCOMPARE(QString::fromStdString(report.file), name);
        QVERIFY2(report.message.find(name.toStdString()) != std::string::npos, report.message.c_str());
    }
}

void TestEvidencePack::removingAMemberFailsNamingIt_data()
{
    flippingOneByteFailsNamingTheMember_data();
}

void TestEvidencePack::removingAMemberFailsNamingIt()
{
    QFETCH(QString, name);
    auto members = unzip(m_platform.zip);
    std::erase_if(members, [&](const ArchiveMember &m) { return m.name == name.toStdString(); });
    const auto report = verifyPack(rezip(members));
    QVERIFY(!report.ok);
    QCOMPARE(QString::fromStdString(report.file), name);
    QCOMPARE(report.problem, std::string("missing_member"));
}

// A pack an earlier version signed has no SSP or assessment plan; its manifest is whole and
// signed, so it still verifies. (Removing them from a newer pack fails above: the signed manifest
// lists them.)
void TestEvidencePack::packSignedBeforeTheOscalBundleStillVerifies()
{
    auto members = unzip(m_platform.zip);
    std::erase_if(members, [](const ArchiveMember &m) {
        return m.name == "oscal-system-security-plan.json" || m.name == "oscal-assessment-plan.json";
    });
    auto manifest = json::parse(member(members, std::string(kManifestName)));
    json files = json::array();
    for (const auto &f : manifest["files"])
        if (f["name"] != "oscal-system-security-plan.json" && f["name"] != "oscal-assessment-plan.json")
            files.push_back(f);
    manifest["files"] = std::move(files);
    const std::string manifestBytes = manifest.dump(2);
    for (auto &m : members) {
        if (m.name == kManifestName)
            m.bytes = manifestBytes;
        if (m.name == kSignatureName)
            m.bytes = signatureDocument(manifestBytes, testing::testKey());
    }
    const auto report = verifyPack(rezip(members));
    QVERIFY2(report.ok, report.message.c_str());
}

void TestEvidencePack::addingAMemberFailsNamingIt()
{
    auto members = unzip(m_platform.zip);
    members.push_back({"extra-notes.txt", "added after signing"});
    const auto report = verifyPack(rezip(members));
    QVERIFY(!report.ok);
    QCOMPARE(report.file, std::string("extra-notes.txt"));
    QCOMPARE(report.problem, std::string("extra_member"));
}

void TestEvidencePack::corruptZipBytesFail()
{
    // Flipping bytes of the archive itself (compressed data, headers) never verifies.
    int refused = 0;
    for (std::size_t at = 0; at < m_platform.zip.size(); at += m_platform.zip.size() / 97) {
        std::string zip = m_platform.zip;
        zip[at] = static_cast<char>(zip[at] ^ 0x20);
        refused += verifyPack(zip).ok ? 0 : 1;
    }
    QVERIFY2(refused >= 90, qPrintable(QString::number(refused)));  // a few header bytes are unused
    QVERIFY(!verifyPack(m_platform.zip.substr(0, m_platform.zip.size() / 2)).ok);
}

void TestEvidencePack::pinnedFingerprintIsEnforced()
{
    VerifyOptions right;
    right.expectedFingerprint = testing::testKey().fingerprint();
    QVERIFY(verifyPack(m_platform.zip, right).ok);
    right.expectedFingerprint = testing::testKey().fingerprint().substr(7);  // bare hex
    QVERIFY(verifyPack(m_platform.zip, right).ok);
    VerifyOptions wrong;
    wrong.expectedFingerprint = crypto::Ed25519Key::generate().fingerprint();
    const auto report = verifyPack(m_platform.zip, wrong);
    QVERIFY(!report.ok);
    QCOMPARE(report.problem, std::string("untrusted_key"));
    QCOMPARE(report.file, std::string("manifest.sig"));
    // A pack re-signed by another key is consistent in itself: only pinning catches it.
    auto members = unzip(m_platform.zip);
    const auto other = crypto::Ed25519Key::generate();
    auto resigned = buildPack(testing::platformInput(), other);
    QVERIFY(verifyPack(resigned.zip).ok);
    QVERIFY(!verifyPack(resigned.zip, right).ok);
}

void TestEvidencePack::manifestRecordsHashesSizesAndScope()
{
    const auto manifest = json::parse(m_tenant.manifest);
    QCOMPARE(manifest["format"].get<std::string>(), std::string(kPackFormat));
    QCOMPARE(manifest["scope"]["kind"].get<std::string>(), std::string("tenant"));
    QCOMPARE(manifest["generator"]["version"].get<std::string>(), std::string("0.1.0"));
    QCOMPARE(manifest["generated_at"].get<std::string>(), std::string("2026-11-28T12:00:00Z"));
    QCOMPARE(manifest["files"].size(), std::size(kContentMembers));
    const auto members = unzip(m_tenant.zip);
    for (const auto &f : manifest["files"]) {
        const auto &bytes = member(members, f["name"]);
        QCOMPARE(f["size"].get<std::size_t>(), bytes.size());
        QCOMPARE(f["sha256"].get<std::string>(), crypto::toHex(crypto::sha256(bytes)));
    }
    const auto sig = json::parse(member(members, "manifest.sig"));
    QCOMPARE(sig["public_key"].get<std::string>(), crypto::toHex(testing::testKey().publicKey()));
    QVERIFY(sig["public_key_pem"].get<std::string>().starts_with("-----BEGIN PUBLIC KEY-----"));
}

void TestEvidencePack::tenantPackHoldsNothingOfAnotherTenant_data()
{
    QTest::addColumn<QString>("tenant");
    for (const auto &p : testing::peers())
        QTest::newRow(p.id.c_str()) << QString::fromStdString(p.id);
}

void TestEvidencePack::tenantPackHoldsNothingOfAnotherTenant()
{
    QFETCH(QString, tenant);
    const auto pack = buildPack(testing::tenantInput(tenant.toStdString()), testing::testKey());
    const auto members = unzip(pack.zip);
    std::string everything = pack.zip;  // the archive's own bytes too (names, comments)
    for (const auto &m : members)
        everything += m.bytes;
    for (const auto &p : testing::peers()) {
        const bool own = p.id == tenant.toStdString();
        for (const auto *token : {&p.id, &p.name, &p.canary}) {
            if (own && token != &p.canary) {
                QVERIFY2(everything.find(*token) != std::string::npos, token->c_str());  // it can find them
                continue;
            }
            for (const auto &m : members)
                QVERIFY2(m.bytes.find(*token) == std::string::npos,
                         qPrintable(QString::fromStdString(m.name + " holds " + *token)));
            QVERIFY2(pack.zip.find(*token) == std::string::npos, token->c_str());
        }
    }
    // Its own canary never appears either: a pack proves isolation, it does not carry secrets.
}

void TestEvidencePack::platformPackNamesEveryTenant()
{
    const auto members = unzip(m_platform.zip);
    for (const auto &p : testing::peers()) {
        QVERIFY(member(members, "inventory.json").find(p.id) != std::string::npos);
        QVERIFY(member(members, "probe-results.json").find(p.id) != std::string::npos);
        QVERIFY(member(members, "oscal-assessment-results.json").find(p.id) != std::string::npos);
        QVERIFY(member(members, "classification-matrix.csv").find(p.name) != std::string::npos);
    }
    QVERIFY(member(members, "audit-verification.json").find("\"platform\"") != std::string::npos);
}

void TestEvidencePack::tenantDecisionsCountPeersInsteadOfNamingThem()
{
    const auto members = unzip(m_tenant.zip);
    const auto decisions = json::parse(member(members, "tier-decisions.json"));
    QCOMPARE(decisions["tenants"].size(), std::size_t{1});
    const auto &rules = decisions["tenants"][0]["rules"];
    QVERIFY(!rules.empty());
    std::size_t peersCounted = 0;
    for (const auto &r : rules) {
        QVERIFY(!r.contains("triggered_by"));
        peersCounted += r["triggered_by_peers"].get<std::size_t>();
    }
    QVERIFY(peersCounted > 0);  // rule 1 fired because of the other two tenants
    const auto probes = json::parse(member(members, "probe-results.json"));
    std::set<std::string> sides;
    for (const auto &run : probes["runs"])
        for (const auto &r : run["results"]) {
            sides.insert(r["victim"]);
            sides.insert(r["attacker"]);
            QCOMPARE(r["detail"]["barrier"].get<std::string>(), std::string("rls"));  // plain words stay
            QCOMPARE(r["detail"]["victim_key"].get<std::string>(), std::string("[withheld]"));
        }
    QCOMPARE(sides, (std::set<std::string>{"tenant_alpha_x9", "peer-1", "peer-2"}));
    const auto audit = json::parse(member(members, "audit-verification.json"));
    QCOMPARE(audit["tenants"].size(), std::size_t{1});
    QCOMPARE(json::parse(member(members, "key-management.json"))["keys"].size(), std::size_t{2});
}

void TestEvidencePack::controlStatusFollowsTheData()
{
    auto in = testing::platformInput();
    {
        const ScopedEvidence evidence(in);
        const auto controls = assessControls(evidence);
        QCOMPARE(controls.size(), std::size_t{12});
        for (const auto &c : controls)
            QVERIFY2(c.status == ControlStatus::Satisfied, c.id.c_str());
    }
    // The newest run fails kv_cache: the controls it evidences are not satisfied, others still are.
    in.probeRuns.insert(in.probeRuns.begin(), testing::probeRun("run_00000000000000c3", "2026-11-28T11:30:00Z", "kv_cache"));
    {
        const ScopedEvidence evidence(in);
        const auto controls = assessControls(evidence);
        QVERIFY(control(controls, "SC-4").status == ControlStatus::NotSatisfied);
        QVERIFY(control(controls, "LLM02").status == ControlStatus::NotSatisfied);
        QVERIFY(control(controls, "LLM07").status == ControlStatus::Satisfied);
    }
    // No probes, no keys, a broken log.
    in.probeRuns.clear();
    in.keys.clear();
    in.audit[1].ok = false;
    in.audit[1].problem = "deleted";
    {
        const ScopedEvidence evidence(in);
        const auto controls = assessControls(evidence);
        QVERIFY(control(controls, "LLM01").status == ControlStatus::NotAssessed);
        QVERIFY(control(controls, "SC-12").status == ControlStatus::NotAssessed);
        QVERIFY(control(controls, "AU-9(3)").status == ControlStatus::NotSatisfied);
    }
    // A tier below the minimum the rules demand.
    in = testing::platformInput();
    in.tenants[0].tenant.chosenTier = core::Tier::Namespace;
    const ScopedEvidence evidence(in);
    QVERIFY(control(assessControls(evidence), "AC-4").status == ControlStatus::NotSatisfied);
}

void TestEvidencePack::oscalDocumentKeepsTheFormatRules()
{
    const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    const std::regex stamp(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$)");
    for (const auto *pack : {&m_platform, &m_tenant}) {
        const auto doc = json::parse(member(unzip(pack->zip), "oscal-assessment-results.json"));
        std::size_t uuids = 0;
        std::function<void(const json &, const std::string &)> walk = [&](const json &node, const std::string &key) {
            if (node.is_array())
                QVERIFY2(!node.empty(), key.c_str());
            if (node.is_string()) {
                const auto &s = node.get_ref<const std::string &>();
                QVERIFY2(!s.empty(), key.c_str());
                if (key == "uuid" || key.ends_with("-uuid"))
                    QVERIFY2(std::regex_match(s, uuid) && ++uuids, s.c_str());
                if (key == "start" || key == "end" || key == "collected" || key == "last-modified" ||
                    key == "published")
                    QVERIFY2(std::regex_match(s, stamp), s.c_str());
            }
            if (node.is_structured())
                for (const auto &[k, v] : node.items())
                    walk(v, node.is_object() ? k : key);
        };
        walk(doc, "");
        QVERIFY(uuids > 20);
        const auto &result = doc["assessment-results"]["results"][0];
        // One per control, and one per probe layer the newest runs probed.
        QCOMPARE(result["observations"].size(), std::size_t{12} + probeLayers().size());
        bool tenantProp = false;
        for (const auto &p : result["props"])
            tenantProp = tenantProp || (p["name"] == "tenant-id" && p["value"] == "tenant_alpha_x9");
        QVERIFY(tenantProp);
    }
}

void TestEvidencePack::oscalDocumentValidatesAgainstNistSchema()
{
    for (const auto *pack : {&m_platform, &m_tenant}) {
        const auto doc = json::parse(member(unzip(pack->zip), "oscal-assessment-results.json"));
        QByteArray report;
        QVERIFY2(validateOscal(doc, report) == 0, report.constData());

        // The validator is not a rubber stamp: each of these breaks a rule of the schema.
        auto noUuid = doc;
        noUuid["assessment-results"].erase("uuid");
        QCOMPARE(validateOscal(noUuid, report), 1);
        auto emptyResults = doc;
        emptyResults["assessment-results"]["results"] = json::array();
        QCOMPARE(validateOscal(emptyResults, report), 1);
        auto zonelessTime = doc;
        zonelessTime["assessment-results"]["results"][0]["start"] = "2026-11-28T12:00:00";
        QCOMPARE(validateOscal(zonelessTime, report), 1);
        auto badUuid = doc;
        badUuid["assessment-results"]["uuid"] = "not-a-uuid";
        QCOMPARE(validateOscal(badUuid, report), 1);
    }
}

void TestEvidencePack::oscalBundleValidatesAgainstNistSchemas()
{
    for (const auto *pack : {&m_platform, &m_tenant, &m_violating}) {
        const auto members = unzip(pack->zip);
        const auto ssp = json::parse(member(members, "oscal-system-security-plan.json"));
        const auto ap = json::parse(member(members, "oscal-assessment-plan.json"));
        const auto ar = json::parse(member(members, "oscal-assessment-results.json"));
        QByteArray report;
        QVERIFY2(validateOscal(ssp, report, "oscal_ssp_schema.json") == 0, report.constData());
        QVERIFY2(validateOscal(ap, report, "oscal_assessment-plan_schema.json") == 0, report.constData());
        QVERIFY2(validateOscal(ar, report) == 0, report.constData());
        // Each schema really applies: a required part removed is refused.
        auto noProfile = ssp;
        noProfile["system-security-plan"].erase("import-profile");
        QCOMPARE(validateOscal(noProfile, report, "oscal_ssp_schema.json"), 1);
        auto noSsp = ap;
        noSsp["assessment-plan"].erase("import-ssp");
        QCOMPARE(validateOscal(noSsp, report, "oscal_assessment-plan_schema.json"), 1);
        QCOMPARE(validateOscal(ap, report, "oscal_ssp_schema.json"), 1);
    }
}

void TestEvidencePack::oscalBundleRefersOnlyToItsOwnUuids()
{
    for (const auto *pack : {&m_platform, &m_tenant, &m_violating}) {
        const auto members = unzip(pack->zip);
        std::set<std::string> names;
        for (const auto &m : members)
            names.insert(m.name);
        const std::vector<json> bundle{json::parse(member(members, "oscal-system-security-plan.json")),
                                       json::parse(member(members, "oscal-assessment-plan.json")),
                                       json::parse(member(members, "oscal-assessment-results.json"))};
        const auto dangling = danglingReferences(bundle, names);
        QVERIFY2(dangling.empty(), dangling.empty() ? "" : dangling.front().c_str());
        // The chain: results import the plan, the plan imports the SSP, both as pack members.
        QCOMPARE(bundle[2]["assessment-results"]["import-ap"]["href"].get<std::string>(),
                 std::string("oscal-assessment-plan.json"));
        QCOMPARE(bundle[1]["assessment-plan"]["import-ssp"]["href"].get<std::string>(),
                 std::string("oscal-system-security-plan.json"));
        // The check finds a reference that leads nowhere.
        auto broken = bundle;
        broken[1]["assessment-plan"]["assessment-subjects"][0]["include-subjects"][0]["subject-uuid"] =
            "00000000-0000-4000-8000-000000000000";
        QCOMPARE(danglingReferences(broken, names).size(), std::size_t{1});
    }
}

void TestEvidencePack::oscalBundleCarriesProbeLayersAndViolations()
{
    const auto members = unzip(m_violating.zip);
    const auto ssp = json::parse(member(members, "oscal-system-security-plan.json"))["system-security-plan"];
    const auto ap = json::parse(member(members, "oscal-assessment-plan.json"))["assessment-plan"];
    const auto ar = json::parse(member(members, "oscal-assessment-results.json"))["assessment-results"];

    std::set<std::string> implemented;
    for (const auto &r : ssp["control-implementation"]["implemented-requirements"])
        implemented.insert(r["control-id"].get<std::string>());
    QCOMPARE(implemented, (std::set<std::string>{"sc-4", "ac-4", "au-9", "au-9.3", "au-10", "sc-12", "sc-13",
                                                  "sc-28", "sc-7.21"}));
    // SC-4 states the rules' rationale; every tenant is an inventory item with its tiers.
    const auto sc4 = ssp["control-implementation"]["implemented-requirements"][0]["by-components"][0]["description"];
    QVERIFY2(sc4.get<std::string>().find("Rule set") != std::string::npos, sc4.dump().c_str());
    QCOMPARE(ssp["system-implementation"]["inventory-items"].size(), std::size_t{3});
    QVERIFY(ssp["system-implementation"]["inventory-items"][2].dump().find("\"minimum-tier\"") != std::string::npos);

    // One activity per probe layer, and the schedule.
    QCOMPARE(ap["local-definitions"]["activities"].size(), probeLayers().size());
    QCOMPARE(ap["tasks"][0]["timing"]["at-frequency"]["period"].get<int>(), 3600);

    // The failed channel layer and the tier violation, each an observation with a finding.
    const auto &result = ar["results"][0];
    std::map<std::string, std::string> observationByTitle;
    for (const auto &o : result["observations"])
        observationByTitle[o["title"].get<std::string>()] = o["uuid"].get<std::string>();
    QVERIFY(observationByTitle.contains("Probe layer egress_channels: failed"));
    QVERIFY(observationByTitle.contains("Probe layer kv_cache: passed"));
    QVERIFY(observationByTitle.contains("Tenant tenant_gamma_z3 runs below its minimum tier"));
    std::map<std::string, std::string> findingObservation;
    for (const auto &f : result["findings"])
        findingObservation[f["title"].get<std::string>()] = f["related-observations"][0]["observation-uuid"];
    QCOMPARE(findingObservation["Probe layer egress_channels failed"],
             observationByTitle["Probe layer egress_channels: failed"]);
    QCOMPARE(findingObservation["Tier violation: tenant_gamma_z3"],
             observationByTitle["Tenant tenant_gamma_z3 runs below its minimum tier"]);
    // The passing platform has neither.
    const auto passing = json::parse(member(unzip(m_platform.zip), "oscal-assessment-results.json"));
    QVERIFY(passing.dump().find("Tier violation") == std::string::npos);
    QVERIFY(passing.dump().find("egress_channels failed") == std::string::npos);
}

QTEST_GUILESS_MAIN(TestEvidencePack)
#include "tst_evidencepack.moc"
