#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace bulkhead::ui {

// The console's secrets (admin tokens) in the OS keychain through QtKeychain: the Secret
// Service on Linux. There is no plaintext fallback: when the keychain cannot be used the
// caller gets the reason and must refuse.
class SecretStore final : public QObject
{
    Q_OBJECT

public:
    explicit SecretStore(QObject *parent = nullptr);

    // `error` is empty on success.
    using WriteDone = std::function<void(const QString &error)>;
    using ReadDone = std::function<void(const QString &secret, const QString &error)>;

    void write(const QString &key, const QString &secret, WriteDone done);
    // A missing entry reads as an empty secret with no error.
    void read(const QString &key, ReadDone done);
    void remove(const QString &key, WriteDone done);

    // The entry holding the admin token for one daemon.
    static QString adminTokenKey(const QString &adminUrl);
    // An entry never written: reading it tells whether the keychain can be used at all.
    static QString availabilityProbeKey();
    // The keychain service the entries are filed under (shown in Help > About).
    static QString serviceName();
};

} // namespace bulkhead::ui
