#include "models/AdminError.h"

#include <QSet>
#include <QtTest>

using bulkhead::models::AdminError;
using bulkhead::protocol::ApiErrorCode;

// The console's error handling comes from the protocol's one table: every code maps to itself,
// and each has its own translated sentence, never the "unknown" one.
class AdminErrorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<AdminError>("expected");
        QTest::newRow("version conflict")
            << QByteArray(
                   R"({"error":{"type":"conflict","code":"version_conflict","message":"x"}})")
            << AdminError(ApiErrorCode::VersionConflict);
        QTest::newRow("bad token") << QByteArray(R"({"error":{"code":"invalid_admin_token"}})")
                                   << AdminError(ApiErrorCode::InvalidAdminToken);
        QTest::newRow("internal error") << QByteArray(R"({"error":{"code":"internal_error"}})")
                                        << AdminError(ApiErrorCode::Internal);
        QTest::newRow("unknown code")
            << QByteArray(R"({"error":{"code":"brand_new"}})") << AdminError::Unknown;
        QTest::newRow("code is an enum name, not a wire code")
            << QByteArray(R"({"error":{"code":"NotFound"}})") << AdminError::Unknown;
        QTest::newRow("not json") << QByteArray("<html>") << AdminError::BadResponse;
        QTest::newRow("no code") << QByteArray(R"({"error":{}})") << AdminError::BadResponse;
        QTest::newRow("code not a string")
            << QByteArray(R"({"error":{"code":404}})") << AdminError::BadResponse;
    }
    void mapsBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(AdminError, expected);
        QVERIFY(bulkhead::models::adminErrorFromBody(body) == expected);
    }

    void everyProtocolCodeHasItsOwnSentence()
    {
        const QString unknown = bulkhead::models::describeAdminError(AdminError::Unknown);
        QVERIFY(!unknown.isEmpty());
        QSet<QString> sentences;
        int codes = 0;
        for (const auto &entry : bulkhead::protocol::apiErrorTable()) {
            ++codes;
            const QString wire =
                QString::fromUtf8(entry.info.code.data(), qsizetype(entry.info.code.size()));
            const AdminError error = bulkhead::models::adminErrorFromCode(wire);
            QVERIFY2(error.code() == entry.code, qPrintable(wire));
            const QString sentence = bulkhead::models::describeAdminError(error);
            QVERIFY2(!sentence.isEmpty() && sentence != unknown,
                     qPrintable(QStringLiteral("no console sentence for ") + wire));
            QVERIFY2(!sentences.contains(sentence),
                     qPrintable(QStringLiteral("shared sentence: ") + wire));
            sentences.insert(sentence);
        }
        QVERIFY(codes >= 30);
    }

    void consoleOutcomesHaveSentences()
    {
        QVERIFY(bulkhead::models::describeAdminError(AdminError::None).isEmpty());
        for (const AdminError error :
             {AdminError::Network, AdminError::BadResponse, AdminError::Unknown}) {
            QVERIFY(!error.code());
            QVERIFY(!bulkhead::models::describeAdminError(error).isEmpty());
        }
        QVERIFY(AdminError::Network != AdminError::BadResponse);
        // The console's own sentence, not the server's message.
        QVERIFY(bulkhead::models::describeAdminError(ApiErrorCode::VersionConflict)
                    .contains(QStringLiteral("reloaded")));
    }
};

QTEST_GUILESS_MAIN(AdminErrorTest)
#include "tst_adminerror.moc"
