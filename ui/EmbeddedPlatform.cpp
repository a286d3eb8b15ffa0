#include "EmbeddedPlatform.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace bulkhead::ui {

EmbeddedPlatform::EmbeddedPlatform(QString directory, QObject *parent)
    : QObject(parent), m_directory(std::move(directory))
{
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += m_process.readAllStandardError();
        // bulkheadctl reports each step as a "demo: ..." line on stderr.
        qsizetype newline;
        while ((newline = m_stderr.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_stderr.left(newline)).trimmed();
            m_stderr.remove(0, newline + 1);
            if (line.startsWith(QLatin1String("demo: ")))
                Q_EMIT progress(line.mid(6));
            else if (!line.isEmpty())
                m_errors += (m_errors.isEmpty() ? QString() : QStringLiteral(" ")) + line;
        }
    });
    connect(&m_process, &QProcess::finished, this, &EmbeddedPlatform::onFinished);
}

EmbeddedPlatform::~EmbeddedPlatform()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString EmbeddedPlatform::bulkheadctl() const
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/bulkheadctl");
}

void EmbeddedPlatform::start()
{
    QDir().mkpath(m_directory);
    m_started = true;
    Q_EMIT progress(tr("starting the embedded platform in %1", "status; %1 is a folder")
                        .arg(QDir::toNativeSeparators(m_directory)));
    m_process.start(bulkheadctl(), upArguments());
}

QStringList EmbeddedPlatform::daemonKeyArguments() const
{
    if (m_keyFile.isEmpty())
        return {};
    return {QStringLiteral("--key-provider"), QStringLiteral("file"), QStringLiteral("--key-file"), m_keyFile};
}

QStringList EmbeddedPlatform::upArguments() const
{
    return QStringList{QStringLiteral("demo"), QStringLiteral("up"), QStringLiteral("--dir"), m_directory}
           + daemonKeyArguments();
}

bool EmbeddedPlatform::readSummary()
{
    QFile file(m_directory + QStringLiteral("/demo.json"));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const auto summary = QJsonDocument::fromJson(file.readAll()).object();
    m_summary = summary;
    const QString adminUrl = summary.value(QStringLiteral("admin_url")).toString();
    // Empty once the console has moved the token into the keychain (forgetAdminToken).
    const QString token = summary.value(QStringLiteral("admin_token")).toString();
    if (adminUrl.isEmpty())
        return false;
    Q_EMIT ready(adminUrl, token, summary.value(QStringLiteral("upstream_url")).toString());
    return true;
}

void EmbeddedPlatform::onFinished(int exitCode, QProcess::ExitStatus status)
{
    const QString rest = (m_errors + QLatin1Char(' ') + QString::fromUtf8(m_stderr)).trimmed();
    if (status == QProcess::NormalExit && exitCode == 0 && readSummary())
        return;
    // Already running in this folder: reuse it.
    if (rest.contains(QLatin1String("already running")) && readSummary())
        return;
    Q_EMIT failed(rest.isEmpty() ? tr("bulkheadctl could not be started", "error") : rest);
}

bool EmbeddedPlatform::forgetAdminToken()
{
    const QString path = m_directory + QStringLiteral("/demo.json");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QJsonObject summary = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    summary.remove(QStringLiteral("admin_token"));
    // Replaced in one step, owner-only like the original (it still holds the tenants' demo keys).
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(QJsonDocument(summary).toJson(QJsonDocument::Indented));
    if (!out.commit())
        return false;
    m_summary = summary;
    // The daemon's first-start hand-over file: the keychain holds the token now.
    const QString handOver = m_directory + QStringLiteral("/admin.token");
    return !QFile::exists(handOver) || QFile::remove(handOver);
}

qint64 EmbeddedPlatform::componentPid(const QString &name) const
{
    QFile file(m_directory + QStringLiteral("/pids"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    qint64 pid = 0;
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().simplified().split(' ');
        if (fields.size() == 2 && QString::fromUtf8(fields[0]) == name)
            pid = fields[1].toLongLong();  // the last entry wins
    }
    return pid;
}

void EmbeddedPlatform::stop()
{
    if (!m_started)
        return;
    QProcess down;
    down.start(bulkheadctl(), {QStringLiteral("demo"), QStringLiteral("down"),
                               QStringLiteral("--dir"), m_directory});
    down.waitForFinished(30000);
}

} // namespace bulkhead::ui
