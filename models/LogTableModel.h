#pragma once

#include "models/AdminClient.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QCache>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrlQuery>
#include <QVector>

#include <optional>

namespace bulkhead::models {


// What GET /admin/v1/logs is asked to match besides the tenant. Times are microseconds since
// the epoch (the daemon's at_us); an empty optional means "no limit".
struct LogFilter {
    QString route;
    QString decision;  // "", "allowed" or "blocked"
    std::optional<qint64> fromUs;
    std::optional<qint64> untilUs;

    bool operator==(const LogFilter &) const = default;
};

// One tenant's audit records, read lazily with keyset paging (after = next_after). Views call
// canFetchMore/fetchMore as they scroll; pages are appended with beginInsertRows so a
// million-row log never resets under the user. A new tenant or filter is one reset, then
// page 1. Rows keep only the displayed fields; the full record is fetched on demand.
class LogTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SeqColumn,
        TimeColumn,
        RouteColumn,
        ModelColumn,
        DecisionColumn,
        ReasonsColumn,
        TokensColumn,
        LatencyColumn,
        RequestIdColumn,
        ColumnCount
    };
    enum Role {
        SeqRole = Qt::UserRole + 1,  // qint64, on every column
        BlockedRole,                 // bool
        RecordedAtRole,              // qint64 microseconds since the epoch
    };

    static constexpr int kPageSize = 500;

    // Interned strings (route, model, reasons) are shared between rows; the request id is
    // ASCII, so a byte array holds it in half the space of a QString.
    struct Record {
        qint64 seq = 0;
        qint64 atUs = 0;
        QString route;
        QString model;
        QString reasons;  // joined with ", "
        QByteArray requestId;
        qint32 promptTokens = 0;
        qint32 completionTokens = 0;
        qint32 latencyMs = 0;
        bool blocked = false;
    };

    explicit LogTableModel(QObject *parent = nullptr);

    // Without a client the model is fed only through appendPage (tests).
    void setClient(AdminClient *client) { m_client = client; }

    QString tenant() const { return m_tenant; }
    LogFilter filter() const { return m_filter; }
    // Each is one reset, then page 1 (if a client is set and a tenant chosen).
    void setTenant(const QString &tenant);
    void setFilter(const LogFilter &filter);
    void setScope(const QString &tenant, const LogFilter &filter);
    // Forgets every row and reads page 1 again.
    void reload();

    // The query of one page; `after` < 0 means the first page. The export uses it too.
    static QUrlQuery pageQuery(const QString &tenant, const LogFilter &filter, qint64 after,
                               int limit = kPageSize);

    // Applies one GET /admin/v1/logs answer: its records become rows at the end (one
    // rowsInserted), its next_after the cursor of the next page (null: this was the last).
    void appendPage(const QJsonObject &reply);

    bool isFetching() const { return m_inFlight; }
    bool atEnd() const { return m_atEnd; }
    // The last page request was refused or failed: no further page is asked for (a view calls
    // fetchMore on every layout, so retrying here would repeat the refusal) until reload() or
    // a new tenant or filter.
    bool hasFailed() const { return m_failedError != AdminError::None; }
    const Record *record(int row) const;
    static Record recordFromJson(const QJsonObject &object);
    // A record's time as shown: the locale's short date, then UTC time with milliseconds.
    static QString displayTime(qint64 atUs);

    // The full record of `row`: at once from the cache, else read from the daemon, then
    // recordReady(seq, record). Returns whether it was cached.
    bool requestRecord(int row);
    std::optional<QJsonObject> cachedRecord(qint64 seq) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void recordReady(qint64 seq, const QJsonObject &record);
    void fetchingChanged(bool fetching);
    void failed(bulkhead::models::AdminError error);

private:
    void resetAndFetch();
    void setInFlight(bool inFlight);
    void failPaging(AdminError error);
    QString intern(const QString &text);

    QPointer<AdminClient> m_client;
    QString m_tenant;
    LogFilter m_filter;
    QVector<Record> m_records;
    QSet<QString> m_strings;
    // The last page's raw records and those read for the detail pane; bounded.
    QCache<qint64, QJsonObject> m_raw{2 * kPageSize};
    qint64 m_nextAfter = -1;   // -1: page 1 not read yet
    bool m_atEnd = false;
    bool m_inFlight = false;
    AdminError m_failedError = AdminError::None;
    quint64 m_generation = 0;  // replies of an older tenant/filter are ignored
};

} // namespace bulkhead::models
