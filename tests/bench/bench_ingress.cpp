// Ingress scanning latency per KiB on one core: scanPrompt on prompts of 256 B, 1 KiB and
// 8 KiB, and scanDocument on a 16 KiB code-and-table document (windows, patterns, classifier).
// Baseline in the same run: folding the same text for the classifier (one pass, no scoring).
// Each figure is the fastest of ten rounds (microsecondsPerKiB).
//   bench_ingress [--seconds 1]
#include "BenchReport.h"

#include "scan/IngressScanner.h"
#include "scan/InjectionModel.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

using namespace bulkhead::scan;
using Clock = std::chrono::steady_clock;

namespace {

double g_seconds = 1.0;
volatile double g_sink = 0;

// Microseconds per KiB of `text` for `work`: the fastest of kRounds rounds of about
// g_seconds / kRounds each. On the shared build machine other jobs only ever slow a round down,
// so the fastest round is the code's own cost and the figure compares across runs.
double microsecondsPerKiB(const std::string &text, const std::function<double(const std::string &)> &work)
{
    constexpr int kRounds = 10;
    g_sink = g_sink + work(text);  // warm-up: builds the scanner, touches the weights
    double best = 0;
    for (int round = 0; round < kRounds; ++round) {
        std::size_t runs = 0;
        const auto start = Clock::now();
        auto now = start;
        do {
            for (int i = 0; i < 8; ++i, ++runs)
                g_sink = g_sink + work(text);
            now = Clock::now();
        } while (std::chrono::duration<double>(now - start).count() < g_seconds / kRounds);
        const double us = std::chrono::duration<double, std::micro>(now - start).count() / double(runs);
        best = round == 0 ? us : std::min(best, us);
    }
    return best / (double(text.size()) / 1024.0);
}

std::string repeatTo(const std::string &unit, std::size_t bytes)
{
    std::string out;
    while (out.size() < bytes)
        out += unit;
    out.resize(bytes);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--seconds" && i + 1 < argc)
            g_seconds = std::atof(argv[++i]);
    bulkhead::bench::printMachine("bench_ingress");
    const auto scanner = IngressScanner::builtin();
    const std::string prose = "Could you help me plan a three-day trip to Lisbon in May? I like museums, "
                              "seafood and walking, and I would rather avoid tourist traps. ";
    std::string document;
    for (int i = 0; document.size() < 16 * 1024; ++i)
        document += (i % 3 ? "int total" + std::to_string(i) + " = sum(values, " + std::to_string(i) + ");\n"
                           : "| item " + std::to_string(i) + " | 12 | in stock | shipped on Monday |\n");
    document.resize(16 * 1024);

    for (const std::size_t bytes : {256u, 1024u, 8192u}) {
        const std::string prompt = repeatTo(prose, bytes);
        const double scan = microsecondsPerKiB(prompt, [&](const std::string &t) { return scanner->scanPrompt(t).score; });
        const double fold = microsecondsPerKiB(prompt, [](const std::string &t) { return double(foldForClassifier(t).size()); });
        std::printf("prompt %zu B: %.1f us/KiB (folding alone %.1f us/KiB)\n", bytes, scan, fold);
        bulkhead::bench::printFigure("ingress scanPrompt, " + std::to_string(bytes) + " B prompt (us per KiB, one core)",
                                     bulkhead::bench::format("%.1f", scan), bulkhead::bench::format("%.1f folding", fold),
                                     bulkhead::bench::format("%.1f", scan / fold), "<= 20 us/KiB",
                                     bulkhead::bench::yesNo(scan <= 20.0));
    }
    const double doc = microsecondsPerKiB(document, [&](const std::string &t) { return scanner->scanDocument(t).score; });
    const double fold = microsecondsPerKiB(document, [](const std::string &t) { return double(foldForClassifier(t).size()); });
    std::printf("document 16 KiB: %.1f us/KiB, %zu spans\n", doc, IngressScanner::documentSpans(document).size());
    bulkhead::bench::printFigure("ingress scanDocument, 16 KiB code and table (us per KiB, one core)",
                                 bulkhead::bench::format("%.1f", doc), bulkhead::bench::format("%.1f folding", fold),
                                 bulkhead::bench::format("%.1f", doc / fold));
    return 0;
}
