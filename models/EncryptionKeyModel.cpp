#include "models/EncryptionKeyModel.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QJsonArray>
#include <QLocale>

namespace bulkhead::models {

namespace {

// The header says UTC; the date and time are in the user's order and separators.
QString utcTime(qint64 seconds)
{
    const QLocale locale;
    const QDateTime at = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    return locale.toString(at.date(), QLocale::ShortFormat) + QLatin1Char(' ') +
           locale.toString(at.time(), QStringLiteral("HH:mm:ss"));
}

} // namespace

EncryptionKeyModel::EncryptionKeyModel(QObject *parent) : RowTableModel(parent) {}

EncryptionKeyModel::Key EncryptionKeyModel::keyFromJson(const QJsonObject &o)
{
    Key k;
    k.keyId = o.value(QLatin1StringView("key_id")).toString();
    k.kind = o.value(QLatin1StringView("kind")).toString();
    k.purpose = o.value(QLatin1StringView("purpose")).toString();
    k.version = o.value(QLatin1StringView("version")).toInteger();
    k.createdAt = o.value(QLatin1StringView("created_at")).toInteger();
    k.rotatedAt = o.value(QLatin1StringView("rotated_at")).toInteger();
    k.active = o.value(QLatin1StringView("active")).toBool();
    return k;
}

void EncryptionKeyModel::setKeys(const QJsonObject &reply)
{
    m_tenant = reply.value(QLatin1StringView("tenant")).toString();
    m_masterKeyId = reply.value(QLatin1StringView("master_key_id")).toString();
    m_dataKeyRotation = reply.value(QLatin1StringView("data_key_rotation")).toString();

    QVector<Key> next;
    const QJsonArray keys = reply.value(QLatin1StringView("keys")).toArray();
    next.reserve(keys.size());
    for (const QJsonValue &v : keys)
        next.push_back(keyFromJson(v.toObject()));

    replaceRows(m_keys, std::move(next),
                [](const auto &a, const auto &b) { return a.keyId == b.keyId && a.kind == b.kind; });
}

void EncryptionKeyModel::clear()
{
    m_tenant.clear();
    m_masterKeyId.clear();
    m_dataKeyRotation.clear();
    if (m_keys.isEmpty())
        return;
    beginResetModel();
    m_keys.clear();
    endResetModel();
}

const EncryptionKeyModel::Key *EncryptionKeyModel::key(int row) const
{
    return row >= 0 && row < m_keys.size() ? &m_keys[row] : nullptr;
}

int EncryptionKeyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int EncryptionKeyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EncryptionKeyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Key &k = m_keys[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case KeyIdColumn: return k.keyId;
        case KindColumn:
            if (role == Qt::EditRole)
                return k.kind;
            if (k.kind == QLatin1StringView("tenant-kek"))
                return tr("Key-encryption key", "encryption key table: kind");
            if (k.kind == QLatin1StringView("data-key"))
                return tr("Data key", "encryption key table: kind");
            return k.kind;
        case PurposeColumn: return k.purpose;
        case VersionColumn: return k.version;
        case CreatedColumn:
            if (role == Qt::EditRole)
                return k.createdAt;
            return k.createdAt > 0 ? utcTime(k.createdAt) : QString();
        case RotatedColumn:
            if (role == Qt::EditRole)
                return k.rotatedAt;
            return k.rotatedAt > 0 ? utcTime(k.rotatedAt)
                                   : tr("Never", "encryption key table: not rotated yet");
        case ActiveColumn:
            if (role == Qt::EditRole)
                return k.active;
            return k.active ? tr("Active", "encryption key table: key in use")
                            : tr("Retired", "encryption key table: key no longer used for new data");
        default: return {};
        }
    case Qt::FontRole:
        if (k.active) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case KeyIdRole: return k.keyId;
    case ActiveRole: return k.active;
    case KindRole: return k.kind;
    default: return {};
    }
}

QVariant EncryptionKeyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyIdColumn: return tr("Key ID", "encryption key table header");
    case KindColumn: return tr("Kind", "encryption key table header");
    case PurposeColumn: return tr("Purpose", "encryption key table header");
    case VersionColumn: return tr("Version", "encryption key table header");
    case CreatedColumn: return tr("Created (UTC)", "encryption key table header");
    case RotatedColumn: return tr("Rotated (UTC)", "encryption key table header");
    case ActiveColumn: return tr("State", "encryption key table header");
    default: return {};
    }
}

} // namespace bulkhead::models
