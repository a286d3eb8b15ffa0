#include "ui/SecretStore.h"

#include <qt6keychain/keychain.h>

namespace bulkhead::ui {

namespace {
const QString kService = QStringLiteral("bulkhead-console");
}

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}

QString SecretStore::availabilityProbeKey()
{
    return QStringLiteral("availability-probe");
}

QString SecretStore::serviceName()
{
    return kService;
}

QString SecretStore::adminTokenKey(const QString &adminUrl)
{
    return QStringLiteral("admin-token ") + adminUrl;
}

void SecretStore::write(const QString &key, const QString &secret, WriteDone done)
{
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void SecretStore::read(const QString &key, ReadDone done)
{
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (j->error() == QKeychain::EntryNotFound)
            done(QString(), QString());
        else if (j->error() != QKeychain::NoError)
            done(QString(), j->errorString());
        else
            done(read->textData(), QString());
    });
    job->start();
}

void SecretStore::remove(const QString &key, WriteDone done)
{
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound
                 ? QString() : j->errorString());
    });
    job->start();
}

} // namespace bulkhead::ui
