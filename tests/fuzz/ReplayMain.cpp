// Runs a fuzz target over files without libFuzzer, so every seed and every input that once
// crashed (tests/fuzz/regressions/<target>/) is replayed by CTest in every build, the
// sanitizer build included. Arguments: files or folders of inputs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

int main(int argc, char **argv)
{
    namespace fs = std::filesystem;
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        const fs::path where(argv[i]);
        std::vector<fs::path> inputs;
        if (fs::is_directory(where)) {
            for (const auto &entry : fs::directory_iterator(where))
                if (entry.is_regular_file())
                    inputs.push_back(entry.path());
        } else if (fs::is_regular_file(where)) {
            inputs.push_back(where);
        }
        std::sort(inputs.begin(), inputs.end());
        for (const auto &input : inputs) {
            std::ifstream in(input, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
            std::cout << "replaying " << input.filename().string() << " (" << bytes.size()
                      << " bytes)\n";
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()),
                                   bytes.size());
            ++replayed;
        }
    }
    std::cout << "replayed " << replayed << " inputs\n";
    return replayed > 0 ? 0 : 1;
}
