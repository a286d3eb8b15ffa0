// The repository edge: SQLSTATEs and libpqxx exceptions become core::Error codes, identifiers
// are validated before quote_name, conninfo values are quoted. Errors are raised by a real
// server, not simulated.
#include "core/Error.h"
#include "store/ConnectionPool.h"
#include "store/Database.h"
#include "store/StoreErrors.h"
#include "support/CaptureError.h"
#include "support/TestDatabase.h"

#include <QtTest>
#include <pqxx/pqxx>
#include <set>
#include <thread>

using bulkhead::core::Error;
using bulkhead::core::ErrorCode;
using bulkhead::testsupport::captureError;
using bulkhead::testsupport::TestDatabase;

Q_DECLARE_METATYPE(bulkhead::core::ErrorCode)

class TestStoreErrors final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sqlStateTable_data();
    void sqlStateTable();
    void serverErrors_data();
    void serverErrors();
    void keepsFirstLineOnly();
    void coreErrorsPassThrough();
    void unreachableServerIsUnavailable();
    void poolReplacesAConnectionTheServerNoLongerServes();
    void poolKeepsAConnectionThroughARefusal();
    void aNestedLeaseNeverWaits();
    void identifiers_data();
    void identifiers();
    void conninfoValues_data();
    void conninfoValues();

private:
    std::unique_ptr<TestDatabase> m_db;
};

void TestStoreErrors::init()
{
    try {
        m_db = std::make_unique<TestDatabase>();
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
}

void TestStoreErrors::cleanup()
{
    m_db.reset();
}

void TestStoreErrors::sqlStateTable_data()
{
    QTest::addColumn<QString>("sqlstate");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("unique violation") << "23505" << ErrorCode::Conflict;
    QTest::newRow("foreign key") << "23503" << ErrorCode::Conflict;
    QTest::newRow("check violation") << "23514" << ErrorCode::InvalidArgument;
    QTest::newRow("not null") << "23502" << ErrorCode::InvalidArgument;
    QTest::newRow("division by zero") << "22012" << ErrorCode::InvalidArgument;
    QTest::newRow("bad text representation") << "22P02" << ErrorCode::InvalidArgument;
    QTest::newRow("serialization failure") << "40001" << ErrorCode::Retry;
    QTest::newRow("deadlock") << "40P01" << ErrorCode::Retry;
    QTest::newRow("connection failure") << "08006" << ErrorCode::Unavailable;
    QTest::newRow("connection exception") << "08000" << ErrorCode::Unavailable;
    QTest::newRow("admin shutdown") << "57P01" << ErrorCode::Unavailable;
    QTest::newRow("too many connections") << "53300" << ErrorCode::Unavailable;
    QTest::newRow("write on a read-only standby") << "25006" << ErrorCode::Unavailable;
    QTest::newRow("syntax error") << "42601" << ErrorCode::Internal;
    QTest::newRow("undefined table") << "42P01" << ErrorCode::Internal;
    QTest::newRow("empty") << "" << ErrorCode::Internal;
    QTest::newRow("too short") << "235" << ErrorCode::Internal;
}

void TestStoreErrors::sqlStateTable()
{
    QFETCH(QString, sqlstate);
    QFETCH(ErrorCode, code);
    QCOMPARE(bulkhead::store::errorCodeForSqlState(sqlstate.toStdString()), code);
}

void TestStoreErrors::serverErrors_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("duplicate key")
        << "CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (1); "
           "INSERT INTO t VALUES (1)"
        << ErrorCode::Conflict;
    QTest::newRow("check constraint")
        << "CREATE TABLE c (n integer CHECK (n > 0)); INSERT INTO c VALUES (-1)"
        << ErrorCode::InvalidArgument;
    QTest::newRow("not null") << "CREATE TABLE n (v text NOT NULL); INSERT INTO n VALUES (NULL)"
                              << ErrorCode::InvalidArgument;
    QTest::newRow("division by zero") << "SELECT 1 / 0" << ErrorCode::InvalidArgument;
    QTest::newRow("not an integer") << "SELECT 'x'::integer" << ErrorCode::InvalidArgument;
    QTest::newRow("serialization failure")
        << "DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = 'serialization_failure'; END $$"
        << ErrorCode::Retry;
    QTest::newRow("deadlock")
        << "DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = 'deadlock_detected'; END $$"
        << ErrorCode::Retry;
    QTest::newRow("connection failure")
        << "DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = 'connection_failure'; END $$"
        << ErrorCode::Unavailable;
    QTest::newRow("write in a read-only transaction")
        << "SET TRANSACTION READ ONLY; CREATE TABLE r (n integer)" << ErrorCode::Unavailable;
    QTest::newRow("syntax error") << "SELEC 1" << ErrorCode::Internal;
    QTest::newRow("undefined table") << "SELECT * FROM no_such_table" << ErrorCode::Internal;
}

void TestStoreErrors::serverErrors()
{
    QFETCH(QString, sql);
    QFETCH(ErrorCode, code);
    auto connection = m_db->connect();
    const auto error = captureError([&] {
        bulkhead::store::translateStoreErrors("run the statement", [&] {
            pqxx::work tx(*connection);
            tx.exec(sql.toStdString());
            tx.commit();
        });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), code);
    QVERIFY2(std::string(error->what()).starts_with("run the statement: "), error->what());
}

void TestStoreErrors::keepsFirstLineOnly()
{
    // The DETAIL line quotes the row ("Key (id)=(secret) already exists"): it stays behind.
    auto connection = m_db->connect();
    const auto error = captureError([&] {
        bulkhead::store::translateStoreErrors("insert", [&] {
            pqxx::work tx(*connection);
            tx.exec("CREATE TABLE k (id text PRIMARY KEY); INSERT INTO k VALUES ('secret'); "
                    "INSERT INTO k VALUES ('secret')");
        });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Conflict);
    const std::string message = error->what();
    QVERIFY2(message.find("secret") == std::string::npos, error->what());
    QVERIFY2(message.find('\n') == std::string::npos, error->what());
}

void TestStoreErrors::coreErrorsPassThrough()
{
    const auto error = captureError([] {
        bulkhead::store::translateStoreErrors(
            "anything", []() -> int { throw Error(ErrorCode::NotFound, "gone", "id"); });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::NotFound);
    QCOMPARE(error->field(), std::string("id"));
    QCOMPARE(std::string(error->what()), std::string("gone"));
}

void TestStoreErrors::unreachableServerIsUnavailable()
{
    const auto error = captureError([] {
        bulkhead::store::openConnection(
            "host=/nonexistent/bulkhead port=1 dbname=x user=bulkhead password=hunter2");
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    QVERIFY2(std::string(error->what()).find("hunter2") == std::string::npos, error->what());
}

void TestStoreErrors::poolReplacesAConnectionTheServerNoLongerServes()
{
    bulkhead::store::ConnectionPool pool(m_db->dsn(), 2);
    // The backends of both pooled connections, leased at once.
    const auto backendPids = [&] {
        return pool.run([&](pqxx::connection &outer) {
            return pool.run([&](pqxx::connection &inner) {
                return std::set<int>{outer.backendpid(), inner.backendpid()};
            });
        });
    };
    const auto before = backendPids();
    QCOMPARE(before.size(), std::size_t(2));
    // An ordinary failure keeps the connection.
    QVERIFY(captureError([&] {
        bulkhead::store::translateStoreErrors("select", [&] {
            pool.run([](pqxx::connection &c) { pqxx::work(c).exec("SELECT 1 / 0"); });
        });
    }));
    QCOMPARE(backendPids(), before);
    // A session that can no longer write (as on a primary demoted to a standby by a
    // switchover) fails its write as Unavailable.
    const auto error = captureError([&] {
        bulkhead::store::translateStoreErrors("write", [&] {
            pool.run([](pqxx::connection &c) {
                pqxx::nontransaction(c).exec0("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                pqxx::work tx(c);
                tx.exec0("CREATE TABLE demoted (n integer)");
                tx.commit();
            });
        });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    // That connection and the idle one are both replaced, and the next lease can write.
    const auto after = backendPids();
    QCOMPARE(after.size(), std::size_t(2));
    for (const int pid : after)
        QVERIFY(!before.count(pid));
    pool.run([](pqxx::connection &c) {
        pqxx::work tx(c);
        tx.exec0("CREATE TABLE demoted (n integer)");
        tx.commit();
    });
}

void TestStoreErrors::poolKeepsAConnectionThroughARefusal()
{
    // Unavailable to callers, yet the session is sound: the pool keeps it (and, with it, its
    // prepared statements) instead of connecting again.
    bulkhead::store::ConnectionPool pool(m_db->dsn(), 1);
    const auto backendPid = [&] { return pool.run([](pqxx::connection &c) { return c.backendpid(); }); };
    const int before = backendPid();
    // A refusal of Bulkhead's own, raised inside the work (as "no synchronous standby" is).
    auto error = captureError([&] {
        pool.run([](pqxx::connection &c) {
            pqxx::work tx(c);
            tx.exec1("SELECT 1");
            throw Error(ErrorCode::Unavailable, "the database has no synchronous standby");
        });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    QCOMPARE(backendPid(), before);
    // A server short of resources (class 53) answers, so its session goes on.
    error = captureError([&] {
        bulkhead::store::translateStoreErrors("write", [&] {
            pool.run([](pqxx::connection &c) {
                pqxx::work(c).exec0("DO $$ BEGIN RAISE EXCEPTION 'disk full' USING ERRCODE = '53100'; END $$");
            });
        });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    QCOMPARE(backendPid(), before);
    // The server ending the session (an administrator's pg_terminate_backend: 57P01) is a loss.
    error = captureError([&] {
        bulkhead::store::translateStoreErrors("select", [&] {
            pool.run([](pqxx::connection &c) { pqxx::nontransaction(c).exec("SELECT pg_terminate_backend(pg_backend_pid())"); });
        });
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    QVERIFY(backendPid() != before);
}

void TestStoreErrors::aNestedLeaseNeverWaits()
{
    // A pool of one that makes every waiting caller give up at once: work that needs the pool
    // again while it holds a lease (inside a locked transaction) gets a second connection, and
    // another thread still finds the pool busy.
    bulkhead::store::ConnectionPool pool(m_db->dsn(), 1, std::chrono::milliseconds::zero());
    std::optional<Error> otherThread;
    const auto [outer, inner] = pool.run([&](pqxx::connection &c) {
        pqxx::work tx(c);
        tx.exec1("SELECT pg_advisory_xact_lock(7)");
        const int nested = pool.run([](pqxx::connection &n) { return n.backendpid(); });
        std::thread([&] { otherThread = captureError([&] { pool.run([](pqxx::connection &) {}); }); }).join();
        tx.commit();
        return std::pair(c.backendpid(), nested);
    });
    QVERIFY(inner != outer);
    QVERIFY(otherThread.has_value());
    QCOMPARE(otherThread->code(), ErrorCode::Unavailable);
    // The connection beyond the pool's size was closed when it came back.
    QCOMPARE(pool.openConnections(), std::size_t(1));
    QCOMPARE(pool.run([](pqxx::connection &c) { return c.backendpid(); }), outer);
}

void TestStoreErrors::identifiers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("quoted"); // empty: rejected
    const QString a63(63, QLatin1Char('a'));
    const QString a64(64, QLatin1Char('a'));
    // quote_name (PQescapeIdentifier) always quotes, reserved word or not.
    // clang-format off
    QTest::newRow("plain")              << "tenant_life" << "\"tenant_life\"";
    QTest::newRow("leading underscore") << "_x"          << "\"_x\"";
    QTest::newRow("reserved word")      << "select"      << "\"select\"";
    QTest::newRow("63 characters")      << a63           << QLatin1Char('"') + a63 + QLatin1Char('"');
    QTest::newRow("64 characters")      << a64           << "";
    QTest::newRow("empty")              << ""            << "";
    QTest::newRow("upper case")         << "Tenant"      << "";
    QTest::newRow("double quote")       << "a\"b"        << "";
    QTest::newRow("injection")          << "x; DROP TABLE tenants" << "";
    QTest::newRow("leading digit")      << "1abc"        << "";
    QTest::newRow("hyphen")             << "a-b"         << "";
    // clang-format on
}

void TestStoreErrors::identifiers()
{
    QFETCH(QString, name);
    QFETCH(QString, quoted);
    auto connection = m_db->connect();
    const std::string input = name.toStdString();
    QCOMPARE(bulkhead::store::isSafeIdentifier(input), !quoted.isEmpty());
    std::string got;
    const auto error = captureError(
        [&] { got = bulkhead::store::quotedIdentifier(*connection, input, "schema"); });
    if (quoted.isEmpty()) {
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QCOMPARE(error->field(), std::string("schema"));
    } else {
        QVERIFY(!error.has_value());
        QCOMPARE(QString::fromStdString(got), quoted);
    }
}

void TestStoreErrors::conninfoValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    // clang-format off
    QTest::newRow("plain path")          << "/tmp/x/socket"  << "/tmp/x/socket";
    QTest::newRow("space")               << "/tmp/a b"       << "'/tmp/a b'";
    QTest::newRow("quote and backslash") << "it's\\"        << "'it\\'s\\\\'";
    QTest::newRow("empty")               << ""               << "''";
    QTest::newRow("injected key")        << "x dbname=other" << "'x dbname=other'";
    // clang-format on
}

void TestStoreErrors::conninfoValues()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(bulkhead::store::conninfoValue(value.toStdString())), expected);
}

QTEST_GUILESS_MAIN(TestStoreErrors)
#include "tst_storeerrors.moc"
