// Blocking work leaves the I/O thread: onPool runs it on the pool and resumes the coroutine where
// it was, with the result or the exception. (A plain post(pool, use_awaitable) ran the work on
// the I/O thread: a tenant removal's revocation grace stopped every request.)
#include "daemon/PoolWork.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <QtTest>

#include <future>
#include <stdexcept>
#include <string>
#include <thread>

using namespace bulkhead;
namespace asio = boost::asio;

namespace {

struct Threads
{
    std::thread::id io, work, resumed;
    std::string caught;
};

// Runs `body` as a coroutine on an io_context of its own thread; returns once it has finished.
template <typename Body>
void runOnIoThread(Body body)
{
    asio::io_context io;
    asio::co_spawn(io, body, asio::detached);
    std::thread ioThread([&] { io.run(); });
    ioThread.join();
}

} // namespace

class TestPoolWork final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workRunsOnThePoolAndTheCallerResumesWhereItWas();
    void anExceptionComesBackToTheCaller();
};

void TestPoolWork::workRunsOnThePoolAndTheCallerResumesWhereItWas()
{
    asio::thread_pool pool(1);
    std::promise<std::thread::id> poolThread;
    asio::post(pool, [&] { poolThread.set_value(std::this_thread::get_id()); });
    const auto poolId = poolThread.get_future().get();

    Threads seen;
    runOnIoThread([&]() -> asio::awaitable<void> {
        seen.io = std::this_thread::get_id();
        seen.work = co_await daemon::onPool(pool, [] { return std::this_thread::get_id(); });
        seen.resumed = std::this_thread::get_id();
    });
    pool.join();
    QVERIFY(seen.work != seen.io);
    QVERIFY(seen.work == poolId);
    QVERIFY(seen.resumed == seen.io);
}

void TestPoolWork::anExceptionComesBackToTheCaller()
{
    asio::thread_pool pool(1);
    Threads seen;
    runOnIoThread([&]() -> asio::awaitable<void> {
        seen.io = std::this_thread::get_id();
        try {
            co_await daemon::onPool(pool, []() -> int { throw std::runtime_error("the database is gone"); });
        } catch (const std::runtime_error &e) {
            seen.caught = e.what();
            seen.resumed = std::this_thread::get_id();
        }
    });
    pool.join();
    QCOMPARE(seen.caught, std::string("the database is gone"));
    QVERIFY(seen.resumed == seen.io);
}

QTEST_GUILESS_MAIN(TestPoolWork)
#include "tst_poolwork.moc"
