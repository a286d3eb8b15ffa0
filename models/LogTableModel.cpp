#include "models/LogTableModel.h"

#include "models/AdminClient.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace bulkhead::models {

namespace {

// Route, model and reason sets repeat across rows; beyond this many distinct values
// interning stops paying for itself.
constexpr qsizetype kMaxInterned = 10000;

QString logsPath()
{
    return QStringLiteral("/admin/v1/logs");
}

} // namespace

QString LogTableModel::displayTime(qint64 atUs)
{
    // The user's date order, and milliseconds: records of one second must stay apart.
    const QLocale locale;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atUs / 1000, Qt::UTC);
    return locale.toString(at.date(), QLocale::ShortFormat) + QLatin1Char(' ') +
           locale.toString(at.time(), QStringLiteral("HH:mm:ss.zzz"));
}

LogTableModel::LogTableModel(QObject *parent) : QAbstractTableModel(parent) {}

QString LogTableModel::intern(const QString &text)
{
    if (text.isEmpty())
        return {};
    const auto it = m_strings.constFind(text);
    if (it != m_strings.constEnd())
        return *it;
    if (m_strings.size() < kMaxInterned)
        m_strings.insert(text);
    return text;
}

LogTableModel::Record LogTableModel::recordFromJson(const QJsonObject &o)
{
    Record r;
    r.seq = o.value(QLatin1StringView("seq")).toInteger();
    r.atUs = o.value(QLatin1StringView("at_us")).toInteger();
    r.route = o.value(QLatin1StringView("route")).toString();
    r.model = o.value(QLatin1StringView("model")).toString();
    QStringList reasons;
    for (const QJsonValue &v : o.value(QLatin1StringView("reasons")).toArray())
        reasons << v.toString();
    r.reasons = reasons.join(QLatin1StringView(", "));
    r.requestId = o.value(QLatin1StringView("request_id")).toString().toLatin1();
    r.promptTokens = qint32(o.value(QLatin1StringView("prompt_tokens")).toInteger());
    r.completionTokens = qint32(o.value(QLatin1StringView("completion_tokens")).toInteger());
    r.latencyMs = qint32(o.value(QLatin1StringView("latency_ms")).toInteger());
    r.blocked = o.value(QLatin1StringView("decision")).toString() == QLatin1StringView("blocked");
    return r;
}

QUrlQuery LogTableModel::pageQuery(const QString &tenant, const LogFilter &filter, qint64 after,
                                   int limit)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("tenant"), tenant);
    if (after >= 0)
        query.addQueryItem(QStringLiteral("after"), QString::number(after));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (filter.fromUs)
        query.addQueryItem(QStringLiteral("from"), QString::number(*filter.fromUs));
    if (filter.untilUs)
        query.addQueryItem(QStringLiteral("until"), QString::number(*filter.untilUs));
    if (!filter.route.isEmpty())
        query.addQueryItem(QStringLiteral("route"), filter.route);
    if (!filter.decision.isEmpty())
        query.addQueryItem(QStringLiteral("decision"), filter.decision);
    return query;
}

void LogTableModel::setTenant(const QString &tenant)
{
    setScope(tenant, m_filter);
}

void LogTableModel::setFilter(const LogFilter &filter)
{
    setScope(m_tenant, filter);
}

void LogTableModel::setScope(const QString &tenant, const LogFilter &filter)
{
    m_tenant = tenant;
    m_filter = filter;
    resetAndFetch();
}

void LogTableModel::reload()
{
    resetAndFetch();
}

void LogTableModel::resetAndFetch()
{
    beginResetModel();
    ++m_generation;  // a page still on its way belongs to the old scope
    m_records.clear();
    m_records.squeeze();
    m_strings.clear();
    m_raw.clear();
    m_nextAfter = -1;
    m_atEnd = false;
    m_failedError = AdminError::None;
    // Cleared inside the reset: a view (or the model tester) that asks for page 1 while
    // handling modelReset starts the one request, and the fetch below then sees it in flight.
    // Cleared after the reset, that request was forgotten and page 1 asked for twice (two
    // refusals, or the same rows appended twice).
    const bool wasFetching = m_inFlight;
    m_inFlight = false;
    endResetModel();
    if (wasFetching && !m_inFlight)
        Q_EMIT fetchingChanged(false);
    if (m_client && canFetchMore({}))
        fetchMore({});
}

void LogTableModel::setInFlight(bool inFlight)
{
    if (m_inFlight == inFlight)
        return;
    m_inFlight = inFlight;
    Q_EMIT fetchingChanged(inFlight);
}

void LogTableModel::failPaging(AdminError error)
{
    // Marked failed before fetchingChanged: a view reacting to it must not ask again.
    m_failedError = error;
    setInFlight(false);
    Q_EMIT failed(error);
}

void LogTableModel::appendPage(const QJsonObject &reply)
{
    const QJsonArray records = reply.value(QLatin1StringView("records")).toArray();
    const QJsonValue next = reply.value(QLatin1StringView("next_after"));
    if (next.isDouble()) {
        m_nextAfter = next.toInteger();
    } else {
        m_atEnd = true;
        if (!records.isEmpty())  // the cursor stays usable for a later reload
            m_nextAfter = records.last().toObject().value(QLatin1StringView("seq")).toInteger();
    }
    if (records.isEmpty())
        return;

    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(records.size()) - 1);
    for (const QJsonValue &v : records) {
        const QJsonObject object = v.toObject();
        Record r = recordFromJson(object);
        r.route = intern(r.route);
        r.model = intern(r.model);
        r.reasons = intern(r.reasons);
        // Only the latest page stays whole (the likely selection); older ones are read again.
        m_raw.insert(r.seq, new QJsonObject(object));
        m_records.push_back(std::move(r));
    }
    endInsertRows();
}

const LogTableModel::Record *LogTableModel::record(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records[row] : nullptr;
}

std::optional<QJsonObject> LogTableModel::cachedRecord(qint64 seq) const
{
    if (const QJsonObject *object = m_raw.object(seq))
        return *object;
    return std::nullopt;
}

bool LogTableModel::requestRecord(int row)
{
    const Record *r = record(row);
    if (!r)
        return false;
    const qint64 seq = r->seq;
    if (const auto cached = cachedRecord(seq)) {
        Q_EMIT recordReady(seq, *cached);
        return true;
    }
    if (!m_client)
        return false;
    // Keyset by sequence: the one record right after seq - 1, with no other filter.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("tenant"), m_tenant);
    if (seq > 0)
        query.addQueryItem(QStringLiteral("after"), QString::number(seq - 1));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    const quint64 generation = m_generation;
    m_client->get(logsPath(), query, this, [this, seq, generation](const AdminResult &result) {
        if (generation != m_generation)
            return;
        if (!result.ok()) {
            Q_EMIT failed(result.error);
            return;
        }
        const QJsonArray records = result.body.value(QLatin1StringView("records")).toArray();
        if (records.isEmpty())
            return;
        const QJsonObject object = records.first().toObject();
        if (object.value(QLatin1StringView("seq")).toInteger() != seq)
            return;  // pruned meanwhile
        m_raw.insert(seq, new QJsonObject(object));
        Q_EMIT recordReady(seq, object);
    });
    return false;
}

bool LogTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_tenant.isEmpty() && !m_atEnd && !m_inFlight && !hasFailed();
}

void LogTableModel::fetchMore(const QModelIndex &parent)
{
    // One page at a time: the view asks again while scrolling, and a second request with the
    // same cursor would append the same rows twice.
    if (!canFetchMore(parent) || !m_client)
        return;
    setInFlight(true);
    const quint64 generation = m_generation;
    m_client->get(logsPath(), pageQuery(m_tenant, m_filter, m_nextAfter), this,
                  [this, generation](const AdminResult &result) {
                      if (generation != m_generation)
                          return;
                      if (!result.ok())
                          return failPaging(result.error);
                      if (!result.body.value(QLatin1StringView("records")).isArray())
                          return failPaging(AdminError::BadResponse);
                      setInFlight(false);
                      appendPage(result.body);
                  });
}

int LogTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int LogTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Record &r = m_records[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case SeqColumn: return r.seq;
        case TimeColumn:
            if (role == Qt::EditRole)
                return r.atUs;
            // Formatted here rather than stored: only visible rows pay for it.
            return displayTime(r.atUs);
        case RouteColumn: return r.route;
        case ModelColumn: return r.model;
        case DecisionColumn:
            if (role == Qt::EditRole)
                return r.blocked;
            return r.blocked ? tr("Blocked", "log table: the request was blocked")
                             : tr("Allowed", "log table: the request was allowed");
        case ReasonsColumn: return r.reasons;
        case TokensColumn:
            if (role == Qt::EditRole)
                return qint64(r.promptTokens) + r.completionTokens;
            return QLocale().toString(qint64(r.promptTokens) + r.completionTokens);
        case LatencyColumn:
            if (role == Qt::EditRole)
                return r.latencyMs;
            return tr("%1 ms", "log table: latency in milliseconds").arg(QLocale().toString(r.latencyMs));
        case RequestIdColumn: return QString::fromLatin1(r.requestId);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == TokensColumn)
            return tr("%1 prompt tokens and %2 completion tokens.",
                      "log table tooltip: prompt tokens, completion tokens")
                .arg(QLocale().toString(r.promptTokens), QLocale().toString(r.completionTokens));
        return {};
    case Qt::ForegroundRole:
        return r.blocked && index.column() == DecisionColumn
            ? QVariant(QBrush(QColor(0x72, 0x1c, 0x24))) : QVariant();
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case SeqColumn:
        case TokensColumn:
        case LatencyColumn: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    case SeqRole: return r.seq;
    case BlockedRole: return r.blocked;
    case RecordedAtRole: return r.atUs;
    default: return {};
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn: return tr("Sequence", "log table header");
    case TimeColumn: return tr("Time (UTC)", "log table header");
    case RouteColumn: return tr("Route", "log table header");
    case ModelColumn: return tr("Model", "log table header");
    case DecisionColumn: return tr("Decision", "log table header");
    case ReasonsColumn: return tr("Reasons", "log table header");
    case TokensColumn: return tr("Tokens", "log table header");
    case LatencyColumn: return tr("Latency", "log table header");
    case RequestIdColumn: return tr("Request ID", "log table header");
    default: return {};
    }
}

} // namespace bulkhead::models
