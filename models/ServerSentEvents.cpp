#include "models/ServerSentEvents.h"

namespace bulkhead::models {

QVector<ServerSentEvent> ServerSentEvents::feed(const QByteArray &chunk)
{
    QVector<ServerSentEvent> out;
    qsizetype from = 0;
    if (m_pendingCr && !chunk.isEmpty()) {
        // CR ended the previous chunk and its line is already processed; an LF now is its tail.
        if (chunk.front() == '\n')
            from = 1;
        m_pendingCr = false;
    }
    m_buffer.append(chunk.constData() + from, chunk.size() - from);
    if (!m_started) {
        const QByteArray bom("\xEF\xBB\xBF");
        if (m_buffer.size() >= bom.size() || !bom.startsWith(m_buffer)) {
            if (m_buffer.startsWith(bom))
                m_buffer.remove(0, bom.size());
            m_started = true;
        }
    }
    if (!m_started)
        return out;  // up to two bytes that may still be the start of a BOM

    qsizetype start = 0;
    for (qsizetype i = 0; i < m_buffer.size(); ++i) {
        const char c = m_buffer.at(i);
        if (c != '\n' && c != '\r')
            continue;
        processLine(m_buffer.mid(start, i - start), out);
        if (c == '\r') {
            if (i + 1 < m_buffer.size()) {
                if (m_buffer.at(i + 1) == '\n')
                    ++i;
            } else {
                m_pendingCr = true;
            }
        }
        start = i + 1;
    }
    m_buffer.remove(0, start);
    return out;
}

void ServerSentEvents::reset()
{
    m_buffer.clear();
    m_event.clear();
    m_data.clear();
    m_hasData = false;
    m_pendingCr = false;
    m_started = false;
}

void ServerSentEvents::processLine(const QByteArray &line, QVector<ServerSentEvent> &out)
{
    if (line.isEmpty()) {
        // A blank line dispatches; an event without data lines is dropped (spec).
        if (m_hasData) {
            ServerSentEvent event;
            event.event = m_event.isEmpty() ? QStringLiteral("message") : m_event;
            event.data = m_data;
            event.id = m_lastId;
            out.push_back(std::move(event));
        }
        m_event.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.front() == ':')
        return;  // a comment (keep-alive)
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "event") {
        m_event = QString::fromUtf8(value);
    } else if (field == "data") {
        if (m_hasData)
            m_data += QLatin1Char('\n');
        m_data += QString::fromUtf8(value);
        m_hasData = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = QString::fromUtf8(value);
    }
    // "retry" and unknown fields are ignored: the console reconnects by polling instead.
}

} // namespace bulkhead::models
