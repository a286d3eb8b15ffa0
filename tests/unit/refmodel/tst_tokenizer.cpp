#include "refmodel/Tokenizer.h"

#include <QtTest>

#include <string>

using namespace bulkhead::refmodel;

class TestTokenizer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pieces_data();
    void pieces();
    void longWordsSplitOnCharacterBoundaries();
    void idsFollowText();
};

void TestTokenizer::pieces_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("pieces");
    QTest::newRow("empty") << QByteArray() << QStringList{};
    QTest::newRow("blank") << QByteArray("  \n\t") << QStringList{};
    QTest::newRow("words") << QByteArray("Hello world") << QStringList{"Hello", " world"};
    QTest::newRow("punctuation alone") << QByteArray("Hi, you!") << QStringList{"Hi", ",", " you", "!"};
    QTest::newRow("leading and trailing space") << QByteArray("  a b \n")
                                                << QStringList{"  a", " b \n"};
    QTest::newRow("digits and underscore") << QByteArray("x_1 = 42;")
                                           << QStringList{"x_1", " =", " 42", ";"};
    QTest::newRow("role marker") << QByteArray("<|user|>\nhi")
                                 << QStringList{"<", "|", "user", "|", ">", "\nhi"};
    QTest::newRow("UTF-8 word") << QByteArray("caf\xC3\xA9 ok")
                                << QStringList{QStringLiteral("caf\u00e9"), " ok"};
}

void TestTokenizer::pieces()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, pieces);
    const std::string input = text.toStdString();
    const auto got = Tokenizer::pieces(input);
    QStringList rendered;
    std::string joined;
    for (const auto piece : got) {
        rendered << QString::fromUtf8(piece.data(), qsizetype(piece.size()));
        joined += piece;
    }
    QCOMPARE(rendered, pieces);
    QCOMPARE(Tokenizer::count(input), std::size_t(pieces.size()));
    if (!pieces.isEmpty())
        QCOMPARE(QByteArray::fromStdString(joined), text);  // lossless
}

void TestTokenizer::longWordsSplitOnCharacterBoundaries()
{
    const std::string word(30, 'a');
    const auto pieces = Tokenizer::pieces(word);
    QCOMPARE(pieces.size(), std::size_t(3));  // 12 + 12 + 6
    for (const auto piece : pieces)
        QVERIFY(piece.size() <= Tokenizer::kMaxTokenBytes);

    // Eleven ASCII letters then 'é' (two bytes): the cut must not fall inside the 'é'.
    const std::string accented = std::string(11, 'b') + "\xC3\xA9" + "cc";
    for (const auto piece : Tokenizer::pieces(accented))
        QVERIFY((static_cast<unsigned char>(piece.front()) & 0xC0) != 0x80);
}

void TestTokenizer::idsFollowText()
{
    const auto a = Tokenizer::encode("the same words");
    const auto b = Tokenizer::encode("the same words");
    const auto c = Tokenizer::encode("the other words");
    QCOMPARE(a, b);
    QCOMPARE(a.size(), std::size_t(3));
    QCOMPARE(a[0], c[0]);
    QVERIFY(a[1] != c[1]);
    QCOMPARE(a[2], c[2]);
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
