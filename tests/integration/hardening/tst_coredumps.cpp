// Core dumps are disabled in bulkheadd: a started daemon has RLIMIT_CORE 0 (soft and hard) and
// is not dumpable (PR_SET_DUMPABLE 0), so its memory (master key, tenant keys, prompts) cannot
// land in a core file or be read by another process of the same account. The kernel shows a
// non-dumpable process's /proc/<pid>/* entries as owned by root; to see that, the daemon runs
// under an unprivileged account (nobody, when the test runs as root). It is held at startup
// by a database address that accepts connections and never answers, which is enough: the
// hardening happens first thing in main(). A plain process under the same account is the
// control that shows the check can fail.
#include <QProcess>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <boost/asio/ip/tcp.hpp>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace asio = boost::asio;

namespace {

constexpr uid_t kNobody = 65534;

QString binary(const char *name)
{
    return qEnvironmentVariable("BULKHEAD_BINARY_DIR") + QLatin1Char('/') + QLatin1String(name);
}

// The build tree may sit below a folder the unprivileged account cannot enter (a checkout in a
// 0700 temporary folder): it runs a copy from a folder it may read.
QString reachableCopy(const QTemporaryDir &scratch, const char *name)
{
    const QString copy = scratch.filePath(QLatin1String(name));
    QFile::remove(copy);
    if (!QFile::copy(binary(name), copy))
        qFatal("cannot copy %s", name);
    const auto readExec = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                          QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                          QFileDevice::ExeOther;
    QFile::setPermissions(scratch.path(), readExec);
    QFile::setPermissions(copy, readExec);
    return copy;
}

struct ProcView
{
    uid_t procOwner = 0;   // owner of /proc/<pid>/environ
    std::string coreLimit; // the "Max core file size" line of /proc/<pid>/limits
    std::string command;   // /proc/<pid>/comm: which program runs (after exec)
    bool ok = false;

    // Soft and hard core limits both 0.
    bool noCores() const
    {
        const auto parts = QString::fromStdString(coreLimit).simplified().split(QLatin1Char(' '));
        return parts.size() >= 6 && parts[4] == QLatin1String("0") &&
               parts[5] == QLatin1String("0");
    }
};

ProcView inspect(qint64 pid)
{
    ProcView view;
    const std::string dir = "/proc/" + std::to_string(pid);
    struct stat info
    {
    };
    if (::stat((dir + "/environ").c_str(), &info) != 0)
        return view;
    view.procOwner = info.st_uid;
    // Through QFile: libstdc++'s file stream throws if the process exits while it reads (ESRCH).
    const auto read = [&](const char *name) {
        QFile file(QString::fromStdString(dir + name));
        return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
    };
    std::istringstream limits(read("/limits"));
    for (std::string line; std::getline(limits, line);)
        if (line.starts_with("Max core file size"))
            view.coreLimit = line;
    std::istringstream(read("/comm")) >> view.command;
    view.ok = !view.coreLimit.empty();
    return view;
}

// Starts `program` as the unprivileged account (when running as root) or as ourselves.
void startUnprivileged(QProcess &process, const QString &program, const QStringList &args)
{
    if (::geteuid() == 0) {
        process.setChildProcessModifier([] {
            if (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)
                ::_exit(97);
        });
    }
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
}

} // namespace

class TestCoreDumps final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void daemonIsNotDumpableAndHasNoCoreLimit();
};

void TestCoreDumps::daemonIsNotDumpableAndHasNoCoreLimit()
{
    const uid_t account = ::geteuid() == 0 ? kNobody : ::geteuid();
    if (account == 0)
        QSKIP("cannot tell a non-dumpable process apart while everything runs as root");

    // A "database" that accepts and never answers holds bulkheadd in its startup.
    asio::io_context io;
    asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
    const QString dsn = QStringLiteral("host=127.0.0.1 port=%1 dbname=x user=x connect_timeout=20")
                            .arg(silent.local_endpoint().port());

    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/bulkhead-coredumps-XXXXXX"));
    QVERIFY(scratch.isValid());
    QProcess daemon;
    startUnprivileged(daemon, ::geteuid() == 0 ? reachableCopy(scratch, "bulkheadd") : binary("bulkheadd"),
                      {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                       QStringLiteral("--database"), dsn, QStringLiteral("--key-provider"),
                       QStringLiteral("file"), QStringLiteral("--key-file"),
                       QStringLiteral("/nonexistent/never-reached.key")});
    QVERIFY2(daemon.waitForStarted(5000), qPrintable(daemon.errorString()));
    // Once bulkheadd runs (exec done), its first statements set both core limits to 0; the
    // soft limit alone may be 0 already, inherited from this shell.
    ProcView view;
    QTRY_VERIFY2_WITH_TIMEOUT(
        (view = inspect(daemon.processId())).ok && view.command == "bulkheadd" && view.noCores(),
        qPrintable(QString::fromStdString(view.command + ": " + view.coreLimit)), 5000);
    QVERIFY2(daemon.state() == QProcess::Running, daemon.readAll().constData());
    // Not dumpable: its /proc/<pid> entries belong to root although it runs as `account`.
    QCOMPARE(view.procOwner, uid_t(0));

    // The control: an ordinary process of the same account owns its /proc entry.
    QProcess control;
    startUnprivileged(control, QStringLiteral("sleep"), {QStringLiteral("5")});
    QVERIFY(control.waitForStarted(5000));
    ProcView controlView;
    QTRY_VERIFY_WITH_TIMEOUT(
        (controlView = inspect(control.processId())).ok && controlView.procOwner == account, 5000);

    daemon.kill();
    control.kill();
    daemon.waitForFinished(5000);
    control.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(TestCoreDumps)
#include "tst_coredumps.moc"
