// Audit writer throughput: the same concurrent request load (each "request" appends one record
// and waits for its commit, as the data plane will) written with group commit and with one
// transaction per record, in the same run against the same PostgreSQL.
//   bench_audit [RECORDS] [CONCURRENT_REQUESTS] [DSN]
// Without a DSN it starts a private cluster (the tests' TestPostgres) and a fresh database.
#include "audit/AuditWriter.h"
#include "store/ConnectionPool.h"
#include "store/Migrations.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace bulkhead;
using Clock = std::chrono::steady_clock;

namespace {

audit::AuditRecord record(const std::string &tenant, int n)
{
    audit::AuditRecord r;
    r.tenantId = tenant;
    r.recordedAtUs = 1'700'000'000'000'000 + n;
    r.requestId = "bench-" + std::to_string(n);
    r.principal = "0123456789abcdef0123456789abcdef";
    r.route = "/v1/chat/completions";
    r.model = "bench-model";
    r.upstream = "local";
    r.promptTokens = 120;
    r.completionTokens = 300;
    r.documentIds = {"doc-1", "doc-2", "doc-3"};
    r.latencyMs = 42;
    r.promptSha256 = std::string(64, 'a');
    r.responseSha256 = std::string(64, 'b');
    return r;
}

void run(const char *label, store::ConnectionPool &pool, bool groupCommit, int records,
         int concurrency, const std::string &tenantPrefix)
{
    audit::AuditWriterOptions options;
    options.groupCommit = groupCommit;
    audit::AuditWriter writer(pool, audit::CheckpointSigner::fromSeed(std::vector<std::uint8_t>(32, 7)),
                              options);
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    std::vector<double> latencies(static_cast<std::size_t>(records));
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < concurrency; ++t) {
        threads.emplace_back([&, t] {
            const auto tenant = tenantPrefix + std::to_string(t % 8);
            for (int n = next++; n < records; n = next++) {
                const auto begin = Clock::now();
                try {
                    writer.append(record(tenant, n)).get();
                } catch (...) {
                    ++failures;
                }
                latencies[static_cast<std::size_t>(n)] =
                    std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const auto stats = writer.stats();
    std::sort(latencies.begin(), latencies.end());
    std::printf("%-26s %8.0f appends/s  %6llu transactions  %6.1f records/transaction  "
                "p50 %6.2f ms  p99 %6.2f ms  failures %d\n",
                label, records / seconds, static_cast<unsigned long long>(stats.transactions),
                stats.transactions ? double(stats.records) / double(stats.transactions) : 0.0,
                latencies[latencies.size() / 2], latencies[latencies.size() * 99 / 100],
                failures.load());
}

} // namespace

int main(int argc, char **argv)
{
    const int records = argc > 1 ? std::max(100, std::atoi(argv[1])) : 4000;
    const int concurrency = argc > 2 ? std::max(1, std::atoi(argv[2])) : 16;
    std::unique_ptr<testsupport::TestDatabase> database;
    std::string dsn;
    if (argc > 3) {
        dsn = argv[3];
    } else {
        database = std::make_unique<testsupport::TestDatabase>();
        dsn = database->dsn();
    }
    store::applyMigrations(*store::openConnection(dsn));
    std::printf("bench_audit: %d records, %d concurrent requests, 8 tenants, "
                "synchronous_commit as configured\n",
                records, concurrency);
    store::ConnectionPool pool(dsn, 2);
    // A short warm-up so both modes start with connections open and tables cached.
    run("warm-up (group commit)", pool, true, 200, concurrency, "warm");
    run("group commit", pool, true, records, concurrency, "group");
    run("one transaction/record", pool, false, records, concurrency, "single");
    return 0;
}
