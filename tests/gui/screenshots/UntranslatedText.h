#pragma once

// Finds English catalogue strings on a German screen: every text a user can see in a widget
// tree (labels, buttons, group titles, placeholders, combo items, table headers and cells,
// chart titles and axes, menus, toolbar and status bar) is compared with the messages of the
// German .ts catalogue. A text that matches an English source but no German translation is
// untranslated; a text whose message is "translated" to the same words must be on the short
// allow-list of strings identical in both languages by design.

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QToolBar>
#include <QXmlStreamReader>

namespace bulkhead::testsupport {

class UntranslatedText
{
public:
    // Messages whose German text is the English one on purpose, each with its reason.
    static const QMap<QString, QString> &identicalByDesign()
    {
        static const QMap<QString, QString> list{
            {QStringLiteral("Bulkhead"), QStringLiteral("the product's name")},
            {QStringLiteral("%1 ms"), QStringLiteral("a number and the SI unit symbol")},
            {QStringLiteral("Bytes"), QStringLiteral("the unit")},
            {QStringLiteral("SHA-256"), QStringLiteral("the algorithm's name")},
            {QStringLiteral("ID"), QStringLiteral("the abbreviation German uses too")},
            {QStringLiteral("OK"), QStringLiteral("the same in German")},
            {QStringLiteral("Name"), QStringLiteral("the same word in German")},
            {QStringLiteral("https://host/v1"), QStringLiteral("an example address")},
            // Words German uses unchanged (technical terms of the field).
            {QStringLiteral("Daemon"), QStringLiteral("the same word in German")},
            {QStringLiteral("Daemon:"), QStringLiteral("the same word in German")},
            {QStringLiteral("Daemon: %1"), QStringLiteral("the same word in German, then a URL")},
            {QStringLiteral("Daemon %1"), QStringLiteral("the same word in German, then a version")},
            {QStringLiteral("Daemon: %1 %2"), QStringLiteral("the same word in German, then name and version")},
            {QStringLiteral("Route"), QStringLiteral("the same word in German")},
            {QStringLiteral("Route:"), QStringLiteral("the same word in German")},
            {QStringLiteral("Tokens"), QStringLiteral("the technical term, also in German")},
            {QStringLiteral("Upstreams"), QStringLiteral("the technical term, also in German")},
            {QStringLiteral("Version"), QStringLiteral("the same word in German")},
        };
        return list;
    }

    // Reads the catalogue; false if it cannot be read.
    bool load(const QString &tsPath)
    {
        QFile file(tsPath);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        QXmlStreamReader xml(&file);
        QString source;
        QStringList translations;
        bool numerus = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isEndElement() && xml.name() == QLatin1StringView("message")) {
                addMessage(source, translations);
                source.clear();
                translations.clear();
                continue;
            }
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1StringView("message"))
                numerus = xml.attributes().value(QLatin1StringView("numerus")) == QLatin1StringView("yes");
            else if (xml.name() == QLatin1StringView("source"))
                source = xml.readElementText();
            else if (xml.name() == QLatin1StringView("translation") && !numerus)
                translations << xml.readElementText();
            else if (xml.name() == QLatin1StringView("numerusform"))  // the plural forms
                translations << xml.readElementText();
        }
        return !xml.hasError() && !m_english.isEmpty();
    }

    // The texts of `root` (and, for a main window, its menus and tool bars) that are English.
    QStringList findIn(QWidget *root) const
    {
        QStringList found;
        for (const QString &text : visibleTexts(root)) {
            const QString problem = check(text);
            if (!problem.isEmpty() && !found.contains(problem))
                found << problem;
        }
        return found;
    }

    static QStringList visibleTexts(QWidget *root)
    {
        QStringList texts;
        const auto add = [&texts](const QString &text) {
            for (const QString &line : text.split(QLatin1Char('\n'))) {
                const QString trimmed = withoutMnemonic(line).trimmed();
                if (!trimmed.isEmpty())
                    texts << trimmed;
            }
        };
        if (auto *window = qobject_cast<QMainWindow *>(root)) {
            add(window->windowTitle());
            for (QAction *menu : window->menuBar()->actions())
                add(menu->text());
        }
        QList<QWidget *> widgets{root};
        widgets += root->findChildren<QWidget *>();
        for (QWidget *w : std::as_const(widgets)) {
            if (!w->isVisible())
                continue;
            if (auto *label = qobject_cast<QLabel *>(w)) {
                add(Qt::mightBeRichText(label->text()) && label->textFormat() != Qt::PlainText
                        ? QTextDocumentFragment::fromHtml(label->text()).toPlainText()
                        : label->text());
            } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
                add(button->text());
            } else if (auto *box = qobject_cast<QGroupBox *>(w)) {
                add(box->title());
            } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
                add(edit->text().isEmpty() ? edit->placeholderText() : edit->text());
            } else if (auto *text = qobject_cast<QTextEdit *>(w)) {
                add(text->toPlainText().isEmpty() ? text->placeholderText() : text->toPlainText());
            } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
                for (int i = 0; i < combo->count(); ++i)
                    add(combo->itemText(i));
            } else if (auto *spin = qobject_cast<QSpinBox *>(w)) {
                add(spin->prefix());
                add(spin->suffix());
                add(spin->specialValueText());
            } else if (auto *progress = qobject_cast<QProgressBar *>(w)) {
                if (progress->isTextVisible())
                    add(progress->format());
            } else if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
                for (int i = 0; i < tabs->count(); ++i)
                    add(tabs->tabText(i));
            } else if (auto *bar = qobject_cast<QToolBar *>(w)) {
                for (QAction *action : bar->actions())
                    add(action->text());
            } else if (auto *chartView = qobject_cast<QChartView *>(w)) {
                QChart *chart = chartView->chart();
                add(chart->title());
                for (QAbstractAxis *axis : chart->axes()) {
                    add(axis->titleText());
                    if (auto *categories = qobject_cast<QBarCategoryAxis *>(axis))
                        for (const QString &category : categories->categories())
                            add(category);
                }
                for (QAbstractSeries *series : chart->series())
                    add(series->name());
            }
            if (auto *view = qobject_cast<QAbstractItemView *>(w)) {
                const QAbstractItemModel *model = view->model();
                if (!model)
                    continue;
                for (int c = 0; c < model->columnCount(); ++c)
                    add(model->headerData(c, Qt::Horizontal).toString());
                for (int r = 0; r < std::min(model->rowCount(), 200); ++r)
                    for (int c = 0; c < model->columnCount(); ++c)
                        add(model->index(r, c).data().toString());
            }
        }
        return texts;
    }

private:
    struct Message {
        QRegularExpression english;
        QList<QRegularExpression> german;
        QString source;
        bool identical = false;
    };

    static QString withoutMnemonic(QString text)
    {
        text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
        text.remove(QLatin1Char('&'));
        text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
        return text;
    }

    // The whole text, with each placeholder standing for any text.
    static QRegularExpression pattern(const QString &text)
    {
        static const QRegularExpression placeholder(QStringLiteral("%L?(\\d+|n)"));
        QString regex;
        qsizetype at = 0;
        for (auto it = placeholder.globalMatch(text); it.hasNext();) {
            const auto match = it.next();
            regex += QRegularExpression::escape(text.mid(at, match.capturedStart() - at));
            regex += QStringLiteral(".+");
            at = match.capturedEnd();
        }
        regex += QRegularExpression::escape(text.mid(at));
        return QRegularExpression(QRegularExpression::anchoredPattern(regex),
                                  QRegularExpression::DotMatchesEverythingOption);
    }

    static bool hasWords(const QString &text)
    {
        static const QRegularExpression placeholder(QStringLiteral("%L?(\\d+|n)"));
        QString rest = text;
        rest.remove(placeholder);
        int letters = 0;
        for (const QChar c : rest)
            letters += c.isLetter() ? 1 : 0;
        return letters >= 2;
    }

    void addMessage(const QString &rawSource, const QStringList &rawTranslations)
    {
        const QString source = withoutMnemonic(rawSource).trimmed();
        if (source.isEmpty() || !hasWords(source))
            return;
        Message m;
        m.source = source;
        m.english = pattern(source);
        bool identical = true;
        for (const QString &raw : rawTranslations) {
            const QString translation = withoutMnemonic(raw).trimmed();
            if (translation.isEmpty())
                continue;
            m.german << pattern(translation);
            identical = identical && translation == source;
        }
        m.identical = identical && !m.german.isEmpty();
        for (const QRegularExpression &g : std::as_const(m.german)) {
            m_german << g;
            if (!m.identical)
                m_translated << g;
        }
        for (const QString &raw : rawTranslations)
            for (const QString &line : withoutMnemonic(raw).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                if (hasWords(line))
                    m_german << pattern(line.trimmed());
        // Multi-line messages are seen line by line on screen: each line is checked too.
        const QStringList lines = source.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (lines.size() > 1) {
            for (const QString &line : lines)
                if (hasWords(line))
                    m_englishLines << pattern(line.trimmed());
        }
        m_english << m;
    }

    bool isGerman(const QString &text) const
    {
        return std::any_of(m_german.cbegin(), m_german.cend(),
                           [&text](const QRegularExpression &g) { return g.match(text).hasMatch(); });
    }

    // Empty when the text is fine; else what is wrong with it.
    QString check(const QString &text) const
    {
        for (const Message &m : m_english) {
            if (!m.english.match(text).hasMatch())
                continue;
            if (m.identical) {
                // German words that happen to fit this pattern ("Daemon: verbunden" for
                // "Daemon: %1") are the translation of another message, not this one.
                const bool otherTranslation = std::any_of(
                    m_translated.cbegin(), m_translated.cend(),
                    [&text](const QRegularExpression &g) { return g.match(text).hasMatch(); });
                if (!otherTranslation && !identicalByDesign().contains(m.source))
                    return QStringLiteral("\"%1\" (German identical to \"%2\"; not on the allow-list)")
                        .arg(text, m.source);
                continue;
            }
            if (!isGerman(text))
                return QStringLiteral("\"%1\" (English source \"%2\")").arg(text, m.source);
        }
        for (const QRegularExpression &line : m_englishLines)
            if (line.match(text).hasMatch() && !isGerman(text))
                return QStringLiteral("\"%1\" (a line of an English source)").arg(text);
        return {};
    }

    QList<Message> m_english;
    QList<QRegularExpression> m_englishLines;
    QList<QRegularExpression> m_german;
    QList<QRegularExpression> m_translated;  // German of the messages whose words change
};

} // namespace bulkhead::testsupport
