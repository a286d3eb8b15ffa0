#include "models/EncryptionKeyModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using bulkhead::models::EncryptionKeyModel;

class EncryptionKeyModelTest : public QObject
{
    Q_OBJECT

    static QJsonObject reply(int kekVersions, qint64 dataRotatedAt = 0)
    {
        QJsonArray keys;
        for (int v = 1; v <= kekVersions; ++v)
            keys.append(QJsonObject{{"key_id", QStringLiteral("kek-life-v%1").arg(v)},
                                    {"kind", "tenant-kek"},
                                    {"purpose", ""},
                                    {"version", v},
                                    {"created_at", 1767225600 + v},
                                    {"rotated_at", 0},
                                    {"active", v == kekVersions}});
        keys.append(QJsonObject{{"key_id", "dk-life-documents-1"},
                                {"kind", "data-key"},
                                {"purpose", "documents"},
                                {"version", kekVersions},
                                {"created_at", 1767225600},
                                {"rotated_at", dataRotatedAt},
                                {"active", true}});
        return QJsonObject{{"tenant", "life"}, {"keys", keys}, {"master_key_id", "mk-1"}};
    }

private Q_SLOTS:
    void loadsKeys()
    {
        EncryptionKeyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setKeys(reply(2));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(EncryptionKeyModel::ColumnCount));
        QCOMPARE(model.masterKeyId(), QString("mk-1"));
        QCOMPARE(model.tenant(), QString("life"));
        QCOMPARE(model.index(0, EncryptionKeyModel::KeyIdColumn).data().toString(), "kek-life-v1");
        QCOMPARE(model.index(0, EncryptionKeyModel::KindColumn).data().toString(), "Key-encryption key");
        QCOMPARE(model.index(2, EncryptionKeyModel::KindColumn).data().toString(), "Data key");
        QCOMPARE(model.index(2, EncryptionKeyModel::PurposeColumn).data().toString(), "documents");
        QCOMPARE(model.index(1, EncryptionKeyModel::VersionColumn).data().toLongLong(), 2);
        QCOMPARE(model.index(0, EncryptionKeyModel::CreatedColumn).data().toString(),
                 QLocale().toString(QDate(2026, 1, 1), QLocale::ShortFormat) + " 00:00:01");
        {
            // German order and separators once the console speaks German.
            const QLocale before;
            QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
            QCOMPARE(model.index(0, EncryptionKeyModel::CreatedColumn).data().toString(),
                     "01.01.26 00:00:01");
            QLocale::setDefault(before);
        }
        QCOMPARE(model.index(2, EncryptionKeyModel::RotatedColumn).data().toString(), "Never");
        QVERIFY(!model.index(0, 0).data(EncryptionKeyModel::ActiveRole).toBool());
        QVERIFY(model.index(1, 0).data(EncryptionKeyModel::ActiveRole).toBool());
        QCOMPARE(model.index(0, EncryptionKeyModel::ActiveColumn).data().toString(), "Retired");
        QCOMPARE(model.index(1, EncryptionKeyModel::ActiveColumn).data().toString(), "Active");
        QVERIFY(model.index(1, 0).data(Qt::FontRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
    }

    void sameKeysGiveOneRangedDataChanged()
    {
        EncryptionKeyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setKeys(reply(2));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setKeys(reply(2, 1767300000));  // a re-wrap changes dates, not rows
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>(), model.index(0, 0));
        QCOMPARE(changed[0][1].value<QModelIndex>(),
                 model.index(2, EncryptionKeyModel::ColumnCount - 1));
        QCOMPARE(model.index(2, EncryptionKeyModel::RotatedColumn).data(Qt::EditRole).toLongLong(),
                 1767300000);
    }

    void rotationAddsRowsWithOneReset()
    {
        EncryptionKeyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setKeys(reply(1));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setKeys(reply(2));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 3);

        model.clear();
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.masterKeyId().isEmpty());
        model.clear();  // already empty: no signal
        QCOMPARE(reset.count(), 2);
    }
};

QTEST_GUILESS_MAIN(EncryptionKeyModelTest)
#include "tst_encryptionkeymodel.moc"
