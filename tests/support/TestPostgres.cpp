#include "TestPostgres.h"

#include "core/Error.h"
#include "store/Database.h"
#include "store/DatabaseLogin.h"
#include "store/LocalCluster.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <signal.h>
#include <unistd.h>

namespace bulkhead::testsupport {
namespace {

int parsePort(const char *text)
{
    int port = 0;
    const std::string_view view(text);
    const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), port);
    if (ec != std::errc() || end != view.data() + view.size() || port <= 0 || port > 65535)
        throw core::Error(core::ErrorCode::InvalidArgument,
                          "BULKHEAD_TEST_PGPORT is not a port number: " + std::string(view),
                          "BULKHEAD_TEST_PGPORT");
    return port;
}

const QString kFolderPrefix = QStringLiteral("bulkhead-pg-");
const QString kOwnerFile = QStringLiteral("owner.pid");

// A test process that crashes or is killed by a CTest timeout never runs its static destructors,
// so its server would run on forever. Each private cluster records its test process; the next
// test process stops and deletes the clusters whose owner is gone.
void reapOrphanedClusters()
{
    const QDir temp(QDir::tempPath());
    const auto folders = temp.entryInfoList({kFolderPrefix + QLatin1Char('*')},
                                            QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const auto &folder : folders) {
        QFile owner(QDir(folder.absoluteFilePath()).filePath(kOwnerFile));
        if (!owner.open(QIODevice::ReadOnly))
            continue; // not ours, or still starting up
        bool ok = false;
        const long pid = owner.readAll().trimmed().toLong(&ok);
        owner.close();
        if (!ok || pid <= 0 || kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)
            continue;
        try {
            store::LocalClusterOptions options;
            options.directory = folder.absoluteFilePath().toStdString();
            store::LocalCluster(options).stop();
            QDir(folder.absoluteFilePath()).removeRecursively();
        } catch (const std::exception &) {
            // Another process may be reaping the same folder; it is not this test's concern.
        }
    }
}

} // namespace

TestPostgres &TestPostgres::instance()
{
    static TestPostgres server;
    return server;
}

TestPostgres::TestPostgres()
{
    const char *host = std::getenv("BULKHEAD_TEST_PGHOST");
    const char *port = std::getenv("BULKHEAD_TEST_PGPORT");
    if (host && *host && port && *port) {
        m_host = host;
        m_port = parsePort(port);
        // A server started by an older bulkheadctl may not have the daemon's login yet.
        store::ensureRuntimeLogin(*store::openConnection(dsn("postgres")), store::LocalCluster::kRuntimeLogin);
        return;
    }
    // Directly under the temporary folder (not in a subfolder): QTemporaryDir creates it 0700,
    // and as root LocalCluster hands the (empty) folder itself to the server account. A
    // subfolder would sit behind a 0700 root-owned parent the server cannot pass.
    reapOrphanedClusters();
    m_folder = std::make_unique<QTemporaryDir>(QDir::tempPath() + QLatin1Char('/') + kFolderPrefix +
                                               QStringLiteral("XXXXXX"));
    if (!m_folder->isValid())
        throw core::Error(core::ErrorCode::Unavailable,
                          "cannot create a temporary folder for the test cluster: " +
                              m_folder->errorString().toStdString());
    store::LocalClusterOptions options;
    options.directory = m_folder->path().toStdString();
    m_cluster = std::make_unique<store::LocalCluster>(options);
    m_cluster->start();
    // Written after start(): as root, start() only adopts an empty folder.
    QFile owner(m_folder->filePath(kOwnerFile));
    if (owner.open(QIODevice::WriteOnly))
        owner.write(QByteArray::number(static_cast<qint64>(getpid())));
    m_host = m_cluster->socketDirectory().string();
    m_port = m_cluster->port();
}

TestPostgres::~TestPostgres()
{
    if (!m_cluster)
        return;
    try {
        m_cluster->stop();
    } catch (const std::exception &) {
        // Exit path: nothing left to report to. The folder goes anyway; a server that did not
        // stop loses its socket folder and data and shuts itself down.
    }
}

std::string TestPostgres::dsn(std::string_view database, std::string_view login) const
{
    return "host=" + store::conninfoValue(m_host) + " port=" + std::to_string(m_port) +
           " dbname=" + store::conninfoValue(database) + " user=" + store::conninfoValue(login);
}

} // namespace bulkhead::testsupport
