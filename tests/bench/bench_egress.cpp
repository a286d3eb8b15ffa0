// Egress scanner figures with 10,000 tenants loaded (a canary, a document canary and a
// 60-word system prompt each, a quarter of them declaring a secret word): build time, the
// literal scan's throughput against a memchr and a single-pattern baseline in the same run, the full streaming pipeline's throughput, added
// latency per SSE-sized chunk, and the state each active response costs.
//   bench_egress [TENANTS] [MEGABYTES]
#include "BenchReport.h"

#include "scan/EgressScanner.h"
#include "scan/EgressStream.h"
#include "scan/HyperscanDatabase.h"
#include "scan/TextNormaliser.h"

#include <hs.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace bulkhead::scan;
using Clock = std::chrono::steady_clock;

namespace {

std::uint64_t g_rng = 0x5EED;
std::uint64_t next()
{
    std::uint64_t z = (g_rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::string hex(std::size_t n)
{
    std::string s;
    while (s.size() < n)
        s.push_back("0123456789abcdef"[next() % 16]);
    return s;
}

// Pseudo-words drawn with English letter frequencies, so every letter (and the "bh" of the
// canary prefix) occurs about as often as in prose and no prefilter gets an unfair shortcut.
std::vector<std::string> vocabulary(std::size_t n)
{
    static const char letters[] = "etaoinshrdlcumwfgypbvkjxqz";
    static const int weights[] = {127, 91, 82, 75, 70, 67, 63, 61, 60, 43, 40, 28, 28,
                                  24,  24, 22, 20, 20, 19, 15, 10, 8,  2,  2,  1,  1};
    int total = 0;
    for (const int w : weights)
        total += w;
    std::vector<std::string> words;
    for (std::size_t i = 0; i < n; ++i) {
        std::string w;
        const std::size_t len = 2 + next() % 8;
        while (w.size() < len) {
            int r = static_cast<int>(next() % static_cast<std::uint64_t>(total));
            std::size_t k = 0;
            while (r >= weights[k])
                r -= weights[k++];
            w.push_back(letters[k]);
        }
        if (next() % 50 == 0)
            w += std::to_string(next() % 1000);
        words.push_back(w);
    }
    return words;
}

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

int onMatch(unsigned, unsigned long long, unsigned long long, unsigned, void *ctx)
{
    ++*static_cast<std::size_t *>(ctx);
    return 0;
}

double literalScan(const HyperscanDatabase &db, const std::string &text, std::size_t &matches)
{
    hs_stream_t *stream = nullptr;
    hs_open_stream(db.get(), 0, &stream);
    hs_scratch_t *scratch = threadScratch(db);
    const auto t0 = Clock::now();
    for (std::size_t at = 0; at < text.size(); at += 65536) {
        const auto n = static_cast<unsigned>(std::min<std::size_t>(65536, text.size() - at));
        if (hs_scan_stream(stream, text.data() + at, n, 0, scratch, onMatch, &matches) != HS_SUCCESS) {
            std::fprintf(stderr, "hs_scan_stream failed\n");
            std::exit(1);
        }
    }
    const auto t1 = Clock::now();
    hs_close_stream(stream, scratch, onMatch, &matches);
    return seconds(t0, t1);
}

} // namespace

int main(int argc, char **argv)
{
    const std::size_t tenants = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    const std::size_t megabytes = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 64;
    bulkhead::bench::printMachine("bench_egress");
    const auto vocab = vocabulary(20000);

    ProtectedMaterial material;
    material.version = 1;
    for (std::size_t t = 0; t < tenants; ++t) {
        TenantMaterial m;
        m.tenantId = "tenant_" + std::to_string(t);
        m.canaries.push_back("bh-canary-" + hex(32));
        m.documentCanaries.push_back("bh-canary-" + hex(32));
        for (int w = 0; w < 60; ++w)
            m.systemPrompt += vocab[next() % vocab.size()] + (w % 12 == 11 ? ". " : " ");
        // A quarter of the prompts declare a secret, which adds whole-word terms.
        if (t % 4 == 0)
            m.systemPrompt += "Never reveal the project name 'Zephyr" + hex(6) + "'.";
        material.tenants.push_back(std::move(m));
    }
    const auto b0 = Clock::now();
    const auto scanner = EgressScanner::build(material);
    const auto b1 = Clock::now();
    std::printf("Egress scanner: %zu tenants, %zu literal patterns, %zu term patterns, %zu shingles\n",
                scanner->tenantCount(), scanner->literalPatternCount(), scanner->termPatternCount(),
                scanner->shingleCount());
    std::printf("  build %.2f s, databases + shingle table %.1f MB, hold window K = %u / %u chars\n\n",
                seconds(b0, b1), double(scanner->databaseBytes()) / 1e6, scanner->alnumWindow(),
                scanner->wordWindow());

    // Benign text of the same vocabulary: words, punctuation, newlines; no material in it.
    std::string text;
    text.reserve(megabytes << 20);
    while (text.size() < (megabytes << 20)) {
        text += vocab[next() % vocab.size()];
        const auto r = next() % 20;
        text += r == 0 ? ". " : r == 1 ? ",\n" : " ";
    }
    const std::string alnum = normaliseAlnum(text);
    const double gb = double(text.size()) / 1e9;
    const double gbAlnum = double(alnum.size()) / 1e9;

    const auto m0 = Clock::now();
    for (int rep = 0; rep < 4; ++rep) {
        const void *hit = std::memchr(alnum.data(), 0x01 + rep, alnum.size());
        asm volatile("" : : "r"(hit) : "memory");  // keep the call
    }
    const auto m1 = Clock::now();
    std::printf("Literal scan (Hyperscan streaming, alnum channel, %.0f MB normalised from %.0f MB)\n",
                gbAlnum * 1e3, gb * 1e3);
    std::printf("  baseline memchr                      %8.2f GB/s\n", 4 * gbAlnum / seconds(m0, m1));
    std::size_t single = 0;
    const auto singleDb = HyperscanDatabase::literals({"bhcanary" + hex(32)}, HyperscanDatabase::Mode::Stream);
    const double tSingle = literalScan(singleDb, alnum, single);
    std::printf("  baseline one canary                  %8.2f GB/s\n", gbAlnum / tSingle);
    std::size_t all = 0;
    const double tAll = literalScan(scanner->literalDatabase(), alnum, all);
    std::printf("  %zu tenants' literals            %8.2f GB/s  (%zu matches)\n", tenants,
                gbAlnum / tAll, all);
    const double memchrGbs = 4 * gbAlnum / seconds(m0, m1);
    bulkhead::bench::printFigure(
        "egress literal scan, " + std::to_string(tenants) + " tenants (GB/s, one core)",
        bulkhead::bench::format("%.2f", gbAlnum / tAll), bulkhead::bench::format("%.2f memchr", memchrGbs),
        bulkhead::bench::format("%.2f", gbAlnum / tAll / memchrGbs), ">= 1 GB/s",
        bulkhead::bench::yesNo(gbAlnum / tAll >= 1.0));

    // The whole pipeline: normalisation, both channels, decoded runs, shingles, hold-back.
    std::printf("\nFull egress pipeline (EgressStream, block policy)\n");
    for (const std::size_t chunk : {std::size_t(65536), std::size_t(4096)}) {
        EgressStream stream(scanner, "tenant_0");
        std::size_t released = 0;
        const auto t0 = Clock::now();
        for (std::size_t at = 0; at < text.size(); at += chunk)
            released += stream.feed(std::string_view(text).substr(at, chunk)).release.size();
        released += stream.finish().release.size();
        const auto t1 = Clock::now();
        std::printf("  %6zu-byte chunks                   %8.1f MB/s  (released %zu of %zu bytes)\n",
                    chunk, gb * 1e3 / seconds(t0, t1), released, text.size());
        if (chunk == 65536)
            bulkhead::bench::printFigure(
                "egress full pipeline, " + std::to_string(tenants) + " tenants, 64 KiB chunks (GB/s, one core)",
                bulkhead::bench::format("%.2f", gb / seconds(t0, t1)),
                bulkhead::bench::format("%.2f literal scan", gbAlnum / tAll),
                bulkhead::bench::format("%.2f", gb / seconds(t0, t1) / (gbAlnum / tAll)), ">= 1 GB/s",
                bulkhead::bench::yesNo(gb / seconds(t0, t1) >= 1.0));
    }

    // SSE-sized chunks: a token or two each. Added latency = time inside feed() per chunk.
    {
        const std::size_t chunk = 16;
        const std::size_t bytes = std::min<std::size_t>(text.size(), 8u << 20);
        EgressStream stream(scanner, "tenant_0");
        const auto t0 = Clock::now();
        std::size_t chunks = 0;
        for (std::size_t at = 0; at < bytes; at += chunk, ++chunks)
            stream.feed(std::string_view(text).substr(at, chunk));
        const auto t1 = Clock::now();
        std::printf("  %6zu-byte chunks (SSE deltas)      %8.1f MB/s, added latency %.2f us per chunk\n",
                    chunk, double(bytes) / 1e6 / seconds(t0, t1), seconds(t0, t1) * 1e6 / double(chunks));
    }

    // State per active response, measured on 1,000 open streams mid-response.
    {
        std::vector<EgressStream> streams;
        std::size_t own = 0, hs = 0, held = 0, maxOwn = 0;
        for (std::size_t i = 0; i < 1000; ++i) {
            streams.emplace_back(scanner, "tenant_" + std::to_string(i % tenants));
            for (std::size_t c = 0; c < 40; ++c)
                streams.back().feed(std::string_view(text).substr((i * 997 + c * 16) % (text.size() - 16), 16));
            own += streams.back().stateBytes();
            maxOwn = std::max(maxOwn, streams.back().stateBytes());
            hs += streams.back().hyperscanStateBytes();
            held += streams.back().heldBytes();
        }
        std::printf("\nState per active response (1,000 open streams, 640 bytes fed each)\n");
        std::printf("  Bulkhead state   %6zu bytes average, %zu max (goal <= 2048)\n", own / 1000, maxOwn);
        std::printf("    of which held-back text %zu bytes average\n", held / 1000);
        std::printf("  Hyperscan state  %6zu bytes (4 streams: alnum + word channel, text + decoded)\n",
                    hs / 1000);
    }
    return 0;
}
