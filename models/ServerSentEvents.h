#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace bulkhead::models {

// One dispatched server-sent event. `event` is "message" when the stream named none.
struct ServerSentEvent {
    QString event;
    QString data;  // the data lines joined with '\n'
    QString id;

    bool operator==(const ServerSentEvent &other) const = default;
};

// An incremental parser for text/event-stream (the WHATWG "event stream interpretation"): bytes
// arrive from the network split anywhere, even inside a CRLF or a UTF-8 sequence, so complete
// lines are only decoded once their terminator has been seen.
class ServerSentEvents final
{
public:
    // Consumes a chunk and returns the events it completed, in order.
    QVector<ServerSentEvent> feed(const QByteArray &chunk);
    // Forgets a partial line and event (a new connection).
    void reset();
    // The last "id:" seen; kept across events as the spec says.
    QString lastEventId() const { return m_lastId; }

private:
    void processLine(const QByteArray &line, QVector<ServerSentEvent> &out);

    QByteArray m_buffer;
    QString m_event;
    QString m_data;
    QString m_lastId;
    bool m_hasData = false;
    bool m_pendingCr = false;  // the previous chunk ended in CR: a following LF belongs to it
    bool m_started = false;    // a leading BOM is stripped once
};

} // namespace bulkhead::models
