// Trains the ingress classifier from ../shared/data/injection and writes the model resource.
//   bulkhead-train-injection-model DATA_DIR OUTPUT.bin
// Deterministic: the same data gives the same file (fixed split, fixed seed). The build's
// `retrain-injection-model` target runs it on the shared data and the source tree's resource.
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
        const auto model = tools::trainInjectionModel(corpus);
        const auto bytes = model.serialize();
        std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::cerr << "cannot write " << argv[2] << "\n";
            return 1;
        }
        std::size_t train = 0;
        for (const auto &s : corpus.samples)
            train += !s.heldOut;
        std::cout << "trained on " << train << " of " << corpus.samples.size() << " samples, corpus "
                  << std::hex << corpus.hash << std::dec << ", wrote " << bytes.size() << " bytes to "
                  << argv[2] << "\n";
        return 0;
    } catch (const bulkhead::core::Error &e) {
        std::cerr << "bulkhead-train-injection-model: " << e.what() << "\n";
        return 1;
    }
}
