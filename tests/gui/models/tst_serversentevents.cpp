#include "models/ServerSentEvents.h"

#include <QtTest>

using bulkhead::models::ServerSentEvent;
using bulkhead::models::ServerSentEvents;

Q_DECLARE_METATYPE(QVector<ServerSentEvent>)

namespace {

ServerSentEvent ev(const QString &event, const QString &data, const QString &id = {})
{
    return ServerSentEvent{event, data, id};
}

QVector<ServerSentEvent> feedAll(ServerSentEvents &parser, const QList<QByteArray> &chunks)
{
    QVector<ServerSentEvent> out;
    for (const QByteArray &chunk : chunks)
        out += parser.feed(chunk);
    return out;
}

} // namespace

namespace QTest {
template <>
char *toString(const ServerSentEvent &e)
{
    return qstrdup(QStringLiteral("{event=%1 data=%2 id=%3}").arg(e.event, e.data, e.id).toUtf8().constData());
}
} // namespace QTest

class ServerSentEventsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesWholeStream_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QVector<ServerSentEvent>>("expected");

        QTest::newRow("one event") << QByteArray("event: result\ndata: {\"a\":1}\n\n")
                                   << QVector<ServerSentEvent>{ev("result", "{\"a\":1}")};
        QTest::newRow("default event name") << QByteArray("data: x\n\n")
                                            << QVector<ServerSentEvent>{ev("message", "x")};
        QTest::newRow("crlf") << QByteArray("event: done\r\ndata: {}\r\n\r\n")
                              << QVector<ServerSentEvent>{ev("done", "{}")};
        QTest::newRow("bare cr") << QByteArray("event: done\rdata: {}\r\r")
                                 << QVector<ServerSentEvent>{ev("done", "{}")};
        QTest::newRow("multi-line data") << QByteArray("data: a\ndata:b\ndata:  c\n\n")
                                         << QVector<ServerSentEvent>{ev("message", "a\nb\n c")};
        QTest::newRow("comments skipped") << QByteArray(": keep-alive\nevent: progress\n:x\ndata: 1\n\n")
                                          << QVector<ServerSentEvent>{ev("progress", "1")};
        QTest::newRow("no data, no event") << QByteArray("event: result\n\n: ping\n\n")
                                           << QVector<ServerSentEvent>{};
        QTest::newRow("unterminated event is held") << QByteArray("event: result\ndata: 1\n")
                                                    << QVector<ServerSentEvent>{};
        QTest::newRow("event name does not leak") << QByteArray("event: result\ndata: 1\n\ndata: 2\n\n")
                                                  << QVector<ServerSentEvent>{ev("result", "1"), ev("message", "2")};
        QTest::newRow("id persists") << QByteArray("id: 7\ndata: a\n\ndata: b\n\n")
                                     << QVector<ServerSentEvent>{ev("message", "a", "7"), ev("message", "b", "7")};
        QTest::newRow("field without colon") << QByteArray("data\ndata\n\n")
                                             << QVector<ServerSentEvent>{ev("message", "\n")};
        QTest::newRow("bom stripped") << QByteArray("\xEF\xBB\xBF" "data: x\n\n")
                                      << QVector<ServerSentEvent>{ev("message", "x")};
        QTest::newRow("utf-8") << QByteArray("data: Gr\xC3\xBC\xC3\x9F" "e\n\n")
                               << QVector<ServerSentEvent>{ev("message", QStringLiteral("Gr\u00fc\u00dfe"))};
        QTest::newRow("probe stream")
            << QByteArray("event: result\ndata: {\"attacker\":\"b\"}\n\n"
                          "event: progress\r\ndata: {\"done\":3,\"total\":9}\r\n\r\n"
                          "event: done\ndata: {\"status\":\"passed\"}\n\n")
            << QVector<ServerSentEvent>{ev("result", "{\"attacker\":\"b\"}"),
                                        ev("progress", "{\"done\":3,\"total\":9}"),
                                        ev("done", "{\"status\":\"passed\"}")};
    }

    // The same streams, cut into two at every byte and into single bytes: the result never
    // depends on where the network split them.
    void parsesWholeStream()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QVector<ServerSentEvent>, expected);

        ServerSentEvents whole;
        QCOMPARE(whole.feed(stream), expected);

        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            ServerSentEvents parser;
            const auto got = feedAll(parser, {stream.left(cut), stream.mid(cut)});
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("split at %1 differs").arg(cut)));
        }

        ServerSentEvents bytewise;
        QList<QByteArray> bytes;
        for (char c : stream)
            bytes << QByteArray(1, c);
        QCOMPARE(feedAll(bytewise, bytes), expected);
    }

    void splitPoints_data()
    {
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<int>("eventsAfterFirst");
        QTest::addColumn<QVector<ServerSentEvent>>("expected");

        QTest::newRow("inside field name") << QList<QByteArray>{"eve", "nt: result\ndata: 1\n\n"} << 0
                                           << QVector<ServerSentEvent>{ev("result", "1")};
        QTest::newRow("between cr and lf") << QList<QByteArray>{"data: 1\r", "\n\r", "\n"} << 0
                                           << QVector<ServerSentEvent>{ev("message", "1")};
        // A CR at the end of a chunk ends the line: a lone CR then CR dispatches at once.
        QTest::newRow("cr cr across chunks") << QList<QByteArray>{"data: 1\r\r", "data: 2\r\n\r\n"} << 1
                                             << QVector<ServerSentEvent>{ev("message", "1"), ev("message", "2")};
        QTest::newRow("inside utf-8 sequence") << QList<QByteArray>{"data: \xC3", "\xBC\n\n"} << 0
                                               << QVector<ServerSentEvent>{ev("message", QStringLiteral("\u00fc"))};
        QTest::newRow("blank line in next chunk") << QList<QByteArray>{"data: 1\n", "\n"} << 0
                                                  << QVector<ServerSentEvent>{ev("message", "1")};
        QTest::newRow("empty chunks") << QList<QByteArray>{"", "data: 1\n", "", "\n", ""} << 0
                                      << QVector<ServerSentEvent>{ev("message", "1")};
    }

    void splitPoints()
    {
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(int, eventsAfterFirst);
        QFETCH(QVector<ServerSentEvent>, expected);
        ServerSentEvents parser;
        QCOMPARE(parser.feed(chunks.first()).size(), eventsAfterFirst);
        ServerSentEvents again;
        QCOMPARE(feedAll(again, chunks), expected);
    }

    void resetForgetsPartialEvent()
    {
        ServerSentEvents parser;
        QVERIFY(parser.feed("event: result\ndata: half").isEmpty());
        parser.reset();
        QCOMPARE(parser.feed("data: whole\n\n"), (QVector<ServerSentEvent>{ev("message", "whole")}));
    }
};

QTEST_GUILESS_MAIN(ServerSentEventsTest)
#include "tst_serversentevents.moc"
