// Fair sharing of the document threads (issue 23): a tenant holding its share makes its own
// next job wait, never another tenant's; turns are handed over in arrival order.
#include "daemon/TenantDocuments.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <QtTest>

#include <memory>
#include <string>
#include <vector>

using namespace bulkhead;
namespace asio = boost::asio;

class TestTenantWorkGate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aTenantWaitsOnlyForItself();
};

void TestTenantWorkGate::aTenantWaitsOnlyForItself()
{
    asio::io_context io;
    daemon::TenantWorkGate gate(1);
    std::vector<std::string> started;
    std::vector<std::unique_ptr<daemon::TenantWorkGate::Turn>> held;
    auto job = [&](std::string tenant, std::string name) -> asio::awaitable<void> {
        auto turn = co_await gate.enter(tenant);
        started.push_back(name);
        held.push_back(std::move(turn));  // kept until the test lets it go
    };
    asio::co_spawn(io, job("noisy", "noisy-1"), asio::detached);
    asio::co_spawn(io, job("noisy", "noisy-2"), asio::detached);
    asio::co_spawn(io, job("noisy", "noisy-3"), asio::detached);
    asio::co_spawn(io, job("quiet", "quiet-1"), asio::detached);
    // poll(): the waiting jobs keep the context busy, so run() would not return.
    io.poll();
    io.restart();
    // The noisy tenant's first job runs; its others wait; the quiet tenant's starts at once.
    QCOMPARE(started, (std::vector<std::string>{"noisy-1", "quiet-1"}));

    held.erase(held.begin());  // noisy-1 ends: its turn goes to noisy-2, in arrival order
    io.poll();
    io.restart();
    QCOMPARE(started, (std::vector<std::string>{"noisy-1", "quiet-1", "noisy-2"}));

    held.clear();  // quiet-1 and noisy-2 end
    io.poll();
    QCOMPARE(started, (std::vector<std::string>{"noisy-1", "quiet-1", "noisy-2", "noisy-3"}));
}

QTEST_GUILESS_MAIN(TestTenantWorkGate)
#include "tst_tenantworkgate.moc"
