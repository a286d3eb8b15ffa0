#include "retrieval/Chunker.h"

#include <QtTest>

using namespace bulkhead::retrieval;

class TestChunker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shortTextIsOneChunk()
    {
        const auto chunks = chunkText("  one short paragraph.  ");
        QCOMPARE(chunks.size(), std::size_t(1));
        QCOMPARE(chunks.front(), std::string("one short paragraph."));
    }
    void blankTextHasNoChunks() { QVERIFY(chunkText(" \n\t ").empty()); }
    void chunksRespectTheLimitAndCoverTheText()
    {
        std::string text;
        for (int i = 0; i < 200; ++i)
            text += "Sentence number " + std::to_string(i) + " talks about tenant isolation. ";
        const auto chunks = chunkText(text, {300, 60});
        QVERIFY(chunks.size() > 10);
        for (const auto &c : chunks)
            QVERIFY(c.size() <= 300);
        // Every sentence survives in some chunk.
        for (int i = 0; i < 200; i += 17) {
            const std::string needle = "Sentence number " + std::to_string(i) + " ";
            bool found = false;
            for (const auto &c : chunks)
                found = found || c.find(needle) != std::string::npos;
            QVERIFY2(found, needle.c_str());
        }
    }
    void neverSplitsACodePoint()
    {
        std::string text;
        for (int i = 0; i < 400; ++i)
            text += "\xc3\xa9\xe2\x82\xac";  // é€, no spaces: forced cuts
        for (const auto &c : chunkText(text, {100, 20})) {
            QVERIFY(c.size() <= 100);
            QVERIFY((static_cast<unsigned char>(c.front()) & 0xC0) != 0x80);
            const auto last = static_cast<unsigned char>(c.back());
            QVERIFY(last == 0xa9 || last == 0xac);
        }
    }
};

QTEST_APPLESS_MAIN(TestChunker)
#include "tst_chunker.moc"
