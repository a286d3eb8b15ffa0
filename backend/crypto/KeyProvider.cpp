#include "KeyProvider.h"

#include "core/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bulkhead::crypto {
namespace {

using core::Error;
using core::ErrorCode;

class FileDescriptor final
{
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    int get() const noexcept { return m_fd; }

private:
    int m_fd;
};

std::string modeText(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

SecureBytes decodeHexSecret(std::string &text, const std::string &path, std::size_t size)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    if (text.size() != size * 2)
        throw Error(ErrorCode::InvalidArgument, "key file " + path + " must hold exactly "
                        + std::to_string(size * 2) + " hex characters", "key-file");
    std::vector<std::uint8_t> bytes;
    try {
        bytes = fromHex(text);
    } catch (const std::exception &) {
        throw Error(ErrorCode::InvalidArgument, "key file " + path + " does not hold hex characters only", "key-file");
    }
    SecureBytes secret(bytes);
    scrubBytes(bytes);
    return secret;
}

std::optional<SecureBytes> readSecretFile(const std::string &path, std::size_t size)
{
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return std::nullopt;
        if (errno == ELOOP)
            throw Error(ErrorCode::InvalidArgument, "key file " + path + " is a symbolic link; refusing it", "key-file");
        throw Error(ErrorCode::Unavailable, "cannot open key file " + path + ": " + std::strerror(errno), "key-file");
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        throw Error(ErrorCode::Unavailable, "cannot inspect key file " + path + ": " + std::strerror(errno), "key-file");
    if (!S_ISREG(info.st_mode))
        throw Error(ErrorCode::InvalidArgument, "key file " + path + " is not a regular file", "key-file");
    if (info.st_uid != ::geteuid())
        throw Error(ErrorCode::InvalidArgument, "key file " + path + " is owned by uid " + std::to_string(info.st_uid)
                        + ", not by the user running bulkhead (uid " + std::to_string(::geteuid()) + ")", "key-file");
    if ((info.st_mode & 077) != 0)
        throw Error(ErrorCode::InvalidArgument, "key file " + path + " has mode " + modeText(info.st_mode)
                        + "; it must be readable by its owner only (chmod 600 " + path + ")", "key-file");
    std::string text(size * 2 + 16, '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == text.size()) {
            scrubString(text);
            throw Error(ErrorCode::InvalidArgument, "key file " + path + " is too large", "key-file");
        }
        const ssize_t n = ::read(fd.get(), text.data() + used, text.size() - used);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            scrubString(text);
            throw Error(ErrorCode::Unavailable, "cannot read key file " + path + ": " + std::strerror(errno), "key-file");
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    text.resize(used);
    try {
        SecureBytes secret = decodeHexSecret(text, path, size);
        scrubString(text);
        return secret;
    } catch (...) {
        scrubString(text);
        throw;
    }
}

void createSecretFile(const std::string &path, std::span<const std::uint8_t> secret)
{
    // O_EXCL: never overwrite, never follow a planted link; two starting daemons race safely.
    const FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0)
        throw Error(ErrorCode::Unavailable, "cannot create key file " + path + ": " + std::strerror(errno), "key-file");
    if (::fchmod(fd.get(), 0600) != 0)
        throw Error(ErrorCode::Unavailable, "cannot set mode 0600 on key file " + path, "key-file");
    std::string text = toHex(secret) + "\n";
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            scrubString(text);
            ::unlink(path.c_str());
            throw Error(ErrorCode::Unavailable, "cannot write key file " + path, "key-file");
        }
        written += static_cast<std::size_t>(n);
    }
    scrubString(text);
    if (::fsync(fd.get()) != 0) {
        ::unlink(path.c_str());
        throw Error(ErrorCode::Unavailable, "cannot sync key file " + path, "key-file");
    }
}

} // namespace

std::string masterKeyId(std::span<const std::uint8_t> masterKey)
{
    std::vector<std::uint8_t> mac = hmacSha256(masterKey, "bulkhead master key id v1");
    mac.resize(8);
    return "mk_" + toHex(mac);
}

Ed25519Key loadOrCreateSigningKey(KeyProvider &provider)
{
    const SecureBytes seed = provider.loadOrCreateSecret(kSigningKeySecretName, Ed25519Key::kSeedSize);
    return Ed25519Key::fromSeed(seed.view());
}

FileKeyProvider::FileKeyProvider(std::string path, Create create)
    : m_path(std::move(path)), m_create(create)
{
    if (m_path.empty())
        throw Error(ErrorCode::InvalidArgument, "the key file path is empty", "key-file");
}

std::string FileKeyProvider::pathFor(std::string_view name) const
{
    if (name == kMasterKeySecretName)
        return m_path;
    return m_path + "." + std::string(name);
}

SecureBytes FileKeyProvider::loadOrCreateMasterKey()
{
    return loadOrCreateSecret(kMasterKeySecretName, kMasterKeySize);
}

std::string FileKeyProvider::describe() const
{
    return "key file " + m_path;
}

SecureBytes FileKeyProvider::loadOrCreateSecret(std::string_view name, std::size_t size)
{
    const std::string path = pathFor(name);
    if (auto existing = readSecretFile(path, size))
        return std::move(*existing);
    if (m_create == Create::Never)
        throw Error(ErrorCode::Unavailable, "key file " + path + " does not exist", "key-file");
    SecureBytes secret = randomBytes(size);
    createSecretFile(path, secret.view());
    return secret;
}

SecureBytes InMemoryKeyProvider::loadOrCreateMasterKey()
{
    return loadOrCreateSecret(kMasterKeySecretName, kMasterKeySize);
}

std::string InMemoryKeyProvider::describe() const
{
    return "in-memory keys (tests only)";
}

SecureBytes InMemoryKeyProvider::loadOrCreateSecret(std::string_view name, std::size_t size)
{
    std::lock_guard lock(m_mutex);
    if (m_unavailable)
        throw Error(ErrorCode::Unavailable, *m_unavailable);
    auto it = m_secrets.find(name);
    if (it == m_secrets.end())
        it = m_secrets.emplace(std::string(name), randomBytes(size)).first;
    return SecureBytes(it->second.view());
}

void InMemoryKeyProvider::setUnavailable(std::optional<std::string> message)
{
    std::lock_guard lock(m_mutex);
    m_unavailable = std::move(message);
}

} // namespace bulkhead::crypto
