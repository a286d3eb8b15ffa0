// Retrieval per tier through retrieval::DocumentStore, as the daemon runs it: top-10 latency and
// throughput (one client, sequential queries) of the HNSW search against exact search (no index)
// in the same run, and recall@10 of the search under the tenant filter against the exact answer.
//  Tier 1: TENANTS tenants share one table (RLS, HNSW over everyone, iterative scan) - the case
//          where a filtered index scan could miss;
//  Tier 2: two tenants, a schema + role each, chunks sealed with the tenant key;
//  Tier 3: two tenants, a database each.
// Embeddings come from the built-in 384-dimension embedder over synthetic sentences; queries are
// other sentences of the same vocabulary.
//   bench_retrieval [--tenants N] [--chunks N] [--queries N]
// The full size is --tenants 100 --chunks 10000 (a million vectors: an hour of index
// building on two cores); the default is 20 x 1,000 so the program stays under two minutes.
// Starts a fresh database like the db tests (BULKHEAD_TEST_PGHOST/PGPORT or a private cluster).
#include "BenchReport.h"

#include "retrieval/DocumentStore.h"
#include "retrieval/Embedder.h"
#include "store/ConnectionPool.h"
#include "store/Migrations.h"
#include "store/TenantKeyring.h"
#include "support/TestDatabase.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace bulkhead;
namespace bench = bulkhead::bench;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> &vocabulary()
{
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w;
        const char *roots[] = {"invoice", "patient", "contract", "ledger", "audit", "shipment", "policy",
                               "claim", "account", "report", "memo", "budget", "treaty", "renewal",
                               "exposure", "premium", "reserve", "broker", "cedent", "retention"};
        for (const char *root : roots)
            for (const char *suffix : {"", "s", "ing", "ed", " review", " summary", " draft", " total"})
                w.push_back(std::string(root) + suffix);
        return w;
    }();
    return words;
}

std::string sentence(std::mt19937_64 &rng, const std::string &tenant)
{
    const auto &words = vocabulary();
    std::string s = tenant;
    for (int i = 0; i < 12; ++i)
        s += " " + words[rng() % words.size()];
    return s + " " + std::to_string(rng() % 100000);
}

struct TierFigures
{
    int tier = 0;
    std::size_t tenants = 0, chunks = 0, queries = 0;
    double loadSeconds = 0, p50Ms = 0, p99Ms = 0, qps = 0, exactP50Ms = 0, exactQps = 0, recall = 0;
};

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

TierFigures runTier(retrieval::DocumentStore &store, int tier, const std::vector<std::string> &tenants,
                    int chunksPerTenant, int queriesPerTenant)
{
    static const retrieval::Embedder embedder(retrieval::kEmbeddingDimensions);
    TierFigures f;
    f.tier = tier;
    f.tenants = tenants.size();
    std::mt19937_64 rng(0xB0 + tier);
    const auto load0 = Clock::now();
    for (const auto &tenant : tenants) {
        const retrieval::TenantScope scope(tenant);
        for (int done = 0; done < chunksPerTenant;) {  // documents of up to 50 chunks
            std::vector<retrieval::EmbeddedChunk> chunks;
            for (; done < chunksPerTenant && chunks.size() < 50; ++done) {
                auto text = sentence(rng, tenant);
                auto vector = embedder.embed(text);
                chunks.push_back({std::move(text), std::move(vector)});
            }
            store.add(scope, tier, nlohmann::json::object(), chunks);
            f.chunks += chunks.size();
        }
    }
    f.loadSeconds = std::chrono::duration<double>(Clock::now() - load0).count();

    std::vector<double> latencies, exactLatencies;
    std::size_t expected = 0, found = 0;
    for (const auto &tenant : tenants) {
        const retrieval::TenantScope scope(tenant);
        for (int q = 0; q < queriesPerTenant; ++q) {
            const auto query = embedder.embed(sentence(rng, tenant));
            auto t0 = Clock::now();
            const auto approximate = store.search(scope, query, 10);
            latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            t0 = Clock::now();
            const auto exact = store.searchExact(scope, query, 10);
            exactLatencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            std::set<std::pair<std::string, int>> truth;
            for (const auto &hit : exact)
                truth.insert({hit.documentId, hit.chunkIndex});
            expected += truth.size();
            for (const auto &hit : approximate)
                found += truth.count({hit.documentId, hit.chunkIndex});
            ++f.queries;
        }
    }
    double total = 0, exactTotal = 0;
    for (const double l : latencies)
        total += l;
    for (const double l : exactLatencies)
        exactTotal += l;
    f.p50Ms = percentile(latencies, 0.5);
    f.p99Ms = percentile(latencies, 0.99);
    f.qps = 1000.0 * double(latencies.size()) / total;
    f.exactP50Ms = percentile(exactLatencies, 0.5);
    f.exactQps = 1000.0 * double(exactLatencies.size()) / exactTotal;
    f.recall = expected ? double(found) / double(expected) : 0;
    return f;
}

int flag(int argc, char **argv, const char *name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == name)
            return std::max(1, std::atoi(argv[i + 1]));
    return fallback;
}

} // namespace

int main(int argc, char **argv)
{
    const int tenants = flag(argc, argv, "--tenants", 20);
    const int chunks = flag(argc, argv, "--chunks", 1000);
    const int queries = flag(argc, argv, "--queries", 20);
    bench::printMachine("bench_retrieval");
    std::printf("Tier 1: %d tenants in the shared table; Tiers 2 and 3: 2 tenants each; %d chunks of "
                "%zu dimensions per tenant; %d queries per tenant, top-10\n",
                tenants, chunks, retrieval::kEmbeddingDimensions, queries);

    testsupport::TestDatabase database;
    store::applyMigrations(*database.connect());
    store::ConnectionPool pool(database.dsn(), 4);
    store::TenantKeyring keys(pool, crypto::randomBytes(32));
    retrieval::PlacementDirectory placements(pool, database.dsn());
    retrieval::DocumentStore store(placements, keys);

    std::vector<std::string> shared;
    for (int t = 0; t < tenants; ++t)
        shared.push_back("shared_" + std::to_string(t));
    std::vector<TierFigures> results;
    results.push_back(runTier(store, 1, shared, chunks, queries));
    results.push_back(runTier(store, 2, {"schema_a", "schema_b"}, chunks, queries));
    results.push_back(runTier(store, 3, {"dedicated_a", "dedicated_b"}, chunks, queries));

    for (const auto &f : results) {
        std::printf("  Tier %d: %zu chunks loaded in %.1f s; HNSW top-10 p50 %.2f ms p99 %.2f ms %.0f q/s; "
                    "exact p50 %.2f ms %.0f q/s; recall@10 %.3f over %zu queries\n",
                    f.tier, f.chunks, f.loadSeconds, f.p50Ms, f.p99Ms, f.qps, f.exactP50Ms, f.exactQps,
                    f.recall, f.queries);
        const std::string tier = "retrieval Tier " + std::to_string(f.tier);
        bench::printFigure(tier + " top-10 p50 latency (ms)", bench::format("%.2f", f.p50Ms),
                           bench::format("%.2f exact", f.exactP50Ms), bench::format("%.2f", f.p50Ms / f.exactP50Ms));
        bench::printFigure(tier + " top-10 throughput, one client (q/s)", bench::format("%.0f", f.qps),
                           bench::format("%.0f exact", f.exactQps), bench::format("%.2f", f.qps / f.exactQps));
        bench::printFigure(tier + " recall@10 under the tenant filter", bench::format("%.3f", f.recall),
                           "1.000 exact", bench::format("%.3f", f.recall), ">= 0.95",
                           bench::yesNo(f.recall >= 0.95));
    }
    // Tier 3 databases live beside the bench database: remove them.
    for (const char *tenant : {"dedicated_a", "dedicated_b"})
        try {
            store.shred(retrieval::TenantScope(tenant));
        } catch (const std::exception &e) {
            std::printf("could not remove %s: %s\n", tenant, e.what());
        }
    return 0;
}
