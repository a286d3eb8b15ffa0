#include "net/SseParser.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace bulkhead::net;

namespace {

// Events rendered as "event|data|id" lines, so a table row can state them in one string.
QStringList render(const std::vector<SseEvent> &events)
{
    QStringList out;
    for (const auto &event : events)
        out << QString::fromStdString(event.event + "|" + event.data + "|" + event.id);
    return out;
}

std::vector<SseEvent> drain(SseParser &parser)
{
    std::vector<SseEvent> events;
    SseEvent event;
    while (parser.next(event))
        events.push_back(event);
    return events;
}

} // namespace

class TestSseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitAnywhere_data();
    void splitAnywhere();
    void byteByByte();
    void retryField();
    void crAtChunkEndBeforeLf();
    void eventLimit();
    void incompleteEventIsHeld();
};

void TestSseParser::splitAnywhere_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("events");
    QTest::newRow("one event LF") << QByteArray("data: hello\n\n") << QStringList{"|hello|"};
    QTest::newRow("CRLF") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n")
                          << QStringList{"|a|", "|b|"};
    QTest::newRow("lone CR") << QByteArray("data: a\r\rdata: b\r\r") << QStringList{"|a|", "|b|"};
    QTest::newRow("mixed endings") << QByteArray("data: a\r\n\ndata: b\n\r\n")
                                   << QStringList{"|a|", "|b|"};
    QTest::newRow("multi-line data") << QByteArray("data: one\ndata: two\n\n")
                                     << QStringList{"|one\ntwo|"};
    QTest::newRow("event type and id")
        << QByteArray("event: delta\nid: 7\ndata: {\"x\":1}\n\n")
        << QStringList{"delta|{\"x\":1}|7"};
    QTest::newRow("id persists") << QByteArray("id: 1\ndata: a\n\ndata: b\n\n")
                                 << QStringList{"|a|1", "|b|1"};
    QTest::newRow("comments skipped") << QByteArray(": ping\n\n: keep-alive\ndata: x\n\n")
                                      << QStringList{"|x|"};
    QTest::newRow("no space after colon") << QByteArray("data:tight\n\n") << QStringList{"|tight|"};
    QTest::newRow("only one space stripped") << QByteArray("data:  two\n\n")
                                             << QStringList{"| two|"};
    QTest::newRow("empty data line") << QByteArray("data\n\n") << QStringList{"||"};
    QTest::newRow("event without data dropped") << QByteArray("event: x\n\ndata: y\n\n")
                                                << QStringList{"|y|"};
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" "data: bom\n\n") << QStringList{"|bom|"};
    QTest::newRow("OpenAI stream")
        << QByteArray("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                      "data: [DONE]\n\n")
        << QStringList{"|{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}|", "|[DONE]|"};
    QTest::newRow("unknown field ignored") << QByteArray("foo: bar\ndata: z\n\n")
                                           << QStringList{"|z|"};
    QTest::newRow("UTF-8 payload") << QByteArray("data: caf\xC3\xA9 \xE2\x82\xAC\n\n")
                                   << QStringList{QStringLiteral("|caf\u00e9 \u20ac|")};
}

// Every way of cutting the stream in two gives the same events.
void TestSseParser::splitAnywhere()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, events);
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        SseParser parser;
        std::vector<SseEvent> got;
        QVERIFY(parser.feed(std::string_view(stream.constData(), cut)));
        auto first = drain(parser);
        got.insert(got.end(), first.begin(), first.end());
        QVERIFY(parser.feed(std::string_view(stream.constData() + cut, stream.size() - cut)));
        auto second = drain(parser);
        got.insert(got.end(), second.begin(), second.end());
        // QStringList compares with UTF-8 decoding of the std::string payloads.
        QStringList rendered;
        for (const auto &event : got)
            rendered << QString::fromUtf8(event.event + "|" + event.data + "|" + event.id);
        QCOMPARE(rendered, events);
        QCOMPARE(parser.pendingBytes(), std::size_t(0));
    }
}

void TestSseParser::byteByByte()
{
    const std::string stream = "event: a\r\ndata: 1\r\n\r\ndata: 2\r\ndata: 3\r\n\r\n";
    SseParser parser;
    std::vector<SseEvent> got;
    for (const char c : stream) {
        QVERIFY(parser.feed(std::string_view(&c, 1)));
        auto events = drain(parser);
        got.insert(got.end(), events.begin(), events.end());
    }
    QCOMPARE(render(got), (QStringList{"a|1|", "|2\n3|"}));
}

void TestSseParser::retryField()
{
    SseParser parser;
    parser.feed("retry: 1500\ndata: x\n\nretry: soon\ndata: y\n\n");
    SseEvent event;
    QVERIFY(parser.next(event));
    QVERIFY(event.retryMs.has_value());
    QCOMPARE(*event.retryMs, 1500ul);
    QVERIFY(parser.next(event));
    QVERIFY(!event.retryMs.has_value());
}

// A CR that ends one chunk and the LF that starts the next are one line end, not two: a second
// (empty) line would dispatch the event too early and split it.
void TestSseParser::crAtChunkEndBeforeLf()
{
    SseParser parser;
    parser.feed("data: a\r");
    parser.feed("\ndata: b\r\n\r\n");
    QCOMPARE(render(drain(parser)), QStringList{"|a\nb|"});
}

void TestSseParser::eventLimit()
{
    SseParser parser(64);
    QVERIFY(parser.feed("data: " + std::string(40, 'x')));
    QVERIFY(!parser.feed(std::string(40, 'y')));
    QVERIFY(parser.failed());
    SseEvent event;
    QVERIFY(!parser.next(event));
    QVERIFY(!parser.feed("\n\n"));
}

void TestSseParser::incompleteEventIsHeld()
{
    SseParser parser;
    parser.feed("data: partial\n");
    SseEvent event;
    QVERIFY(!parser.next(event));
    QVERIFY(parser.pendingBytes() > 0);
    parser.feed("\n");
    QVERIFY(parser.next(event));
    QCOMPARE(QString::fromStdString(event.data), QStringLiteral("partial"));
}

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
