// Envelope encryption per operation and the data-key cache over a realistic request mix.
//  1. seal/open of 256-byte and 4 KiB chunks through EnvelopeEncryptor (hierarchy lookup, cached
//     data key, envelope header and bindings) against raw AES-256-GCM on the same key in the same
//     run, and against the envelope format alone (Aead::seal/open without the key lookup).
//  2. The cache on a simulated clock: TENANTS tenants drawn Zipf(1), each request seals one audit
//     record and opens five retrieved chunks, at a steady arrival rate; unwraps per request over
//     whole TTL periods (hot tenants' keys expire in step, so a partial period would mislead)
//     after a one-TTL warm-up: with the refresh ahead of expiry the daemon runs (every 15 s,
//     keys in use with at most 30 s left, as TenantKeyring does), against the same requests
//     with the cache alone in the same run.
//   bench_envelope [OPS] [TENANTS]
#include "BenchReport.h"

#include "crypto/Aead.h"
#include "crypto/DataKeyCache.h"
#include "crypto/EnvelopeEncryptor.h"
#include "crypto/KeyHierarchy.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace bulkhead;
using namespace bulkhead::crypto;
using Clock = std::chrono::steady_clock;

namespace {

template <typename Op>
double microsPerOp(int ops, Op &&op)
{
    for (int i = 0; i < ops / 20; ++i)  // warm-up: caches, allocator, CPU clock
        op(i);
    const auto t0 = Clock::now();
    for (int i = 0; i < ops; ++i)
        op(i);
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / ops;
}

struct OpFigures
{
    double raw, format, envelope;
};

OpFigures sealFigures(EnvelopeEncryptor &encryptor, std::span<const std::uint8_t> key,
                      const std::string &keyId, const std::vector<std::uint8_t> &chunk, int ops)
{
    std::vector<std::uint8_t> nonce(kAeadNonceSize, 0);
    const std::vector<std::uint8_t> aad(64, 0x41);
    std::size_t sink = 0;
    OpFigures f{};
    f.raw = microsPerOp(ops, [&](int i) {
        std::memcpy(nonce.data(), &i, sizeof i);  // a counter nonce: the primitive alone
        sink += aesGcmEncrypt(key, nonce, aad, chunk).tag[0];
    });
    f.format = microsPerOp(ops, [&](int) {
        sink += Aead::seal(key, keyId, {"tenant_0", "documents", "doc_1/0"}, chunk).size();
    });
    f.envelope = microsPerOp(ops, [&](int) {
        sink += encryptor.seal("tenant_0", "documents", chunk, "doc_1/0").size();
    });
    if (sink == 42)
        std::puts("");
    return f;
}

OpFigures openFigures(EnvelopeEncryptor &encryptor, std::span<const std::uint8_t> key,
                      const std::string &keyId, const std::vector<std::uint8_t> &chunk, int ops)
{
    std::vector<std::uint8_t> nonce(kAeadNonceSize, 7);
    const std::vector<std::uint8_t> aad(64, 0x41);
    const auto raw = aesGcmEncrypt(key, nonce, aad, chunk);
    const auto formatted = Aead::seal(key, keyId, {"tenant_0", "documents", "doc_1/0"}, chunk);
    const auto envelope = encryptor.seal("tenant_0", "documents", chunk, "doc_1/0");
    std::size_t sink = 0;
    OpFigures f{};
    f.raw = microsPerOp(ops, [&](int) {
        sink += aesGcmDecrypt(key, nonce, aad, raw.ciphertext, raw.tag).size();
    });
    f.format = microsPerOp(ops, [&](int) {
        sink += Aead::open(key, {"tenant_0", "documents", "doc_1/0"}, formatted).size();
    });
    f.envelope = microsPerOp(ops, [&](int) {
        sink += encryptor.open("tenant_0", "documents", envelope, "doc_1/0").size();
    });
    if (sink == 42)
        std::puts("");
    return f;
}

void reportOps(const char *what, std::size_t bytes, const OpFigures &f, bool small)
{
    std::printf("  %-5s %5zu B   raw AES-256-GCM %6.2f us   envelope format %6.2f us   "
                "EnvelopeEncryptor %6.2f us   (x%.2f raw)\n",
                what, bytes, f.raw, f.format, f.envelope, f.envelope / f.raw);
    const std::string name = std::string("envelope ") + what + " " +
                             (bytes >= 1024 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " B");
    bench::printFigure(name + " (us/op)", bench::format("%.2f", f.envelope),
                       bench::format("%.2f raw GCM", f.raw), bench::format("%.2f", f.envelope / f.raw),
                       small ? "<= 5 us" : "-", small ? bench::yesNo(f.envelope <= 5.0) : "-");
}

// Zipf(s = 1) over n ranks by inverse CDF on a table.
class Zipf final
{
public:
    explicit Zipf(std::size_t n) : m_cdf(n)
    {
        double sum = 0;
        for (std::size_t k = 0; k < n; ++k)
            m_cdf[k] = (sum += 1.0 / double(k + 1));
        for (auto &c : m_cdf)
            c /= sum;
    }
    std::size_t operator()(std::mt19937_64 &rng)
    {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        return std::size_t(std::lower_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin());
    }

private:
    std::vector<double> m_cdf;
};

struct CacheFigures
{
    double unwrapsPerRequest = 0;  // on a request's path: the request waited for it
    double hitRate = 0;
    double refreshesPerSecond = 0;  // ahead of expiry, off the request path
};

// Unwraps at `rate` requests per second on a simulated clock, over `periods` TTLs.
CacheFigures cacheFigures(std::size_t tenants, int periods, double rate, bool refreshAhead)
{
    Clock::time_point now{};
    DataKeyCache cache(std::chrono::seconds(60), 16384, [&] { return now; });
    KeyHierarchy hierarchy(randomBytes(32), "mk_bench");
    EnvelopeEncryptor encryptor(hierarchy, cache);
    std::vector<std::string> ids;
    std::vector<std::vector<std::vector<std::uint8_t>>> chunks;  // 5 sealed chunks per tenant
    const std::vector<std::uint8_t> text(32, 0x61);
    for (std::size_t t = 0; t < tenants; ++t) {
        ids.push_back("tenant_" + std::to_string(t));
        hierarchy.createTenantKek(ids.back());
        chunks.emplace_back();
        for (int c = 0; c < 5; ++c)
            chunks.back().push_back(encryptor.seal(ids.back(), "documents", text, "doc/" + std::to_string(c)));
    }
    Zipf zipf(tenants);
    std::mt19937_64 rng(0x5EED);
    const auto step = std::chrono::nanoseconds(static_cast<long long>(1e9 / rate));
    const int warmUp = static_cast<int>(rate * 60);
    const int requests = static_cast<int>(rate * 60 * periods);
    std::uint64_t hits0 = 0, unwraps0 = 0, refreshes0 = 0;
    const auto refreshEvery = std::chrono::seconds(15);
    auto nextRefresh = now + refreshEvery;
    for (int r = 0; r < warmUp + requests; ++r) {
        if (r == warmUp) {
            hits0 = encryptor.cacheHits();
            unwraps0 = encryptor.unwraps();
            refreshes0 = encryptor.refreshes();
        }
        now += step;
        if (refreshAhead && now >= nextRefresh) {
            encryptor.refreshAhead(2 * refreshEvery);
            nextRefresh += refreshEvery;
        }
        const auto t = zipf(rng);
        encryptor.seal(ids[t], "audit", text);
        for (int c = 0; c < 5; ++c)
            encryptor.open(ids[t], "documents", chunks[t][c], "doc/" + std::to_string(c));
    }
    const double unwraps = double(encryptor.unwraps() - unwraps0);
    const double hits = double(encryptor.cacheHits() - hits0);
    CacheFigures figures;
    figures.unwrapsPerRequest = unwraps / requests;
    figures.hitRate = hits / (hits + unwraps);
    figures.refreshesPerSecond = double(encryptor.refreshes() - refreshes0) / (60.0 * periods);
    return figures;
}

} // namespace

int main(int argc, char **argv)
{
    const int ops = argc > 1 ? std::max(1000, std::atoi(argv[1])) : 200000;
    const std::size_t tenants = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000;
    bench::printMachine("bench_envelope");

    KeyHierarchy hierarchy(randomBytes(32), "mk_bench");
    DataKeyCache cache(std::chrono::seconds(60), 1024);
    EnvelopeEncryptor encryptor(hierarchy, cache);
    hierarchy.createTenantKek("tenant_0");
    const auto record = hierarchy.dataKey("tenant_0", "documents");
    const SecureBytes key = hierarchy.unwrapDataKey(record);

    std::printf("Per operation (%d ops each, warm data-key cache)\n", ops);
    for (const std::size_t bytes : {std::size_t(256), std::size_t(4096)}) {
        const std::vector<std::uint8_t> chunk(bytes, 0x5A);
        reportOps("seal", bytes, sealFigures(encryptor, key.view(), record.keyId, chunk, ops), bytes == 256);
        reportOps("open", bytes, openFigures(encryptor, key.view(), record.keyId, chunk, ops), bytes == 256);
    }

    std::printf("\nData-key cache: %zu tenants, Zipf(1) access, TTL 60 s, each request seals an "
                "audit record and opens 5 chunks (measured over whole TTLs after a 60 s warm-up)\n",
                tenants);
    for (const double rate : {1000.0, 5000.0}) {
        const int periods = rate < 5000 ? 3 : 1;
        const CacheFigures ahead = cacheFigures(tenants, periods, rate, true);
        const CacheFigures alone = cacheFigures(tenants, periods, rate, false);
        std::printf("  %6.0f requests/s: %.3f%% of requests wait for an unwrap with the refresh "
                    "ahead (%.1f refreshes/s off the request path), %.3f%% with the cache alone; "
                    "lookups served from the cache %.3f%% / %.3f%%\n",
                    rate, ahead.unwrapsPerRequest * 100, ahead.refreshesPerSecond,
                    alone.unwrapsPerRequest * 100, ahead.hitRate * 100, alone.hitRate * 100);
        if (rate == 1000.0)
            bench::printFigure("data-key unwraps per request (1,000 tenants, 1,000 req/s)",
                               bench::format("%.3f%%", ahead.unwrapsPerRequest * 100),
                               bench::format("%.3f%% cache alone", alone.unwrapsPerRequest * 100),
                               bench::format("%.3f", ahead.unwrapsPerRequest / alone.unwrapsPerRequest),
                               "< 1%", bench::yesNo(ahead.unwrapsPerRequest < 0.01));
    }
    return 0;
}
