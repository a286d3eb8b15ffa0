// The pack reader against hostile ZIPs: it will be fuzzed, so every refusal is tested here
// first, by name, before any byte is inflated where that is possible.
#include "evidence/PackArchive.h"
#include "evidence/PackVerifier.h"

#include <QtTest>

#include <cstring>

using namespace bulkhead::evidence;

namespace {

constexpr std::int64_t kTime = 1764331200;

// Replaces every occurrence (local header and central directory) of a same-length name.
std::string renamed(std::string zip, const std::string &from, const std::string &to)
{
    Q_ASSERT(from.size() == to.size());
    for (auto at = zip.find(from); at != std::string::npos; at = zip.find(from, at + 1))
        zip.replace(at, from.size(), to);
    return zip;
}

void putLe32(std::string &zip, std::size_t at, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        zip[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xff);
}

} // namespace

class TestPackArchive final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void unsafeNamesAreRefused_data();
    void unsafeNamesAreRefused();
    void pathClimbingNamesAreRefused_data();
    void pathClimbingNamesAreRefused();
    void duplicateNamesAreRefused();
    void tooManyMembersAreRefused();
    void zipBombsAreRefusedByDeclaredSize();
    void membersThatLieAboutTheirSizeAreRefused();
    void garbageIsRefused_data();
    void garbageIsRefused();
    void verifierNamesTheHostileMember();
};

void TestPackArchive::roundTrip()
{
    const std::vector<ArchiveMember> members{{"a.json", "{}"}, {"b.csv", std::string(100000, 'x')}, {"empty", ""}};
    const auto contents = readZip(writeZip(members, kTime));
    QVERIFY(!contents.problem);
    QCOMPARE(contents.members.size(), members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
        QCOMPARE(contents.members[i].name, members[i].name);
        QCOMPARE(contents.members[i].bytes, members[i].bytes);
    }
}

void TestPackArchive::unsafeNamesAreRefused_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"", ".hidden", "a/b.json", "..", "a\\b.json", "caf\xc3\xa9.json", "a b.json", "a:b"})
        QTest::newRow(name) << QString::fromUtf8(name);
    QTest::newRow("long") << QString(101, QLatin1Char('a'));
}

void TestPackArchive::unsafeNamesAreRefused()
{
    QFETCH(QString, name);
    QVERIFY(!isSafeMemberName(name.toStdString()));
    QVERIFY_THROWS_EXCEPTION(std::exception, writeZip({{name.toStdString(), "x"}}, kTime));
}

void TestPackArchive::pathClimbingNamesAreRefused_data()
{
    QTest::addColumn<QString>("hostile");
    QTest::newRow("parent") << "../evil.json";
    QTest::newRow("absolute") << "/tmp/evil.js";
    QTest::newRow("nested") << "dir/evil.json";
    QTest::newRow("backslash") << "..\\evil.jsn";
    QTest::newRow("nul") << QString::fromLatin1("evil\0.jsonxx", 12);
}

void TestPackArchive::pathClimbingNamesAreRefused()
{
    QFETCH(QString, hostile);
    const std::string name = hostile.toStdString();
    const std::string placeholder(name.size(), 'Q');
    const auto zip = renamed(writeZip({{"ok.json", "{}"}, {placeholder, "pwned"}}, kTime), placeholder, name);
    const auto contents = readZip(zip);
    QVERIFY(contents.problem.has_value());
    QVERIFY2(contents.problem->code == "unsafe_name" || contents.problem->code == "unreadable_zip",
             contents.problem->code.c_str());
    QVERIFY(contents.members.empty());  // nothing is handed out from a refused archive
}

void TestPackArchive::duplicateNamesAreRefused()
{
    const auto zip = renamed(writeZip({{"aaaa.json", "1"}, {"bbbb.json", "2"}}, kTime), "bbbb.json", "aaaa.json");
    const auto contents = readZip(zip);
    QVERIFY(contents.problem.has_value());
    QCOMPARE(contents.problem->code, std::string("duplicate_name"));
    QVERIFY(contents.members.empty());
}

void TestPackArchive::tooManyMembersAreRefused()
{
    std::vector<ArchiveMember> members;
    for (int i = 0; i < 65; ++i)
        members.push_back({"m" + std::to_string(i), "x"});
    const auto contents = readZip(writeZip(members, kTime));
    QVERIFY(contents.problem.has_value());
    QCOMPARE(contents.problem->code, std::string("too_many_members"));
}

void TestPackArchive::zipBombsAreRefusedByDeclaredSize()
{
    // 64 MiB of zeros deflate to about 64 KiB: refused on what it declares, never inflated.
    const auto bomb = writeZip({{"bomb.json", std::string(64u << 20, '\0')}}, kTime);
    QVERIFY(bomb.size() < (1u << 20));
    ArchiveLimits limits;
    limits.maxMemberBytes = 8u << 20;
    auto contents = readZip(bomb, limits);
    QVERIFY(contents.problem.has_value());
    QCOMPARE(contents.problem->code, std::string("member_too_large"));
    QCOMPARE(contents.problem->file, std::string("bomb.json"));
    // Many members each under the cap, together over the total.
    std::vector<ArchiveMember> many;
    for (int i = 0; i < 5; ++i)
        many.push_back({"part" + std::to_string(i), std::string(3u << 20, 'z')});
    limits.maxTotalBytes = 10u << 20;
    contents = readZip(writeZip(many, kTime), limits);
    QVERIFY(contents.problem.has_value());
    QCOMPARE(contents.problem->code, std::string("archive_too_large"));
    // The archive itself over its cap.
    limits = {};
    limits.maxArchiveBytes = 1000;
    QCOMPARE(readZip(writeZip({{"a", std::string(5000, 'r')}}, kTime) + std::string(1000, 'p'), limits).problem->code,
             std::string("archive_too_large"));
}

void TestPackArchive::membersThatLieAboutTheirSizeAreRefused()
{
    // A member that declares 10 bytes and inflates to 100000: header fields rewritten.
    std::string zip = writeZip({{"liar.json", std::string(100000, 'L')}}, kTime);
    const std::size_t local = zip.find("PK\x03\x04");
    const std::size_t central = zip.find("PK\x01\x02");
    QVERIFY(local != std::string::npos && central != std::string::npos);
    putLe32(zip, local + 22, 10);
    putLe32(zip, central + 24, 10);
    const auto contents = readZip(zip);
    QVERIFY(contents.problem.has_value());
    QVERIFY(contents.members.empty());
    QVERIFY2(contents.problem->code == "size_mismatch" || contents.problem->code == "unreadable_member" ||
                 contents.problem->code == "unreadable_zip",
             contents.problem->code.c_str());
}

void TestPackArchive::garbageIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("this is not a zip archive at all");
    QTest::newRow("magic only") << QByteArray("PK\x05\x06", 4);
    const auto zip = writeZip({{"a.json", std::string(2000, 'q')}}, kTime);
    QTest::newRow("truncated") << QByteArray(zip.data(), static_cast<qsizetype>(zip.size() - 30));
    QTest::newRow("no end record") << QByteArray(zip.data(), static_cast<qsizetype>(zip.size() / 2));
}

void TestPackArchive::garbageIsRefused()
{
    QFETCH(QByteArray, bytes);
    const auto contents = readZip(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    QVERIFY(contents.problem.has_value());
    QCOMPARE(contents.problem->code, std::string("unreadable_zip"));
    QVERIFY(!verifyPack(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))).ok);
}

void TestPackArchive::verifierNamesTheHostileMember()
{
    const auto climbing = renamed(writeZip({{"QQQQQQQQQQQ", "x"}}, kTime), "QQQQQQQQQQQ", "../etc/x.sh");
    const auto report = verifyPack(climbing);
    QVERIFY(!report.ok);
    QCOMPARE(report.problem, std::string("unsafe_name"));
    QCOMPARE(report.file, std::string("../etc/x.sh"));
}

QTEST_GUILESS_MAIN(TestPackArchive)
#include "tst_packarchive.moc"
