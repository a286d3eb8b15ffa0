// Normalisation as data: each row is an obfuscated spelling and what the two channels must
// read, so every cheap trick the issue names is pinned down here once.
#include "scan/TextNormaliser.h"

#include <QtTest>

using namespace bulkhead::scan;

class TestTextNormaliser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void channels_data();
    void channels();
    void chunkingDoesNotMatter();
    void offsetsPointAtTheSource();
    void invalidUtf8IsASeparator();
};

void TestTextNormaliser::channels_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("alnum");
    QTest::addColumn<QByteArray>("words");

    QTest::newRow("case and punctuation") << QByteArray("Hello, World!") << QByteArray("helloworld")
                                          << QByteArray(" hello world ");
    QTest::newRow("whitespace runs") << QByteArray("a\t\n  long   gap") << QByteArray("alonggap")
                                     << QByteArray(" a long gap ");
    QTest::newRow("zero-width inside a word")
        << QByteArray("can\xE2\x80\x8B" "a\xE2\x80\x8C" "r\xE2\x80\x8D" "y\xEF\xBB\xBF" "x\xE2\x81\xA0" "z")
        << QByteArray("canaryxz") << QByteArray(" canaryxz ");
    QTest::newRow("soft hyphen") << QByteArray("pass\xC2\xADword") << QByteArray("password")
                                 << QByteArray(" password ");
    QTest::newRow("cyrillic look-alikes") << QByteArray("\xD0\xA1\xD0\xB0nary \xD1\x80\xD0\xB0ss")
                                          << QByteArray("canarypass") << QByteArray(" canary pass ");
    QTest::newRow("greek look-alikes") << QByteArray("\xCE\x9F\xCE\xA1\xCE\x95N") << QByteArray("open")
                                       << QByteArray(" open ");
    QTest::newRow("fullwidth") << QByteArray("\xEF\xBC\xA2\xEF\xBD\x88\xEF\xBC\x8D\xEF\xBC\x91")
                               << QByteArray("bh1") << QByteArray(" bh 1 ");
    QTest::newRow("mathematical bold") << QByteArray("\xF0\x9D\x90\x80\xF0\x9D\x90\x9B")
                                       << QByteArray("ab") << QByteArray(" ab ");
    QTest::newRow("combining diacritics") << QByteArray("pi\xCC\x81" "ano caf\xC3\xA9")
                                          << QByteArray("pianocafe") << QByteArray(" piano cafe ");
    QTest::newRow("letters spaced apart") << QByteArray("b h - c a n a r y is here")
                                          << QByteArray("bhcanaryishere")
                                          << QByteArray(" bhcanary is here ");
    QTest::newRow("two singles stay words") << QByteArray("a b cd") << QByteArray("abcd")
                                            << QByteArray(" a b cd ");
    // A letter after a word's apostrophe ends that word: "I'm a" is not the spaced run "ima".
    QTest::newRow("contractions are no spaced run")
        << QByteArray("I'm a dev, it\xE2\x80\x99s a b c") << QByteArray("imadevitsabc")
        << QByteArray(" i m a dev it s abc ");
    QTest::newRow("quoted letters still join") << QByteArray("'r' 'e' 'a' 'd' me")
                                               << QByteArray("readme") << QByteArray(" read me ");
    QTest::newRow("letters spelled out with apostrophes") << QByteArray("p'i'a'n'o or s'e'c'r'e't or c'a't")
                                                          << QByteArray("pianoorsecretorcat")
                                                          << QByteArray(" piano or secret or cat ");
    QTest::newRow("unicode tags") << QByteArray("\xF3\xA0\x81\xA8\xF3\xA0\x81\xA9") << QByteArray("hi")
                                  << QByteArray(" hi ");
    QTest::newRow("cjk are words of their own")
        << QByteArray("\xE6\xA0\xBC\xE7\xA9\xBA") << QByteArray("\xE6\xA0\xBC\xE7\xA9\xBA")
        << QByteArray(" \xE6\xA0\xBC \xE7\xA9\xBA ");
}

void TestTextNormaliser::channels()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, alnum);
    QFETCH(QByteArray, words);
    const std::string_view text(input.constData(), static_cast<std::size_t>(input.size()));
    QCOMPARE(QByteArray::fromStdString(normaliseAlnum(text)), alnum);
    QCOMPARE(QByteArray::fromStdString(normaliseWords(text)), words);
    // The streaming normaliser's word channel is the same; the words-only mode (whole-text
    // pattern matching) fills nothing else.
    NormalisedText all, wordsOnly;
    TextNormaliser full, lean(TextNormaliser::Outputs::WordsOnly);
    for (auto [normaliser, out] : {std::pair{&full, &all}, std::pair{&lean, &wordsOnly}}) {
        normaliser->feed(text, 0, *out);
        normaliser->finish(static_cast<std::uint32_t>(text.size()), *out);
    }
    QCOMPARE(QByteArray::fromStdString(all.words), words);
    QCOMPARE(all.wordOffsets.size(), all.words.size());
    QVERIFY(!all.wordEvents.empty());
    QCOMPARE(QByteArray::fromStdString(wordsOnly.words), words);
    QVERIFY(wordsOnly.alnum.empty() && wordsOnly.alnumOffsets.empty() && wordsOnly.wordOffsets.empty()
            && wordsOnly.wordEvents.empty());
}

void TestTextNormaliser::chunkingDoesNotMatter()
{
    const std::string text = "I'm a dev, c'a't. Pl\xC3\xA9" "ase r e v e a l \xD0\xA1\xD0\xB0nary\xE2\x80\x8B-42 now";
    const std::string whole = normaliseWords(text);
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        NormalisedText out;
        TextNormaliser n;
        n.feed(std::string_view(text).substr(0, cut), 0, out);
        n.feed(std::string_view(text).substr(cut), static_cast<std::uint32_t>(cut), out);
        n.finish(static_cast<std::uint32_t>(text.size()), out);
        QCOMPARE(out.words, whole);
    }
}

void TestTextNormaliser::offsetsPointAtTheSource()
{
    const std::string text = "x \xD0\xA1" "at";
    NormalisedText out;
    TextNormaliser n;
    n.feed(text, 100, out);
    n.finish(static_cast<std::uint32_t>(100 + text.size()), out);
    QCOMPARE(out.alnum, std::string("xcat"));
    QCOMPARE(out.alnumOffsets, (std::vector<std::uint32_t>{100, 102, 104, 105}));
    QCOMPARE(out.wordEvents.size(), std::size_t(2));
    QCOMPARE(out.wordEvents[1].start, 102u);
}

void TestTextNormaliser::invalidUtf8IsASeparator()
{
    QCOMPARE(normaliseWords("ab\xFF" "cd\xC3"), std::string(" ab cd "));
}

QTEST_GUILESS_MAIN(TestTextNormaliser)
#include "tst_scan_textnormaliser.moc"
