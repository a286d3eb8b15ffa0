#include "KeychainKeyProvider.h"

#include "core/Error.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <openssl/crypto.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace bulkhead::keys {
namespace {

using core::Error;
using core::ErrorCode;

struct JobResult
{
    QKeychain::Error error = QKeychain::OtherError;
    QString errorText;
    QByteArray data;
    bool timedOut = false;

    ~JobResult() { scrub(data); }
    static void scrub(QByteArray &bytes)
    {
        if (!bytes.isEmpty())
            OPENSSL_cleanse(bytes.data(), static_cast<std::size_t>(bytes.size()));
        bytes.clear();
    }
};

// Runs one job to completion in a local event loop on the current (worker) thread.
void runJob(QKeychain::Job &job, std::chrono::milliseconds timeout, JobResult &result)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        result.timedOut = true;
        loop.quit();
    });
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    timer.start(timeout);
    job.start();
    loop.exec();
    if (!result.timedOut) {
        result.error = job.error();
        result.errorText = job.errorString();
    }
}

// QtKeychain's libsecret backend reports a missing bus or Secret Service, and a locked
// collection, as OtherError with GLib's text; recognise those texts to give the exact reason.
bool mentions(const QString &text, const char *needle)
{
    return text.contains(QLatin1String(needle), Qt::CaseInsensitive);
}

bool meansNoSecretService(const QString &text)
{
    return mentions(text, "Could not connect") || mentions(text, "org.freedesktop.secrets")
        || mentions(text, "ServiceUnknown") || mentions(text, "not provided by any")
        || mentions(text, "Cannot autolaunch") || mentions(text, "No such file or directory");
}

bool meansLocked(const QString &text)
{
    return mentions(text, "locked") || mentions(text, "prompt") || mentions(text, "dismissed");
}

Error keychainError(const JobResult &result, const std::string &entry, std::chrono::milliseconds timeout)
{
    const std::string where = " (service bulkhead, entry " + entry + ")";
    if (result.timedOut)
        return Error(ErrorCode::Unavailable, "the keychain did not answer within "
                         + std::to_string(timeout.count()) + " ms; it may be waiting for an unlock prompt" + where, "keychain");
    switch (result.error) {
    case QKeychain::NoBackendAvailable:
        return Error(ErrorCode::Unavailable, "no Secret Service is running: start a keyring (e.g. gnome-keyring) "
                         "or choose the key file provider explicitly" + where, "keychain");
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error(ErrorCode::Unavailable, "the keychain is locked or denied access: unlock it and start again" + where, "keychain");
    case QKeychain::NotImplemented:
        return Error(ErrorCode::Unavailable, "this platform has no keychain support" + where, "keychain");
    case QKeychain::CouldNotDeleteEntry:
        return Error(ErrorCode::Unavailable, "the keychain could not delete the entry" + where, "keychain");
    default:
        if (meansNoSecretService(result.errorText))
            return Error(ErrorCode::Unavailable, "no Secret Service is running: start a keyring (e.g. gnome-keyring) "
                             "or choose the key file provider explicitly" + where, "keychain");
        if (meansLocked(result.errorText))
            return Error(ErrorCode::Unavailable, "the keychain is locked: unlock it and start again" + where, "keychain");
        return Error(ErrorCode::Unavailable, "the keychain failed: " + result.errorText.toStdString() + where, "keychain");
    }
}

// The process-wide keychain thread. Deliberately never destroyed: it may hold the only
// QCoreApplication and libsecret's connection, both of which must outlive every job.
class KeychainWorker final
{
public:
    static KeychainWorker &instance()
    {
        static KeychainWorker *worker = new KeychainWorker;
        return *worker;
    }

    void run(const std::function<void()> &task)
    {
        std::promise<void> done;
        auto future = done.get_future();
        {
            std::lock_guard lock(m_mutex);
            m_tasks.emplace_back([&] {
                try {
                    task();
                    done.set_value();
                } catch (...) {
                    done.set_exception(std::current_exception());
                }
            });
        }
        m_wake.notify_one();
        future.get();
    }

private:
    KeychainWorker()
    {
        std::thread([this] { main(); }).detach();
    }

    void main()
    {
        static int argc = 1;
        static char name[] = "bulkheadd";
        static char *argv[] = {name, nullptr};
        std::unique_ptr<QCoreApplication> app;
        if (!QCoreApplication::instance())
            app = std::make_unique<QCoreApplication>(argc, argv);
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return !m_tasks.empty(); });
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            task();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_tasks;
};

} // namespace

KeychainKeyProvider::KeychainKeyProvider(std::string keyName, std::chrono::milliseconds timeout)
    : m_keyName(std::move(keyName)), m_timeout(timeout)
{
    if (m_keyName.empty())
        throw Error(ErrorCode::InvalidArgument, "the keychain key name is empty", "keychain-key");
}

KeychainKeyProvider::~KeychainKeyProvider() = default;

std::string KeychainKeyProvider::entryName(std::string_view name) const
{
    if (name == crypto::kMasterKeySecretName)
        return m_keyName;
    return m_keyName + "." + std::string(name);
}

crypto::SecureBytes KeychainKeyProvider::loadOrCreateMasterKey()
{
    return loadOrCreateSecret(crypto::kMasterKeySecretName, crypto::kMasterKeySize);
}

std::string KeychainKeyProvider::describe() const
{
    return "OS keychain (service bulkhead, entry " + m_keyName + ")";
}

crypto::SecureBytes KeychainKeyProvider::loadOrCreateSecret(std::string_view name, std::size_t size)
{
    const std::string entry = entryName(name);
    crypto::SecureBytes secret;
    KeychainWorker::instance().run([&] {
        const QString service = QString::fromLatin1(kService);
        const QString key = QString::fromStdString(entry);
        JobResult read;
        {
            QKeychain::ReadPasswordJob job(service);
            job.setKey(key);
            runJob(job, m_timeout, read);
            if (!read.timedOut && read.error == QKeychain::NoError) {
                QByteArray encoded = job.textData().toLatin1();
                read.data = QByteArray::fromBase64(encoded, QByteArray::AbortOnBase64DecodingErrors);
                JobResult::scrub(encoded);
            }
        }
        if (!read.timedOut && read.error == QKeychain::NoError) {
            if (static_cast<std::size_t>(read.data.size()) != size)
                throw Error(ErrorCode::InvalidArgument, "the keychain entry " + entry + " does not hold a "
                                + std::to_string(size * 8) + "-bit base64 key", "keychain");
            secret = crypto::SecureBytes(std::span<const std::uint8_t>(
                reinterpret_cast<const std::uint8_t *>(read.data.constData()), size));
            return;
        }
        if (read.timedOut || read.error != QKeychain::EntryNotFound)
            throw keychainError(read, entry, m_timeout);

        crypto::SecureBytes fresh = crypto::randomBytes(size);
        QByteArray encoded = QByteArray(reinterpret_cast<const char *>(fresh.data()), static_cast<qsizetype>(size)).toBase64();
        JobResult write;
        {
            QKeychain::WritePasswordJob job(service);
            job.setKey(key);
            job.setTextData(QString::fromLatin1(encoded));
            JobResult::scrub(encoded);
            runJob(job, m_timeout, write);
        }
        if (write.timedOut || write.error != QKeychain::NoError)
            throw keychainError(write, entry, m_timeout);
        secret = std::move(fresh);
    });
    return secret;
}

void KeychainKeyProvider::deleteSecret(std::string_view name)
{
    const std::string entry = entryName(name);
    KeychainWorker::instance().run([&] {
        JobResult result;
        QKeychain::DeletePasswordJob job(QString::fromLatin1(kService));
        job.setKey(QString::fromStdString(entry));
        runJob(job, m_timeout, result);
        if (result.timedOut || (result.error != QKeychain::NoError && result.error != QKeychain::EntryNotFound))
            throw keychainError(result, entry, m_timeout);
    });
}

} // namespace bulkhead::keys
