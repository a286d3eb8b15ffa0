#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QtTest>

// The German translation is complete and safe to use: every message translated, with the same
// placeholders (%1, %n, ...) as its source and a mnemonic wherever the source has one.
class TranslationsTest : public QObject
{
    Q_OBJECT

    struct Message {
        QString context, source, comment;
        QStringList translations;  // one, or the numerus forms
        bool unfinished = false;
        bool numerus = false;
    };

    static QList<Message> read(const QString &path)
    {
        QList<Message> out;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return out;
        QXmlStreamReader xml(&file);
        QString context;
        Message current;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) {
                if (xml.isEndElement() && xml.name() == QLatin1StringView("message"))
                    out << current;
                continue;
            }
            const auto name = xml.name();
            if (name == QLatin1StringView("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1StringView("message")) {
                current = Message{};
                current.context = context;
                current.numerus = xml.attributes().value(QLatin1StringView("numerus")) == QLatin1StringView("yes");
            } else if (name == QLatin1StringView("source")) {
                current.source = xml.readElementText();
            } else if (name == QLatin1StringView("comment")) {
                current.comment = xml.readElementText();
            } else if (name == QLatin1StringView("translation")) {
                current.unfinished = xml.attributes().value(QLatin1StringView("type")) == QLatin1StringView("unfinished");
                if (!current.numerus)
                    current.translations << xml.readElementText();
            } else if (name == QLatin1StringView("numerusform")) {
                current.translations << xml.readElementText();
            }
        }
        return xml.hasError() ? QList<Message>() : out;
    }

    static QMap<QString, int> placeholders(const QString &text)
    {
        static const QRegularExpression pattern(QStringLiteral("%L?(\\d|n)"));
        QMap<QString, int> found;
        for (const auto &match : pattern.globalMatch(text))
            ++found[match.captured(1)];
        return found;
    }

    static bool hasMnemonic(const QString &text)
    {
        return QString(text).remove(QStringLiteral("&&")).contains(QLatin1Char('&'));
    }

private Q_SLOTS:
    void germanIsCompleteAndKeepsPlaceholders()
    {
        const auto messages = read(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") + QStringLiteral("/translations/bulkhead_de.ts"));
        QVERIFY2(messages.size() > 300, "bulkhead_de.ts is missing or not valid XML");
        QStringList problems;
        for (const Message &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source.left(60);
            if (m.unfinished || m.translations.isEmpty() || m.translations.first().isEmpty()) {
                problems << QStringLiteral("untranslated: ") + where;
                continue;
            }
            if (m.numerus && m.translations.size() != 2)
                problems << QStringLiteral("German needs two plural forms: ") + where;
            for (const QString &t : m.translations) {
                QMap<QString, int> expected = placeholders(m.source);
                // A plural form may spell out "one" instead of %n.
                if (m.numerus)
                    expected.remove(QStringLiteral("n"));
                QMap<QString, int> got = placeholders(t);
                got.remove(QStringLiteral("n"));
                if (got != expected)
                    problems << QStringLiteral("placeholders differ: ") + where;
            }
            if (hasMnemonic(m.source) && !hasMnemonic(m.translations.first()))
                problems << QStringLiteral("mnemonic lost: ") + where;
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(QLatin1Char('\n'))));
    }

    void englishPluralsAreSpelledOut()
    {
        const auto messages = read(qEnvironmentVariable("BULKHEAD_SOURCE_DIR") + QStringLiteral("/translations/bulkhead_en.ts"));
        QVERIFY(!messages.isEmpty());
        int plurals = 0;
        for (const Message &m : messages) {
            if (!m.numerus)
                continue;
            ++plurals;
            QVERIFY2(!m.unfinished && m.translations.size() == 2, qPrintable(m.source));
            QVERIFY2(!m.translations.at(1).contains(QStringLiteral("(s)")), qPrintable(m.source));
        }
        QVERIFY(plurals > 0);
    }
};

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
