#pragma once

#include "models/RowTableModel.h"

#include <QJsonObject>
#include <QVector>

namespace bulkhead::models {

// GET /admin/v1/tenants/{id}/encryption-keys: one row per tenant KEK version and data key.
// Ids, versions and dates only; the daemon never sends key material.
class EncryptionKeyModel final : public RowTableModel
{
    Q_OBJECT

public:
    enum Column {
        KeyIdColumn,
        KindColumn,
        PurposeColumn,
        VersionColumn,
        CreatedColumn,
        RotatedColumn,
        ActiveColumn,
        ColumnCount
    };
    enum Role {
        KeyIdRole = Qt::UserRole + 1,
        ActiveRole,  // bool
        KindRole,    // "tenant-kek" or "data-key"
    };

    struct Key {
        QString keyId;
        QString kind;
        QString purpose;
        qint64 version = 0;
        qint64 createdAt = 0;  // unix seconds
        qint64 rotatedAt = 0;  // 0: never
        bool active = false;
    };

    explicit EncryptionKeyModel(QObject *parent = nullptr);

    // Replaces the content with an encryption-keys answer. The same key ids in the same order
    // update in place (one ranged dataChanged); anything else resets.
    void setKeys(const QJsonObject &reply);
    void clear();
    static Key keyFromJson(const QJsonObject &object);

    QString tenant() const { return m_tenant; }
    QString masterKeyId() const { return m_masterKeyId; }
    // "re-encrypting", "done", "failed: ..." or empty: the last data key rotation's state.
    QString dataKeyRotation() const { return m_dataKeyRotation; }
    const Key *key(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVector<Key> m_keys;
    QString m_tenant;
    QString m_masterKeyId;
    QString m_dataKeyRotation;
};

} // namespace bulkhead::models
