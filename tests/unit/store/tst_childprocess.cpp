// ChildProcess: exec without a shell, output capture and logging, timeouts that reap, errors
// that name the failing step, and (as root) the switch to an unprivileged account.
#include "core/Error.h"
#include "store/ChildProcess.h"
#include "store/ServerAccount.h"
#include "support/CaptureError.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using bulkhead::core::ErrorCode;
using bulkhead::store::ChildProcessSpec;
using bulkhead::store::runChildProcess;
using bulkhead::store::ServerAccount;
using bulkhead::testsupport::captureError;

namespace {

ChildProcessSpec spec(std::string program, std::vector<std::string> arguments)
{
    ChildProcessSpec s;
    s.program = std::move(program);
    s.arguments = std::move(arguments);
    s.environment = {"PATH=/usr/bin:/bin", "LC_ALL=C"};
    s.workingDirectory = "/";
    s.timeout = std::chrono::seconds(10);
    return s;
}

// True when this process has a child that is left unreaped.
bool hasUnreapedChild()
{
    siginfo_t info{};
    return waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

} // namespace

class TestChildProcess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capturesOutputAndExitCode();
    void argumentsAreNotShellWords();
    void environmentIsExactlyTheGivenOne();
    void appendsToTheLogFile();
    void timeoutKillsAndReaps();
    void unstartableProgramNamesTheStep_data();
    void unstartableProgramNamesTheStep();
    void runsAsAnotherAccount();
};

void TestChildProcess::capturesOutputAndExitCode()
{
    auto ok = runChildProcess(spec("/bin/echo", {"hello"}));
    QVERIFY(ok.succeeded());
    QCOMPARE(ok.output, std::string("hello\n"));
    auto failed = runChildProcess(spec("/bin/sh", {"-c", "echo oops >&2; exit 3"}));
    QVERIFY(!failed.succeeded());
    QCOMPARE(failed.exitCode, 3);
    QCOMPARE(failed.output, std::string("oops\n"));
    QVERIFY(!hasUnreapedChild());
}

void TestChildProcess::argumentsAreNotShellWords()
{
    const auto result =
        runChildProcess(spec("/usr/bin/printf", {"[%s]", "a b; rm -rf /", "$HOME"}));
    QVERIFY(result.succeeded());
    QCOMPARE(result.output, std::string("[a b; rm -rf /][$HOME]"));
}

void TestChildProcess::environmentIsExactlyTheGivenOne()
{
    qputenv("PGPORT", "1"); // a caller's PG* variables must not leak into initdb or pg_ctl
    const auto result = runChildProcess(spec("/usr/bin/env", {}));
    qunsetenv("PGPORT");
    QCOMPARE(result.output, std::string("PATH=/usr/bin:/bin\nLC_ALL=C\n"));
}

void TestChildProcess::appendsToTheLogFile()
{
    QTemporaryDir dir;
    auto s = spec("/bin/sh", {"-c", "echo out; echo err >&2"});
    s.logFile = dir.filePath(QStringLiteral("run.log")).toStdString();
    QVERIFY(runChildProcess(s).succeeded());
    QVERIFY(runChildProcess(s).succeeded());
    std::ifstream in(s.logFile);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    QCOMPARE(text, std::string("out\nerr\nout\nerr\n"));
}

void TestChildProcess::timeoutKillsAndReaps()
{
    auto s = spec("/bin/sh", {"-c", "sleep 30 & sleep 30"}); // a grandchild in the group too
    s.timeout = std::chrono::milliseconds(300);
    QElapsedTimer timer;
    timer.start();
    const auto result = runChildProcess(s);
    QVERIFY(result.timedOut);
    QVERIFY(!result.succeeded());
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY(!hasUnreapedChild());
}

void TestChildProcess::unstartableProgramNamesTheStep_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("step");
    QTest::newRow("missing program") << "/nonexistent/initdb"
                                     << "/"
                                     << "exec";
    QTest::newRow("missing folder") << "/bin/true"
                                    << "/nonexistent"
                                    << "chdir";
}

void TestChildProcess::unstartableProgramNamesTheStep()
{
    QFETCH(QString, program);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, step);
    auto s = spec(program.toStdString(), {});
    s.workingDirectory = workingDirectory.toStdString();
    const auto error = captureError([&] { runChildProcess(s); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Unavailable);
    QVERIFY2(std::string(error->what()).find(step.toStdString()) != std::string::npos,
             error->what());
    QVERIFY(!hasUnreapedChild());

    const auto relative = captureError([] { runChildProcess(spec("true", {})); });
    QVERIFY(relative.has_value());
    QCOMPARE(relative->code(), ErrorCode::InvalidArgument);
}

void TestChildProcess::runsAsAnotherAccount()
{
    if (geteuid() != 0)
        QSKIP("switching accounts needs root");
    const auto nobody = ServerAccount::lookup("nobody");
    auto s = spec("/usr/bin/id", {"-u"});
    s.runAs = nobody;
    const auto result = runChildProcess(s);
    QVERIFY(result.succeeded());
    QCOMPARE(result.output, std::to_string(nobody.uid) + "\n");
    // ...with all of root's groups gone.
    s.arguments = {"-G"};
    const auto groups = runChildProcess(s);
    QVERIFY(groups.succeeded());
    std::istringstream ids(groups.output);
    std::vector<long> gids{std::istream_iterator<long>(ids), std::istream_iterator<long>()};
    QVERIFY(!gids.empty());
    QVERIFY(std::find(gids.begin(), gids.end(), static_cast<long>(nobody.gid)) != gids.end());
    QVERIFY(std::find(gids.begin(), gids.end(), 0L) == gids.end());

    QCOMPARE(captureError([] { ServerAccount::lookup("root"); })->field(), std::string("run_as"));
    QTemporaryDir privateToRoot; // 0700, owned by root
    QVERIFY(!nobody.canAccess(privateToRoot.path().toStdString()));
    QVERIFY(nobody.canAccess("/tmp"));
}

QTEST_GUILESS_MAIN(TestChildProcess)
#include "tst_childprocess.moc"
