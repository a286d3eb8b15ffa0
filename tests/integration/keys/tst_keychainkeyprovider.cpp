#include "core/Error.h"
#include "keys/KeychainKeyProvider.h"

#include <QDir>
#include <QProcess>
#include <QTest>

#include <cstdlib>

using namespace bulkhead;
using namespace bulkhead::crypto;
using bulkhead::keys::KeychainKeyProvider;

namespace {

std::optional<core::Error> errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const core::Error &error) {
        return error;
    } catch (const std::exception &other) {
        return core::Error(core::ErrorCode::Internal, std::string("unexpected exception: ") + other.what());
    }
    return std::nullopt;
}

// An entry name of its own per run, so runs never see each other's keys.
std::string uniqueKeyName()
{
    return "test-master-key-" + toHex(randomBytes(6).view());
}

} // namespace

class KeychainKeyProviderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storeAndReload()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("no D-Bus session: run inside dbus-run-session with tests/with-keyring.sh");
        const std::string name = uniqueKeyName();
        SecureBytes first;
        {
            KeychainKeyProvider provider(name);
            const auto error = errorOf([&] { first = provider.loadOrCreateMasterKey(); });
            QVERIFY2(!error, error ? error->what() : "");
            QCOMPARE(first.size(), kMasterKeySize);
            QVERIFY(provider.describe().find(name) != std::string::npos);
        }
        KeychainKeyProvider reloaded(name);
        const SecureBytes second = reloaded.loadOrCreateMasterKey();
        QVERIFY(constantTimeEquals(first.view(), second.view()));

        // The signing seed lives beside it and is stable too.
        const Ed25519Key signing = loadOrCreateSigningKey(reloaded);
        QCOMPARE(loadOrCreateSigningKey(reloaded).publicKey(), signing.publicKey());

        reloaded.deleteSecret(kSigningKeySecretName);
        reloaded.deleteSecret(kMasterKeySecretName);
        // After deletion a new, different key is created.
        const SecureBytes third = reloaded.loadOrCreateMasterKey();
        QVERIFY(!constantTimeEquals(first.view(), third.view()));
        reloaded.deleteSecret(kMasterKeySecretName);
    }

    // The keychain connection is per process, so the "no Secret Service" path runs in a child
    // process of this test whose session bus points at a socket that does not exist.
    void noSecretServiceIsReportedExactly()
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + QDir::tempPath() + QStringLiteral("/bulkhead-no-such-bus-")
                       + QString::number(QCoreApplication::applicationPid()));
        env.insert(QStringLiteral("BULKHEAD_KEYCHAIN_CHILD"), QStringLiteral("1"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("noSecretServiceChild")});
        QVERIFY(child.waitForFinished(60000));
        const QByteArray output = child.readAllStandardOutput() + child.readAllStandardError();
        QVERIFY2(child.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("PASS   : KeychainKeyProviderTest::noSecretServiceChild()"), output.constData());
    }

    void noSecretServiceChild()
    {
        if (qEnvironmentVariableIsEmpty("BULKHEAD_KEYCHAIN_CHILD"))
            QSKIP("runs only as the child process of noSecretServiceIsReportedExactly");
        const auto error = errorOf([] {
            KeychainKeyProvider provider(uniqueKeyName(), std::chrono::seconds(10));
            provider.loadOrCreateMasterKey();
        });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), core::ErrorCode::Unavailable);
        QVERIFY2(std::string(error->what()).starts_with("no Secret Service is running"), error->what());
    }
};

QTEST_GUILESS_MAIN(KeychainKeyProviderTest)
#include "tst_keychainkeyprovider.moc"
