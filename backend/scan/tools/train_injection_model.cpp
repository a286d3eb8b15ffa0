// Trains the ingress classifier from the data folder and writes the model resource.
//   bulkhead-train-injection-model DATA_DIR OUTPUT.bin
// Deterministic: the same data gives the same file (fixed seed, fixed folds). The build's
// `retrain-injection-model` target runs it on BULKHEAD_INJECTION_DATA_DIR and the source
// tree's resource. Prints the thresholds the out-of-fold scores suggest (IngressPolicy).
#include "InjectionCorpus.h"
#include "InjectionTrainer.h"

#include "core/Error.h"

#include <fstream>
#include <iostream>

int main(int argc, char **argv)
{
    using namespace bulkhead::scan;
    if (argc != 3) {
        std::cerr << "usage: bulkhead-train-injection-model DATA_DIR OUTPUT.bin\n";
        return 2;
    }
    try {
        const auto corpus = tools::InjectionCorpus::load(argv[1]);
        tools::TrainingReport report;
        const auto models = tools::trainInjectionModels(corpus, {}, &report);
        const auto bytes = models.serialize();
        std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::cerr << "cannot write " << argv[2] << "\n";
            return 1;
        }
        std::cout << "trained on " << corpus.samples.size() << " samples (" << report.examples
                  << " classifier inputs), corpus " << std::hex << corpus.hash << std::dec << ", wrote "
                  << bytes.size() << " bytes to " << argv[2] << "\n"
                  << "calibration slope " << models.prompt.calibrationSlope() << " offset "
                  << models.prompt.calibrationOffset() << " (prompts), " << models.document.calibrationSlope()
                  << " offset " << models.document.calibrationOffset() << " (documents)"
                  << "\nout-of-fold thresholds: prompt flag (FPR 5%) " << report.promptFlag << ", block (1%) "
                  << report.promptBlock << "; document flag " << report.documentFlag << ", block "
                  << report.documentBlock << "\n";
        return 0;
    } catch (const bulkhead::core::Error &e) {
        std::cerr << "bulkhead-train-injection-model: " << e.what() << "\n";
        return 1;
    }
}
