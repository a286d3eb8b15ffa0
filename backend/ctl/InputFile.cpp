#include "InputFile.h"

#include "core/Error.h"

#include <fstream>
#include <sstream>

namespace bulkhead::ctl {

std::string readInputFile(const std::string &path, const std::string &field)
{
    constexpr std::size_t kMaxInputBytes = 64 * 1024 * 1024;
    std::ifstream in(path == "-" ? "/dev/stdin" : path, std::ios::binary);
    if (!in)
        throw core::Error(core::ErrorCode::InvalidArgument, "cannot open " + path, field);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = std::move(buffer).str();
    if (text.size() > kMaxInputBytes)
        throw core::Error(core::ErrorCode::InvalidArgument, path + " is larger than 64 MiB",
                          field);
    return text;
}

} // namespace bulkhead::ctl
