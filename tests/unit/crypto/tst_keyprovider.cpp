#include "CryptoTestSupport.h"
#include "crypto/KeyProvider.h"

#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace bulkhead;
using namespace bulkhead::crypto;
using test::errorCodeOf;

namespace {

void writeFile(const std::string &path, const std::string &content, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
    QVERIFY(fd >= 0);
    QCOMPARE(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::fchmod(fd, mode);
    ::close(fd);
}

const std::string kHexKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

} // namespace

class KeyProviderTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }

private Q_SLOTS:
    void createsPrivateFileOnce()
    {
        const std::string file = path("created.key");
        FileKeyProvider provider(file, FileKeyProvider::Create::IfMissing);
        const SecureBytes first = provider.loadOrCreateMasterKey();
        QCOMPARE(first.size(), kMasterKeySize);
        struct stat info {};
        QCOMPARE(::stat(file.c_str(), &info), 0);
        QCOMPARE(info.st_mode & 07777, mode_t(0600));
        const SecureBytes again = FileKeyProvider(file).loadOrCreateMasterKey();
        QVERIFY(constantTimeEquals(first.view(), again.view()));
        QVERIFY(provider.describe().find(file) != std::string::npos);
        QCOMPARE(masterKeyId(first.view()), masterKeyId(again.view()));
        QVERIFY(masterKeyId(first.view()).starts_with("mk_"));
    }

    void readsExistingHexKey()
    {
        const std::string file = path("existing.key");
        writeFile(file, kHexKey + "\n", 0600);
        const SecureBytes key = FileKeyProvider(file).loadOrCreateMasterKey();
        QCOMPARE(toHex(key.view()), kHexKey);
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("0644") << QString::fromStdString(kHexKey) << 0644 << "has mode 0644; it must be readable by its owner only";
        QTest::newRow("0640") << QString::fromStdString(kHexKey) << 0640 << "has mode 0640";
        QTest::newRow("0604") << QString::fromStdString(kHexKey) << 0604 << "has mode 0604";
        QTest::newRow("short") << "abcd" << 0600 << "must hold exactly 64 hex characters";
        QTest::newRow("not hex") << QString(64, QLatin1Char('z')) << 0600 << "hex characters only";
    }

    void refusesBadFiles()
    {
        QFETCH(QString, content);
        QFETCH(int, mode);
        QFETCH(QString, expected);
        const std::string file = path(QTest::currentDataTag());
        writeFile(file, content.toStdString(), static_cast<mode_t>(mode));
        std::string message;
        QCOMPARE(errorCodeOf([&] { FileKeyProvider(file).loadOrCreateMasterKey(); }, &message),
                 core::ErrorCode::InvalidArgument);
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY(message.find(kHexKey) == std::string::npos);  // never key material in messages
        // Never "repaired" or overwritten by the create mode either.
        QCOMPARE(errorCodeOf([&] { FileKeyProvider(file, FileKeyProvider::Create::IfMissing).loadOrCreateMasterKey(); }),
                 core::ErrorCode::InvalidArgument);
    }

    void refusesSymlinkAndDirectory()
    {
        const std::string target = path("target.key");
        writeFile(target, kHexKey, 0600);
        const std::string link = path("link.key");
        QCOMPARE(::symlink(target.c_str(), link.c_str()), 0);
        QCOMPARE(errorCodeOf([&] { FileKeyProvider(link).loadOrCreateMasterKey(); }), core::ErrorCode::InvalidArgument);
        const std::string dir = path("dir.key");
        QCOMPARE(::mkdir(dir.c_str(), 0700), 0);
        std::string message;
        QCOMPARE(errorCodeOf([&] { FileKeyProvider(dir).loadOrCreateMasterKey(); }, &message),
                 core::ErrorCode::InvalidArgument);
        QVERIFY(message.find("not a regular file") != std::string::npos);
    }

    void missingWithoutCreateIsUnavailable()
    {
        std::string message;
        QCOMPARE(errorCodeOf([&] { FileKeyProvider(path("absent.key")).loadOrCreateMasterKey(); }, &message),
                 core::ErrorCode::Unavailable);
        QVERIFY(message.find("does not exist") != std::string::npos);
    }

    void refusesFileOfAnotherUser()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to give a file to another user");
        const std::string file = path("foreign.key");
        writeFile(file, kHexKey, 0600);
        QCOMPARE(::chown(file.c_str(), 65534, 65534), 0);
        std::string message;
        QCOMPARE(errorCodeOf([&] { FileKeyProvider(file).loadOrCreateMasterKey(); }, &message),
                 core::ErrorCode::InvalidArgument);
        QVERIFY(message.find("is owned by uid 65534") != std::string::npos);
    }

    void namedSecretsBesideTheMasterKey()
    {
        const std::string file = path("named.key");
        FileKeyProvider provider(file, FileKeyProvider::Create::IfMissing);
        const Ed25519Key signing = loadOrCreateSigningKey(provider);
        struct stat info {};
        QCOMPARE(::stat((file + ".signing-key").c_str(), &info), 0);
        QCOMPARE(info.st_mode & 07777, mode_t(0600));
        QCOMPARE(loadOrCreateSigningKey(provider).publicKey(), signing.publicKey());
    }

    void inMemoryProviderUnavailable()
    {
        InMemoryKeyProvider provider;
        const SecureBytes key = provider.loadOrCreateMasterKey();
        QVERIFY(constantTimeEquals(key.view(), provider.loadOrCreateMasterKey().view()));
        provider.setUnavailable(std::string("the keychain is locked"));
        std::string message;
        QCOMPARE(errorCodeOf([&] { provider.loadOrCreateMasterKey(); }, &message), core::ErrorCode::Unavailable);
        QCOMPARE(message, std::string("the keychain is locked"));
    }
};

QTEST_GUILESS_MAIN(KeyProviderTest)
#include "tst_keyprovider.moc"
