#include "crypto/RequestId.h"

#include <QtTest>

#include <set>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace bulkhead::crypto;

class TestRequestId final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hasTheDocumentedShape();
    void distinctAcrossBlocksAndThreads();
    void forkedChildDoesNotRepeatTheParentsIds();
};

void TestRequestId::hasTheDocumentedShape()
{
    for (int i = 0; i < 1000; ++i) {
        const auto id = newRequestId();
        QCOMPARE(id.size(), std::size_t{24});
        QVERIFY(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
}

void TestRequestId::distinctAcrossBlocksAndThreads()
{
    // Many blocks per thread (341 ids each), two threads drawing at once.
    constexpr int kPerThread = 20000;
    std::vector<std::string> a, b;
    std::thread other([&] {
        for (int i = 0; i < kPerThread; ++i)
            b.push_back(newRequestId());
    });
    for (int i = 0; i < kPerThread; ++i)
        a.push_back(newRequestId());
    other.join();
    std::set<std::string> seen(a.begin(), a.end());
    seen.insert(b.begin(), b.end());
    QCOMPARE(seen.size(), std::size_t{2 * kPerThread});
    // Random, not a counter: ids drawn one after the other differ in most of their digits.
    int sameDigits = 0;
    for (std::size_t i = 0; i < 24; ++i)
        sameDigits += a[0][i] == a[1][i];
    QVERIFY2(sameDigits < 12, qPrintable(QString::fromStdString(a[0] + " " + a[1])));
}

void TestRequestId::forkedChildDoesNotRepeatTheParentsIds()
{
    (void)newRequestId();  // this thread's block is drawn: the next ids come from it
    int pipeFds[2];
    QCOMPARE(pipe(pipeFds), 0);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        std::string ids;
        for (int i = 0; i < 8; ++i)
            ids += newRequestId();
        const auto written = write(pipeFds[1], ids.data(), ids.size());
        _exit(written == static_cast<ssize_t>(ids.size()) ? 0 : 1);
    }
    close(pipeFds[1]);
    std::string fromChild(8 * 24, '\0');
    std::size_t got = 0;
    while (got < fromChild.size()) {
        const auto n = read(pipeFds[0], fromChild.data() + got, fromChild.size() - got);
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    close(pipeFds[0]);
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QCOMPARE(got, fromChild.size());
    std::set<std::string> parentIds;
    for (int i = 0; i < 8; ++i)
        parentIds.insert(newRequestId());
    for (std::size_t i = 0; i < 8; ++i)
        QVERIFY(!parentIds.contains(fromChild.substr(24 * i, 24)));
}

QTEST_GUILESS_MAIN(TestRequestId)
#include "tst_requestid.moc"
