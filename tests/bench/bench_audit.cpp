// Audit writer throughput: the same concurrent request load (each "request" appends one record
// and waits for its commit, as the data plane does) written with group commit and with one
// transaction per record, in the same run against the same PostgreSQL, with durable commits
// (fsync and synchronous_commit on, checked and printed). Then verification speed: every
// tenant's log re-read and proven against its signed checkpoints by AuditVerifier.
//   bench_audit [RECORDS] [CONCURRENT_REQUESTS] [DSN]
// Without a DSN it starts a private cluster (the tests' TestPostgres) and a fresh database.
// The one-transaction-per-record baseline writes a tenth as many records (it is that slow).
#include "BenchReport.h"

#include "audit/AuditVerifier.h"
#include "audit/AuditWriter.h"
#include "store/ConnectionPool.h"
#include "store/Migrations.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <pqxx/nontransaction>

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

const std::vector<std::uint8_t> kSeed(32, 7);

double run(const char *label, store::ConnectionPool &pool, bool groupCommit, int records,
           int concurrency, const std::string &tenantPrefix)
{
    audit::AuditWriterOptions options;
    options.groupCommit = groupCommit;
    audit::AuditWriter writer(pool, audit::CheckpointSigner::fromSeed(kSeed), options);
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
    return failures.load() == 0 ? records / seconds : 0.0;
}

// Records per second proven by AuditVerifier over the 8 tenants of `tenantPrefix`.
double verifyRate(const std::string &dsn, const std::string &tenantPrefix)
{
    const auto connection = store::openConnection(dsn);
    audit::AuditVerifier verifier(*connection);
    const auto publicKey = audit::CheckpointSigner::fromSeed(kSeed).publicKey();
    std::uint64_t records = 0, checkpoints = 0;
    const auto start = Clock::now();
    for (int t = 0; t < 8; ++t) {
        const auto report = verifier.verify(audit::TenantScope(tenantPrefix + std::to_string(t)), publicKey);
        if (!report.ok()) {
            std::printf("verification of %s%d failed: %s\n", tenantPrefix.c_str(), t, report.detail.c_str());
            return 0;
        }
        records += report.records;
        checkpoints += report.checkpoints;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%-26s %8.0f records/s verified (%llu records, %llu signed checkpoints, 8 tenants)\n",
                "verification", double(records) / seconds, static_cast<unsigned long long>(records),
                static_cast<unsigned long long>(checkpoints));
    return double(records) / seconds;
}

std::string setting(const std::string &dsn, const char *name)
{
    const auto connection = store::openConnection(dsn);
    pqxx::nontransaction tx(*connection);
    return tx.exec1(std::string("SHOW ") + name)[0].as<std::string>();
}

} // namespace

int main(int argc, char **argv)
{
    const int records = argc > 1 ? std::max(1000, std::atoi(argv[1])) : 20000;
    const int concurrency = argc > 2 ? std::max(1, std::atoi(argv[2])) : 64;
    bench::printMachine("bench_audit");
    std::unique_ptr<testsupport::TestDatabase> database;
    std::string dsn;
    if (argc > 3) {
        dsn = argv[3];
    } else {
        database = std::make_unique<testsupport::TestDatabase>();
        dsn = database->dsn();
    }
    store::applyMigrations(*store::openConnection(dsn));
    const bool durable = setting(dsn, "fsync") == "on" && setting(dsn, "synchronous_commit") == "on";
    std::printf("%d records, %d concurrent requests, 8 tenants, fsync %s, synchronous_commit %s\n",
                records, concurrency, setting(dsn, "fsync").c_str(),
                setting(dsn, "synchronous_commit").c_str());
    store::ConnectionPool pool(dsn, 2);
    // A short warm-up so both modes start with connections open and tables cached.
    run("warm-up (group commit)", pool, true, 500, concurrency, "warm");
    const double group = run("group commit", pool, true, records, concurrency, "group");
    // Little's law: a batch holds at most the requests waiting, so records/s is bounded by
    // concurrent requests / commit time. Four times the concurrency shows where that bound lies.
    const double wide = run("group commit, 4x requests", pool, true, records, concurrency * 4, "wide");
    const double single = run("one transaction/record", pool, false, std::max(1000, records / 10),
                              concurrency, "single");
    const double verified = verifyRate(dsn, "group");
    const std::string kind = durable ? "durable" : "NOT durable";
    bench::printFigure("audit appends/s, group commit, " + kind + " (" + std::to_string(concurrency) +
                           " concurrent)",
                       bench::format("%.0f", group), bench::format("%.0f one tx/record", single),
                       bench::format("%.1f", single > 0 ? group / single : 0), ">= 10,000/s durable",
                       bench::yesNo(durable && group >= 10000));
    bench::printFigure("audit appends/s, group commit, " + kind + " (" + std::to_string(concurrency * 4) +
                           " concurrent)",
                       bench::format("%.0f", wide), bench::format("%.0f one tx/record", single),
                       bench::format("%.1f", single > 0 ? wide / single : 0), ">= 10,000/s durable",
                       bench::yesNo(durable && wide >= 10000));
    bench::printFigure("audit records verified/s (AuditVerifier)", bench::format("%.0f", verified),
                       bench::format("%.0f appended/s", group),
                       bench::format("%.1f", group > 0 ? verified / group : 0));
    return 0;
}
