#include "core/Error.h"
#include "net/Url.h"

#include <QtTest>

using namespace bulkhead::net;

class TestUrl final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void join();
    void hostPort_data();
    void hostPort();
};

void TestUrl::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("secure");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("origin");
    QTest::newRow("http default port") << "http://example.test" << true << false << "example.test"
                                       << 80 << "/" << "http://example.test:80";
    QTest::newRow("https path") << "https://api.example.test/v1/chat?x=1" << true << true
                                << "api.example.test" << 443 << "/v1/chat?x=1"
                                << "https://api.example.test:443";
    QTest::newRow("explicit port") << "http://127.0.0.1:8000/v1" << true << false << "127.0.0.1"
                                   << 8000 << "/v1" << "http://127.0.0.1:8000";
    QTest::newRow("ipv6") << "http://[::1]:9/x" << true << false << "::1" << 9 << "/x"
                          << "http://[::1]:9";
    QTest::newRow("upper-case scheme") << "HTTPS://h" << true << true << "h" << 443 << "/"
                                       << "https://h:443";
    QTest::newRow("query only") << "http://h?q" << true << false << "h" << 80 << "/?q"
                                << "http://h:80";
    QTest::newRow("ftp") << "ftp://h/" << false << false << "" << 0 << "" << "";
    QTest::newRow("no scheme") << "h:80" << false << false << "" << 0 << "" << "";
    QTest::newRow("credentials") << "http://u:p@h/" << false << false << "" << 0 << "" << "";
    QTest::newRow("fragment") << "http://h/#x" << false << false << "" << 0 << "" << "";
    QTest::newRow("port too large") << "http://h:70000/" << false << false << "" << 0 << "" << "";
    QTest::newRow("empty port") << "http://h:/" << false << false << "" << 0 << "" << "";
    QTest::newRow("empty host") << "http:///x" << false << false << "" << 0 << "" << "";
    QTest::newRow("space in path") << "http://h/a b" << false << false << "" << 0 << "" << "";
    QTest::newRow("ipv6 without brackets") << "http://::1/" << false << false << "" << 0 << ""
                                           << "";
}

void TestUrl::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    if (!valid) {
        QVERIFY_THROWS_EXCEPTION(bulkhead::core::Error, Url::parse(text.toStdString()));
        return;
    }
    QFETCH(bool, secure);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, target);
    QFETCH(QString, origin);
    const auto url = Url::parse(text.toStdString());
    QCOMPARE(url.secure, secure);
    QCOMPARE(QString::fromStdString(url.host), host);
    QCOMPARE(int(url.port), port);
    QCOMPARE(QString::fromStdString(url.target), target);
    QCOMPARE(QString::fromStdString(url.origin()), origin);
}

void TestUrl::join()
{
    const auto base = Url::parse("http://h:8000/v1/");
    QCOMPARE(QString::fromStdString(base.join("/chat/completions").target),
             QStringLiteral("/v1/chat/completions"));
    QCOMPARE(QString::fromStdString(Url::parse("http://h").join("v1/models").target),
             QStringLiteral("/v1/models"));
    QCOMPARE(QString::fromStdString(base.hostHeader()), QStringLiteral("h:8000"));
    QCOMPARE(QString::fromStdString(Url::parse("https://h/").hostHeader()), QStringLiteral("h"));
}

void TestUrl::hostPort_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("loopback ephemeral") << "127.0.0.1:0" << true << "127.0.0.1" << 0;
    QTest::newRow("name") << "localhost:8080" << true << "localhost" << 8080;
    QTest::newRow("ipv6") << "[::1]:443" << true << "::1" << 443;
    QTest::newRow("no port") << "127.0.0.1" << false << "" << 0;
    QTest::newRow("bad port") << "127.0.0.1:x" << false << "" << 0;
    QTest::newRow("no host") << ":80" << false << "" << 0;
}

void TestUrl::hostPort()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, host);
    QFETCH(int, port);
    if (!valid) {
        QVERIFY_THROWS_EXCEPTION(bulkhead::core::Error, parseHostPort(text.toStdString()));
        return;
    }
    const auto parsed = parseHostPort(text.toStdString());
    QCOMPARE(QString::fromStdString(parsed.host), host);
    QCOMPARE(int(parsed.port), port);
}

QTEST_APPLESS_MAIN(TestUrl)
#include "tst_url.moc"
