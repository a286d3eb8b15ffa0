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

std::string readSecretFile(const std::string &path, const std::string &field)
{
    constexpr std::size_t kMaxSecretBytes = 4096;
    std::ifstream in(path == "-" ? "/dev/stdin" : path, std::ios::binary);
    if (!in)
        throw core::Error(core::ErrorCode::InvalidArgument, "cannot open " + path, field);
    std::string text(kMaxSecretBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSecretBytes)
        throw core::Error(core::ErrorCode::InvalidArgument, path + " is longer than a secret (4 KiB)", field);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    if (text.empty())
        throw core::Error(core::ErrorCode::InvalidArgument, path + " is empty", field);
    for (const char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            throw core::Error(core::ErrorCode::InvalidArgument,
                              path + " must hold one token on one line (it has spaces or control characters)", field);
    return text;
}

} // namespace bulkhead::ctl
