// LocalCluster against the real PostgreSQL 15 binaries: lifecycle, reuse, the vector extension,
// the login rules, and that the server never runs as root. Runs as root (as CI does) and as a
// normal user; the root-only cases skip otherwise.
#include "core/Error.h"
#include "store/Database.h"
#include "store/LocalCluster.h"
#include "support/CaptureError.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <fstream>
#include <netinet/in.h>
#include <pqxx/pqxx>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using bulkhead::core::Error;
using bulkhead::core::ErrorCode;
using bulkhead::store::LocalCluster;
using bulkhead::store::LocalClusterOptions;
using bulkhead::testsupport::captureError;

namespace {

// Empty when the file cannot be read. A process may exit between listing /proc and reading its
// files, and libstdc++'s file stream throws on that read error (ESRCH) whatever its exception
// mask, so /proc is read through QFile.
std::string readFile(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

// The real uid of a process, from /proc/<pid>/status ("Uid: real effective saved fs").
long processUid(long pid)
{
    std::istringstream in(readFile("/proc/" + std::to_string(pid) + "/status"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("Uid:"))
            return std::stol(line.substr(4));
    }
    return -1;
}

// Children of this process that exited and were never reaped.
int zombieChildren()
{
    int zombies = 0;
    const QDir proc(QStringLiteral("/proc"));
    for (const auto &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        entry.toLong(&numeric);
        if (!numeric)
            continue;
        const std::string stat = readFile("/proc/" + entry.toStdString() + "/stat");
        const auto close = stat.rfind(')');
        if (close == std::string::npos || close + 4 > stat.size())
            continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = 0;
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == getpid() && state == 'Z')
            ++zombies;
    }
    return zombies;
}

std::string extensionVersion(const std::string &dsn)
{
    auto connection = bulkhead::store::openConnection(dsn);
    pqxx::read_transaction tx(*connection);
    const auto rows = tx.exec("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    return rows.empty() ? std::string() : rows[0][0].as<std::string>();
}

std::optional<uid_t> uidOf(const char *account)
{
    const passwd *entry = getpwnam(account);
    return entry ? std::optional<uid_t>(entry->pw_uid) : std::nullopt;
}

// The account LocalCluster picks by default when run as root.
uid_t expectedServerUid()
{
    if (geteuid() != 0)
        return geteuid();
    if (const auto uid = uidOf("postgres"))
        return *uid;
    return *uidOf("nobody");
}

LocalClusterOptions optionsFor(const QTemporaryDir &dir)
{
    LocalClusterOptions options;
    // The temporary folder itself, not a subfolder: see TestPostgres.cpp.
    options.directory = dir.path().toStdString();
    return options;
}

} // namespace

class TestLocalCluster final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void startsWithVectorAndDefaultDatabase();
    void socketFolderIsPrivateAndDsnNamesIt();
    void serverDoesNotRunAsRoot();
    void tcpLoginNeedsAPassword();
    void secondObjectReusesRunningServer();
    void stopRestartKeepsDataAndPort();
    void movesToAFreePortWhenTheRecordedOneIsTaken();
    void failedStartQuotesTheServerLog();
    void leavesNoZombies();
    void rejectsBadOptions_data();
    void rejectsBadOptions();
    void refusesAFolderTheServerAccountCannotReach();
    void runsAsAConfiguredAccount();

private:
    QTemporaryDir m_sharedDir{QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX")};
    std::unique_ptr<LocalCluster> m_shared;
};

void TestLocalCluster::initTestCase()
{
    QVERIFY(m_sharedDir.isValid());
    m_shared = std::make_unique<LocalCluster>(optionsFor(m_sharedDir));
    QVERIFY(!m_shared->isInitialised());
    QVERIFY(!m_shared->isRunning());
    QCOMPARE(m_shared->port(), 0);
    try {
        m_shared->start();
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
}

void TestLocalCluster::cleanupTestCase()
{
    if (m_shared)
        m_shared->stop();
}

void TestLocalCluster::startsWithVectorAndDefaultDatabase()
{
    QVERIFY(m_shared->isInitialised());
    QVERIFY(m_shared->isRunning());
    QVERIFY(m_shared->port() > 0);
    QVERIFY(m_shared->serverPid().has_value());
    QVERIFY(!extensionVersion(m_shared->connectionString()).empty());
    QVERIFY(!extensionVersion(m_shared->connectionString("template1")).empty());

    auto connection = bulkhead::store::openConnection(m_shared->connectionString());
    {
        pqxx::read_transaction tx(*connection);
        const auto row =
            tx.exec1("SELECT current_database(), current_user, "
                     "pg_encoding_to_char(encoding), usesuper FROM pg_database, pg_user "
                     "WHERE datname = current_database() AND usename = current_user");
        QCOMPARE(row[0].as<std::string>(), std::string("bulkhead"));
        QCOMPARE(row[1].as<std::string>(), std::string("bulkhead"));
        QCOMPARE(row[2].as<std::string>(), std::string("UTF8"));
        QVERIFY(row[3].as<bool>());
    }
    // A database created later from template1 has the extension without a CREATE EXTENSION.
    pqxx::nontransaction admin(*connection);
    admin.exec0("CREATE DATABASE later TEMPLATE template1");
    QVERIFY(!extensionVersion(m_shared->connectionString("later")).empty());
}

void TestLocalCluster::socketFolderIsPrivateAndDsnNamesIt()
{
    struct stat info = {};
    QCOMPARE(stat(m_shared->socketDirectory().c_str(), &info), 0);
    QCOMPARE(info.st_mode & 07777, 0700u);
    QCOMPARE(info.st_uid, expectedServerUid());
    QCOMPARE(m_shared->socketDirectory(), m_shared->directory() / "socket");
    const std::string expected = "host=" + m_shared->socketDirectory().string() +
                                 " port=" + std::to_string(m_shared->port()) +
                                 " dbname=bulkhead user=bulkhead";
    QCOMPARE(m_shared->connectionString(), expected);
}

void TestLocalCluster::serverDoesNotRunAsRoot()
{
    const auto pid = m_shared->serverPid();
    QVERIFY(pid.has_value());
    const long uid = processUid(*pid);
    QVERIFY(uid > 0);
    QCOMPARE(uid, static_cast<long>(expectedServerUid()));

    // The data folder the server reports belongs to the same unprivileged account.
    auto connection = bulkhead::store::openConnection(m_shared->connectionString());
    pqxx::read_transaction tx(*connection);
    const auto dataDirectory =
        tx.exec1("SELECT current_setting('data_directory')")[0].as<std::string>();
    QCOMPARE(dataDirectory, m_shared->dataDirectory().string());
    struct stat info = {};
    QCOMPARE(stat((dataDirectory + "/postmaster.pid").c_str(), &info), 0);
    QCOMPARE(info.st_uid, expectedServerUid());
    QVERIFY(info.st_uid != 0);
}

void TestLocalCluster::tcpLoginNeedsAPassword()
{
    // Listens on 127.0.0.1 only, with scram-sha-256; the superuser has no password, so no
    // TCP login works at all.
    const std::string tcp = "host=127.0.0.1 port=" + std::to_string(m_shared->port()) +
                            " dbname=bulkhead user=bulkhead";
    const auto error = captureError([&] { bulkhead::store::openConnection(tcp); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    QVERIFY2(std::string(error->what()).find("password") != std::string::npos, error->what());

    auto connection = bulkhead::store::openConnection(m_shared->connectionString());
    pqxx::read_transaction tx(*connection);
    QCOMPARE(tx.exec1("SELECT current_setting('listen_addresses')")[0].as<std::string>(),
             std::string("127.0.0.1"));
}

void TestLocalCluster::secondObjectReusesRunningServer()
{
    LocalCluster again(optionsFor(m_sharedDir));
    QVERIFY(again.isRunning());
    QCOMPARE(again.port(), m_shared->port());
    const auto pid = again.serverPid();
    again.start(); // already running: adopts it, starts nothing new
    QCOMPARE(again.serverPid(), pid);
    QCOMPARE(again.connectionString(), m_shared->connectionString());
}

void TestLocalCluster::stopRestartKeepsDataAndPort()
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalCluster cluster(optionsFor(dir));
    cluster.start();
    const int port = cluster.port();
    {
        auto connection = bulkhead::store::openConnection(cluster.connectionString());
        pqxx::work tx(*connection);
        tx.exec0("CREATE TABLE kept (n integer)");
        tx.exec0("INSERT INTO kept VALUES (42)");
        tx.commit();
    }
    cluster.stop();
    QVERIFY(!cluster.isRunning());
    QVERIFY(cluster.isInitialised());
    QVERIFY(!cluster.serverPid().has_value());
    QCOMPARE(cluster.port(), port); // recorded
    cluster.stop();                 // stopping a stopped cluster is a no-op

    LocalCluster reopened(optionsFor(dir));
    reopened.start();
    QVERIFY(reopened.isRunning());
    QCOMPARE(reopened.port(), port);
    auto connection = bulkhead::store::openConnection(reopened.connectionString());
    pqxx::read_transaction tx(*connection);
    QCOMPARE(tx.exec1("SELECT n FROM kept")[0].as<int>(), 42);
    reopened.stop();
}

void TestLocalCluster::movesToAFreePortWhenTheRecordedOneIsTaken()
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalCluster cluster(optionsFor(dir));
    cluster.start();
    const int port = cluster.port();
    cluster.stop();

    const int blocker = socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(blocker >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    QCOMPARE(bind(blocker, reinterpret_cast<const sockaddr *>(&address), sizeof(address)), 0);
    QCOMPARE(listen(blocker, 1), 0);

    cluster.start();
    close(blocker);
    QVERIFY(cluster.port() != port);
    QVERIFY(!extensionVersion(cluster.connectionString()).empty());
    cluster.stop();
}

void TestLocalCluster::failedStartQuotesTheServerLog()
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalCluster cluster(optionsFor(dir));
    cluster.start();
    cluster.stop();
    const auto conf = (cluster.dataDirectory() / "postgresql.conf").string();
    const std::string original = readFile(conf);
    std::ofstream(conf, std::ios::app) << "shared_buffers = banana\n";

    const auto error = captureError([&] { cluster.start(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    const std::string message = error->what();
    QVERIFY2(message.find("did not start") != std::string::npos, error->what());
    QVERIFY2(message.find("shared_buffers") != std::string::npos, error->what()); // the log tail
    QVERIFY(!cluster.isRunning());

    std::ofstream(conf, std::ios::trunc) << original;
    cluster.start(); // recovers once the configuration is fixed
    QVERIFY(cluster.isRunning());
    cluster.stop();
}

void TestLocalCluster::leavesNoZombies()
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalCluster cluster(optionsFor(dir));
    cluster.start();
    QCOMPARE(zombieChildren(), 0);
    cluster.stop();
    QCOMPARE(zombieChildren(), 0);
}

void TestLocalCluster::rejectsBadOptions_data()
{
    QTest::addColumn<QString>("directory"); // relative to a fresh temporary folder
    QTest::addColumn<QString>("binDirectory");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("field");
    const QString longName(90, QLatin1Char('x'));
    // clang-format off
    QTest::newRow("no server binaries")         << "" << "/nonexistent/bin" << "bulkhead" << "bin_dir";
    QTest::newRow("database name with a quote") << "" << ""                 << "a\"b"     << "database";
    QTest::newRow("upper-case database name")   << "" << ""                 << "Bulkhead" << "database";
    QTest::newRow("shell character in folder")  << "a$b" << ""              << "bulkhead" << "dir";
    QTest::newRow("socket path too long")       << longName << ""           << "bulkhead" << "dir";
    // clang-format on
}

void TestLocalCluster::rejectsBadOptions()
{
    QFETCH(QString, directory);
    QFETCH(QString, binDirectory);
    QFETCH(QString, database);
    QFETCH(QString, field);
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalClusterOptions options = optionsFor(dir);
    if (!directory.isEmpty())
        options.directory /= directory.toStdString();
    options.binDirectory = binDirectory.toStdString();
    options.database = database.toStdString();
    const auto error = captureError([&] { LocalCluster(options).start(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    QCOMPARE(QString::fromStdString(error->field()), field);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("data"))));
}

void TestLocalCluster::refusesAFolderTheServerAccountCannotReach()
{
    if (geteuid() != 0)
        QSKIP("only root switches accounts; as a normal user the server runs as the caller");
    // QTemporaryDir makes a 0700 folder owned by root: the server account cannot pass it.
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalClusterOptions options;
    options.directory = dir.filePath(QStringLiteral("cluster")).toStdString();
    const auto error = captureError([&] { LocalCluster(options).start(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    const std::string message = error->what();
    QVERIFY2(message.find(options.directory.string()) != std::string::npos, error->what());
    const std::string account = uidOf("postgres") ? "postgres" : "nobody";
    QVERIFY2(message.find("\"" + account + "\"") != std::string::npos, error->what());
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("cluster/data"))));
}

void TestLocalCluster::runsAsAConfiguredAccount()
{
    if (geteuid() != 0)
        QSKIP("only root switches accounts");
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/bulkhead-lc-XXXXXX"));
    LocalClusterOptions options = optionsFor(dir);
    options.serverAccount = "root";
    auto error = captureError([&] { LocalCluster(options).start(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::InvalidArgument);
    QCOMPARE(error->field(), std::string("run_as"));
    options.serverAccount = "no_such_account_bh";
    error = captureError([&] { LocalCluster(options).start(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), std::string("run_as"));

    options.serverAccount = "nobody";
    LocalCluster cluster(options);
    cluster.start();
    QCOMPARE(processUid(*cluster.serverPid()), static_cast<long>(*uidOf("nobody")));
    QVERIFY(!extensionVersion(cluster.connectionString()).empty());
    cluster.stop();
}

QTEST_GUILESS_MAIN(TestLocalCluster)
#include "tst_localcluster.moc"
