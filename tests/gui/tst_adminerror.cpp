#include "models/AdminError.h"

#include <QtTest>

using bulkhead::models::AdminError;

class AdminErrorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<AdminError>("expected");
        QTest::newRow("version conflict")
            << QByteArray(R"({"error":{"type":"conflict","code":"version_conflict","message":"x"}})")
            << AdminError::VersionConflict;
        QTest::newRow("bad token")
            << QByteArray(R"({"error":{"code":"invalid_admin_token"}})") << AdminError::InvalidAdminToken;
        QTest::newRow("unknown code")
            << QByteArray(R"({"error":{"code":"brand_new"}})") << AdminError::Unknown;
        QTest::newRow("not json") << QByteArray("<html>") << AdminError::BadResponse;
        QTest::newRow("no code") << QByteArray(R"({"error":{}})") << AdminError::BadResponse;
    }
    void mapsBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(AdminError, expected);
        QCOMPARE(bulkhead::models::adminErrorFromBody(body), expected);
    }

    void everyErrorHasASentence()
    {
        QVERIFY(bulkhead::models::describeAdminError(AdminError::None).isEmpty());
        for (int e = int(AdminError::Network); e <= int(AdminError::Unknown); ++e)
            QVERIFY2(!bulkhead::models::describeAdminError(AdminError(e)).isEmpty(),
                     qPrintable(QString::number(e)));
        // The console's own sentence, not the server's message.
        QVERIFY(bulkhead::models::describeAdminError(AdminError::VersionConflict).contains("reloaded"));
    }
};

QTEST_GUILESS_MAIN(AdminErrorTest)
#include "tst_adminerror.moc"
