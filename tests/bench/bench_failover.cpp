// PostgreSQL failover figures (#21) on a pg_auto_failover formation on loopback (monitor,
// primary, synchronous secondary), through bulkheadd on a multi-host connection string:
//  - what synchronous replication adds to a chat request at concurrency 1: the same requests
//    through a second bulkheadd whose database login commits locally (synchronous_commit =
//    local), interleaved in the same run;
//  - per round (three rounds): the seconds without service at a switchover and at a kill -9 of
//    the primary's postmaster, the requests refused meanwhile (4 clients), and the acknowledged
//    audit records lost (goal 0).
// Usage: bench_failover [ROUNDS]   (needs pg_auto_failover; packaging/install-deps.sh has it)
#include "AutoFailoverFormation.h"
#include "BenchReport.h"
#include "CountingUpstream.h"
#include "HardeningHarness.h"
#include "SteadyLoad.h"
#include "store/DatabaseLogin.h"
#include "store/LocalCluster.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstdio>
#include <map>

using namespace bulkhead;
using namespace bulkhead::hardening;

namespace {

constexpr const char *kAsyncLogin = "bulkhead_daemon_local_commit";

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))];
}

// Chat latencies in µs, one request at a time, `rounds` alternations of `perRound` requests to
// each daemon so both see the same moments of the machine.
std::pair<std::vector<double>, std::vector<double>> interleavedLatencies(const DaemonUnderTest &a, const std::string &keyA,
                                                                         const DaemonUnderTest &b, const std::string &keyB,
                                                                         int rounds, int perRound)
{
    std::vector<double> first;
    std::vector<double> second;
    const auto one = [](const DaemonUnderTest &d, const std::string &key, std::vector<double> &out) {
        const auto start = std::chrono::steady_clock::now();
        const auto reply = d.chat(key, "one short question");
        const auto us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
        if (reply.status == 200)
            out.push_back(us);
    };
    for (int r = 0; r < rounds; ++r) {
        for (int i = 0; i < perRound; ++i)
            one(a, keyA, first);
        for (int i = 0; i < perRound; ++i)
            one(b, keyB, second);
    }
    return {first, second};
}

std::string seconds(double s) { return bench::format("%.2f s", s); }

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    bench::printMachine("bench_failover");
    try {
        AutoFailoverFormation formation;
        std::printf("starting the formation (monitor, primary, synchronous secondary)...\n");
        std::fflush(stdout);
        formation.start();
        {
            pqxx::connection superuser(formation.connectionString("postgres"));
            pqxx::nontransaction(superuser).exec0("CREATE EXTENSION IF NOT EXISTS vector");
            store::ensureRuntimeLogin(superuser, store::LocalCluster::kRuntimeLogin);
            store::ensureRuntimeLogin(superuser, kAsyncLogin);
            pqxx::nontransaction(superuser).exec0(std::string("ALTER ROLE ") + kAsyncLogin +
                                                  " SET synchronous_commit = local");
        }
        testing::CountingUpstream upstream;
        daemon::DaemonConfig config;
        config.databaseOwner = formation.connectionString("postgres");
        config.upstreamUrl = upstream.baseUrl();
        config.database = formation.connectionString(std::string(store::LocalCluster::kRuntimeLogin));
        config.requireSynchronousStandby = true;  // the HA setting: no record a failover could lose
        DaemonUnderTest synchronous(config);
        config.database = formation.connectionString(kAsyncLogin);
        config.requireSynchronousStandby = false;  // commits locally: the baseline
        DaemonUnderTest localCommit(config);
        const std::string key = synchronous.addTenant("benchtenant", 1);
        testsupport::waitUntil([&] { return localCommit.chat(key, "warm up").status == 200; }, std::chrono::seconds(10));

        std::printf("latency: 20 rounds of 100 requests to each daemon, one at a time...\n");
        std::fflush(stdout);
        const auto [sync, local] = interleavedLatencies(synchronous, key, localCommit, key, 20, 100);
        const double syncP50 = percentile(sync, 0.5);
        const double localP50 = percentile(local, 0.5);
        bench::printFigure("chat p50, concurrency 1, synchronous standby (vs local commit)",
                           bench::format("%.0f us", syncP50), bench::format("%.0f us", localP50),
                           bench::format("%.2f", syncP50 / std::max(1.0, localP50)));
        bench::printFigure("chat p99, concurrency 1, synchronous standby (vs local commit)",
                           bench::format("%.0f us", percentile(sync, 0.99)),
                           bench::format("%.0f us", percentile(local, 0.99)),
                           bench::format("%.2f", percentile(sync, 0.99) / std::max(1.0, percentile(local, 0.99))));

        std::vector<double> switchovers;
        std::vector<double> crashes;
        int refusedSwitchover = 0;
        int refusedCrash = 0;
        std::map<std::string, int> refusedBy;
        SteadyLoad load(std::vector<LoadTarget>(4, LoadTarget{synchronous.port(), key, "benchtenant"}));
        testsupport::waitUntil([&] { return load.answers().size() >= 20; }, std::chrono::seconds(20));
        for (int r = 0; r < rounds; ++r) {
            testsupport::waitUntil([&] { return formation.isSynchronous(); }, std::chrono::seconds(60));
            std::printf("round %d of %d: switchover...\n", r + 1, rounds);
            std::fflush(stdout);
            const auto s = throughFault(load, [&] { formation.performSwitchover(); });
            if (!s.recovered)
                throw std::runtime_error("no service 120 s after a switchover");
            switchovers.push_back(s.secondsWithoutService);
            refusedSwitchover += s.refused;
            testsupport::waitUntil([&] { return formation.isSynchronous(); }, std::chrono::seconds(60));
            std::printf("round %d of %d: kill -9 of the primary's postmaster...\n", r + 1, rounds);
            std::fflush(stdout);
            const auto c = throughFault(load, [&] { formation.killPrimaryPostmaster(); });
            if (!c.recovered)
                throw std::runtime_error("no service 120 s after a crash");
            crashes.push_back(c.secondsWithoutService);
            refusedCrash += c.refused;
            testsupport::waitUntil([&] { return formation.isSynchronous(); }, std::chrono::seconds(60));
        }
        load.stop();
        std::set<std::string> acknowledged;
        for (const auto &a : load.answers()) {
            if (a.status == 200)
                acknowledged.insert(a.requestId);
            else
                ++refusedBy[std::to_string(a.status) + " " + a.code];
        }
        const auto logged = loggedRequestIds(synchronous.admin(), "benchtenant");
        int lost = 0;
        for (const auto &id : acknowledged)
            lost += logged.count(id) == 0;
        for (const auto &[answer, count] : refusedBy)
            std::printf("refused: %d x %s\n", count, answer.c_str());

        const auto spread = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return seconds(v.front()) + " / " + seconds(v[v.size() / 2]) + " / " + seconds(v.back());
        };
        bench::printFigure("seconds without service, switchover (min / median / max of " + std::to_string(rounds) + ")",
                           spread(switchovers), "-", "-");
        bench::printFigure("seconds without service, primary kill -9 (min / median / max of " +
                               std::to_string(rounds) + ")",
                           spread(crashes), "-", "-");
        bench::printFigure("requests refused meanwhile (4 clients; switchover / crash, all rounds)",
                           std::to_string(refusedSwitchover) + " / " + std::to_string(refusedCrash), "-", "-");
        bench::printFigure("acknowledged audit records lost", std::to_string(lost),
                           std::to_string(acknowledged.size()) + " acknowledged", "-", "0", bench::yesNo(lost == 0));
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_failover: %s\n", e.what());
        return 1;
    }
    return 0;
}
