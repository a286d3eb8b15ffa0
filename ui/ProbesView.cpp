#include "ui/ProbesView.h"

#include "models/ConsoleSession.h"
#include "models/ProbeHistoryModel.h"
#include "models/ProbeMatrixModel.h"
#include "ui/ChartPanel.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QNetworkReply>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace bulkhead::ui {

namespace {

constexpr int kPollIntervalMs = 500;

QString runPath(const QString &id)
{
    return QStringLiteral("/admin/v1/probes/runs/") + QString::fromLatin1(QUrl::toPercentEncoding(id));
}

// A detail value for the evidence table: scalars as they are, structures as compact JSON.
QString evidenceText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QLocale().toString(value.toDouble(), 'g', 12);
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

} // namespace

ProbesView::ProbesView(models::ConsoleSession *session, QWidget *parent)
    : ConsoleView(session, parent),
      m_matrix(new models::ProbeMatrixModel(this)),
      m_history(new models::ProbeHistoryModel(this)),
      m_schedule(new QTimer(this)),
      m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("probesPage"));
    m_matrix->setObjectName(QStringLiteral("probeMatrixModel"));
    m_history->setObjectName(QStringLiteral("probeHistoryModel"));
    auto *layout = new QVBoxLayout(this);

    // The run: layers, samples, schedule.
    auto *runBox = new QGroupBox(tr("Run probes", "probes view group"), this);
    auto *runLayout = new QHBoxLayout(runBox);
    m_layers = new QListWidget(runBox);
    m_layers->setObjectName(QStringLiteral("probeLayerList"));
    m_layers->setAccessibleName(tr("Probe layers to run", "accessible name"));
    m_layers->setToolTip(tr("Only the checked layers are probed.", "probes view tooltip"));
    for (const QString &layer : models::ProbeMatrixModel::knownLayers()) {
        auto *item = new QListWidgetItem(layer, m_layers);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setData(Qt::UserRole, layer);
    }
    m_layers->setMaximumHeight(120);
    runLayout->addWidget(m_layers, 1);

    auto *form = new QFormLayout;
    m_samples = new QSpinBox(runBox);
    m_samples->setObjectName(QStringLiteral("probeSamplesSpin"));
    m_samples->setAccessibleName(tr("Timing samples per pair", "accessible name"));
    m_samples->setRange(3, 50);  // the daemon accepts 3 to 50
    m_samples->setValue(5);
    form->addRow(tr("&Samples per pair:", "probes view label"), m_samples);

    auto *schedule = new QHBoxLayout;
    m_scheduleCheck = new QCheckBox(tr("R&epeat every", "probes view: followed by a number of minutes"), runBox);
    m_scheduleCheck->setObjectName(QStringLiteral("probeScheduleCheck"));
    m_scheduleCheck->setAccessibleName(tr("Repeat the run on a schedule", "accessible name"));
    m_scheduleCheck->setToolTip(
        tr("Runs from this console only while it is open. The daemon's --probe-schedule-seconds "
           "option schedules runs without a console.", "probes view tooltip"));
    m_scheduleSpin = new QSpinBox(runBox);
    m_scheduleSpin->setObjectName(QStringLiteral("probeScheduleSpin"));
    m_scheduleSpin->setAccessibleName(tr("Minutes between scheduled runs", "accessible name"));
    m_scheduleSpin->setRange(1, 24 * 60);
    m_scheduleSpin->setValue(60);
    m_scheduleSpin->setSuffix(tr(" min", "probes view: unit after the number of minutes"));
    schedule->addWidget(m_scheduleCheck);
    schedule->addWidget(m_scheduleSpin);
    schedule->addStretch();
    form->addRow(schedule);

    m_run = new QPushButton(tr("&Run probes", "probes view button"), runBox);
    m_run->setObjectName(QStringLiteral("runProbesButton"));
    form->addRow(m_run);
    runLayout->addLayout(form);
    layout->addWidget(runBox);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("probeProgress"));
    m_progress->setAccessibleName(tr("Probe run progress", "accessible name"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("probeStatusLabel"));
    m_status->setWordWrap(true);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_status, 2);
    layout->addLayout(progressRow);

    // The matrix with its filter and the drill-down beside it.
    auto *filterRow = new QHBoxLayout;
    m_layerFilter = new QComboBox(this);
    m_layerFilter->setObjectName(QStringLiteral("probeLayerFilterCombo"));
    m_layerFilter->setAccessibleName(tr("Show results of layer", "accessible name"));
    m_layerFilter->addItem(tr("All layers", "probe layer filter"), QString());
    for (const QString &layer : models::ProbeMatrixModel::knownLayers())
        m_layerFilter->addItem(layer, layer);
    auto *filterLabel = new QLabel(tr("&Layer:", "probes view label"), this);
    filterLabel->setBuddy(m_layerFilter);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_layerFilter);
    filterRow->addStretch();
    layout->addLayout(filterRow);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("probeMatrixTable"));
    m_table->setAccessibleName(tr("Probe results, attackers by victims", "accessible name"));
    m_table->setModel(m_matrix);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_detail = new QTextBrowser(splitter);
    m_detail->setObjectName(QStringLiteral("probeDetailText"));
    m_detail->setAccessibleName(tr("Results of the selected pair", "accessible name"));
    m_detail->setPlaceholderText(tr("Select a cell to see its results per layer.", "probes view placeholder"));
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 2);

    // History of runs: passed and failed results per run over time.
    auto *chart = new QChart;
    chart->setTitle(tr("Probe results per run", "probes history chart title"));
    m_passedSeries = new QLineSeries(chart);
    m_passedSeries->setName(tr("Passed", "probes history chart series"));
    m_passedSeries->setColor(QColor(0x28, 0xa7, 0x45));
    m_passedSeries->setPointsVisible(true);
    m_failedSeries = new QLineSeries(chart);
    m_failedSeries->setName(tr("Failed", "probes history chart series"));
    m_failedSeries->setColor(QColor(0xdc, 0x35, 0x45));
    m_failedSeries->setPointsVisible(true);
    chart->addSeries(m_passedSeries);
    chart->addSeries(m_failedSeries);
    m_timeAxis = new QDateTimeAxis(chart);
    m_timeAxis->setFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
    m_countAxis = new QValueAxis(chart);
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_passedSeries, m_failedSeries}) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_countAxis);
    }
    m_chartPanel = new ChartPanel(chart, QStringLiteral("probeHistoryChart"),
                                  tr("Passed and failed probe results per run over time", "accessible name"), this);
    m_chartPanel->setMinimumHeight(240);
    layout->addWidget(m_chartPanel, 1);

    setTabOrder(m_layers, m_samples);
    setTabOrder(m_samples, m_scheduleCheck);
    setTabOrder(m_scheduleCheck, m_scheduleSpin);
    setTabOrder(m_scheduleSpin, m_run);
    setTabOrder(m_run, m_layerFilter);
    setTabOrder(m_layerFilter, m_table);
    setTabOrder(m_table, m_detail);

    connect(m_run, &QPushButton::clicked, this, &ProbesView::runProbes);
    connect(m_layerFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_matrix->setLayer(m_layerFilter->currentData().toString());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &ProbesView::showDetail);
    connect(m_matrix, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex current = m_table->currentIndex();
                if (current.isValid() && current.row() >= topLeft.row() && current.row() <= bottomRight.row() &&
                    current.column() >= topLeft.column() && current.column() <= bottomRight.column())
                    showDetail();
            });
    connect(m_matrix, &QAbstractItemModel::modelReset, this, &ProbesView::showDetail);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_history, signal, this, &ProbesView::updateHistoryChart);
    connect(m_history, &QAbstractItemModel::dataChanged, this, &ProbesView::updateHistoryChart);
    connect(m_history, &QAbstractItemModel::modelReset, this, &ProbesView::updateHistoryChart);

    m_poll->setInterval(kPollIntervalMs);
    connect(m_poll, &QTimer::timeout, this, &ProbesView::poll);
    connect(m_schedule, &QTimer::timeout, this, [this] {
        if (!m_running && !m_starting)
            runProbes();
    });
    connect(m_scheduleCheck, &QCheckBox::toggled, this, &ProbesView::updateScheduleTimer);
    connect(m_scheduleSpin, &QSpinBox::valueChanged, this, &ProbesView::updateScheduleTimer);
    updateScheduleTimer();
    updateHistoryChart();
}

ProbesView::~ProbesView()
{
    // The stream's signals must not reach a half-destroyed view.
    closeStream();
}

QString ProbesView::title() const
{
    return tr("&Probes", "navigation entry");
}

void ProbesView::activate()
{
    refreshHistory();
}

void ProbesView::runProbes()
{
    if (m_running || m_starting)
        return;
    QJsonArray layers;
    for (int i = 0; i < m_layers->count(); ++i)
        if (m_layers->item(i)->checkState() == Qt::Checked)
            layers.append(m_layers->item(i)->data(Qt::UserRole).toString());
    if (layers.isEmpty()) {
        showStatus(tr("Choose at least one layer to probe.", "probes view status"));
        return;
    }
    QJsonObject body{{QStringLiteral("samples"), m_samples->value()}};
    // Every layer checked: leave the choice to the daemon, so layers it adds later run too.
    if (layers.size() < m_layers->count())
        body.insert(QStringLiteral("layers"), layers);

    m_starting = true;
    m_run->setEnabled(false);
    showStatus(tr("Starting a probe run\u2026", "probes view status"));
    session()->admin()->post(QStringLiteral("/admin/v1/probes/runs"), body, this,
                             [this](const models::AdminResult &result) {
        m_starting = false;
        const QString id = result.body.value(QLatin1StringView("id")).toString();
        if (!result.ok() || id.isEmpty()) {
            m_run->setEnabled(true);
            showStatus(models::describeAdminError(result.ok() ? models::AdminError::BadResponse
                                                              : result.error));
            return;
        }
        m_runId = id;
        m_running = true;
        m_matrix->setTenants(session()->tenantIds());
        m_progress->setRange(0, 0);  // busy until the first progress event
        showStatus(tr("Probe run %1 is in progress.", "probes view status: run id").arg(id));
        openStream();
        refreshHistory();
    });
}

void ProbesView::openStream()
{
    closeStream();
    m_parser.reset();
    m_stream = session()->admin()->openEventStream(runPath(m_runId) + QStringLiteral("/events"));
    if (!m_stream) {
        startPolling();
        return;
    }
    connect(m_stream, &QNetworkReply::readyRead, this, &ProbesView::onStreamData);
    connect(m_stream, &QNetworkReply::finished, this, &ProbesView::onStreamFinished);
}

void ProbesView::closeStream()
{
    if (!m_stream)
        return;
    QNetworkReply *reply = m_stream;
    m_stream.clear();
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void ProbesView::onStreamData()
{
    if (!m_stream)
        return;
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0 && status != 200)
        return;  // an error body, not events: handled when the reply finishes
    for (const models::ServerSentEvent &event : m_parser.feed(m_stream->readAll())) {
        const QJsonObject payload = QJsonDocument::fromJson(event.data.toUtf8()).object();
        if (event.event == QLatin1StringView("result")) {
            m_matrix->addResult(payload);
        } else if (event.event == QLatin1StringView("progress")) {
            setProgress(payload);
        } else if (event.event == QLatin1StringView("done")) {
            finish(payload.value(QLatin1StringView("status")).toString());
            return;
        }
    }
}

void ProbesView::onStreamFinished()
{
    QNetworkReply *reply = m_stream;
    m_stream.clear();
    if (reply)
        reply->deleteLater();
    // The stream ended without "done" (a proxy cut it, the daemon refused the stream, the network
    // failed): the run goes on in the daemon, so follow it by polling.
    if (m_running)
        startPolling();
}

void ProbesView::startPolling()
{
    if (!m_running || m_poll->isActive())
        return;
    m_poll->start();
    poll();
}

void ProbesView::poll()
{
    if (!m_running) {
        m_poll->stop();
        return;
    }
    const QString id = m_runId;
    session()->admin()->get(runPath(id), {}, this, [this, id](const models::AdminResult &result) {
        if (id != m_runId || !m_running)
            return;
        if (!result.ok()) {
            // Keep polling through a transient failure; say why meanwhile.
            showStatus(models::describeAdminError(result.error));
            return;
        }
        applyRun(result.body);
    });
}

void ProbesView::applyRun(const QJsonObject &run)
{
    for (const QJsonValue &v : run.value(QLatin1StringView("results")).toArray())
        m_matrix->addResult(v.toObject());
    const QString status = run.value(QLatin1StringView("status")).toString();
    setProgress(run.value(QLatin1StringView("progress")).toObject(), status);
    if (!status.isEmpty() && status != QLatin1StringView("running"))
        finish(status);
}

ProbesView::Progress ProbesView::progressFor(const QJsonObject &progress, const QString &status)
{
    const int total = progress.value(QLatin1StringView("total")).toInt();
    const bool finished = !status.isEmpty() && status != QLatin1StringView("running");
    if (finished)
        return total > 0 ? Progress{total, total} : Progress{1, 1};
    if (total <= 0)
        return {};
    return {qBound(0, progress.value(QLatin1StringView("done")).toInt(), total), total};
}

void ProbesView::setProgress(const QJsonObject &progress, const QString &status)
{
    const Progress p = progressFor(progress, status);
    if (p.maximum <= 0)
        return;  // nothing known: the bar stays as it is (busy while starting)
    m_progress->setRange(0, p.maximum);
    m_progress->setValue(p.value);
}

void ProbesView::finish(const QString &status)
{
    if (!m_running)
        return;
    m_running = false;
    m_poll->stop();
    closeStream();
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    m_run->setEnabled(true);
    const QString id = m_runId;
    const bool allPassed = status == QLatin1StringView("passed");
    if (allPassed)
        showStatus(tr("Probe run %1 passed: no tenant reached another.", "probes view status: run id").arg(id));
    else if (status == QLatin1StringView("failed"))
        showStatus(tr("Probe run %1 failed: %n result(s) did not pass.", "probes view status: run id",
                      m_matrix->failedCount()).arg(id));
    else
        showStatus(tr("Probe run %1 could not finish.", "probes view status: run id").arg(id));

    // The finished run once more: results a stream may have missed, and its end time.
    session()->admin()->get(runPath(id), {}, this, [this, id](const models::AdminResult &result) {
        if (!result.ok())
            return;
        if (id == m_runId && !m_running) {
            for (const QJsonValue &v : result.body.value(QLatin1StringView("results")).toArray())
                m_matrix->addResult(v.toObject());
        }
        m_history->updateRun(result.body);
    });
    refreshHistory();
    Q_EMIT runFinished(id, allPassed);
}

void ProbesView::refreshHistory()
{
    session()->admin()->get(QStringLiteral("/admin/v1/probes/runs"), {}, this,
                            [this](const models::AdminResult &result) {
        if (!result.ok()) {
            if (!m_running)
                showStatus(models::describeAdminError(result.error));
            return;
        }
        m_history->setRuns(result.body.value(QLatin1StringView("runs")).toArray());
        // Without a run of its own yet, the view shows the newest finished run.
        if (m_runId.isEmpty() && !m_running && !m_starting) {
            for (int row = 0; row < m_history->rowCount(); ++row) {
                const auto *run = m_history->run(row);
                if (run->status == QLatin1StringView("running"))
                    continue;
                const QString id = run->id;
                session()->admin()->get(runPath(id), {}, this, [this, id](const models::AdminResult &r) {
                    if (!r.ok() || !m_runId.isEmpty() || m_running || m_starting)
                        return;
                    m_runId = id;
                    m_matrix->setRun(r.body, session()->tenantIds());
                    m_history->updateRun(r.body);
                    setProgress(r.body.value(QLatin1StringView("progress")).toObject(),
                                r.body.value(QLatin1StringView("status")).toString());
                });
                break;
            }
        }
    });
}

void ProbesView::updateHistoryChart()
{
    QList<QPointF> passed;
    QList<QPointF> failed;
    qint64 first = 0;
    qint64 last = 0;
    double highest = 0;
    for (int row = 0; row < m_history->rowCount(); ++row) {
        const auto *run = m_history->run(row);
        if (!run->started.isValid() || run->status == QLatin1StringView("running"))
            continue;
        const qint64 x = run->started.toMSecsSinceEpoch();
        passed.append(QPointF(double(x), run->passed));
        failed.append(QPointF(double(x), run->failed));
        first = first == 0 ? x : std::min(first, x);
        last = std::max(last, x);
        highest = std::max<double>(highest, std::max(run->passed, run->failed));
    }
    // The list is newest first; a line chart wants time to increase.
    auto byTime = [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); };
    std::sort(passed.begin(), passed.end(), byTime);
    std::sort(failed.begin(), failed.end(), byTime);
    m_passedSeries->replace(passed);
    m_failedSeries->replace(failed);
    if (first == 0) {
        const QDateTime now = QDateTime::currentDateTime();
        m_timeAxis->setRange(now.addDays(-1), now);
    } else {
        // A single run still needs a span to be drawn in.
        m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(first).addSecs(-1800),
                             QDateTime::fromMSecsSinceEpoch(last).addSecs(1800));
    }
    applyWholeTicks(m_countAxis, highest);
    m_chartPanel->setEmpty(passed.isEmpty());
}

void ProbesView::updateScheduleTimer()
{
    m_scheduleSpin->setEnabled(m_scheduleCheck->isChecked());
    if (!m_scheduleCheck->isChecked()) {
        m_schedule->stop();
        return;
    }
    m_schedule->start(m_scheduleSpin->value() * 60 * 1000);
}

void ProbesView::showDetail()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || !(m_matrix->flags(current) & Qt::ItemIsSelectable)) {
        m_detail->clear();
        return;
    }
    const QString attacker = current.data(models::ProbeMatrixModel::AttackerRole).toString();
    const QString victim = current.data(models::ProbeMatrixModel::VictimRole).toString();
    QString html = QStringLiteral("<h3>%1</h3>").arg(
        tr("%1 attacking %2", "probe drill-down heading: attacker, victim")
            .arg(attacker, victim).toHtmlEscaped());
    const QJsonArray results = current.data(models::ProbeMatrixModel::ResultsRole).toJsonArray();
    if (results.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(
            tr("No result yet for this pair.", "probe drill-down").toHtmlEscaped());
    for (const QJsonValue &v : results) {
        const QJsonObject r = v.toObject();
        const bool passed = models::ProbeMatrixModel::resultPassed(r);
        const QString outcome = passed ? tr("passed", "probe drill-down: outcome of one layer")
                                       : tr("did not pass", "probe drill-down: outcome of one layer");
        html += QStringLiteral("<h4 style=\"color:%1\">%2</h4>")
                    .arg(passed ? QStringLiteral("#1e7e34") : QStringLiteral("#bd2130"),
                         tr("Layer %1: %2", "probe drill-down: layer name, outcome")
                             .arg(r.value(QLatin1StringView("layer")).toString(), outcome)
                             .toHtmlEscaped());
        const QJsonObject detail = r.value(QLatin1StringView("detail")).toObject();
        if (detail.isEmpty())
            continue;
        html += QStringLiteral("<table border=\"0\" cellspacing=\"2\">");
        for (auto it = detail.constBegin(); it != detail.constEnd(); ++it)
            html += QStringLiteral("<tr><td><code>%1</code></td><td>%2</td></tr>")
                        .arg(it.key().toHtmlEscaped(), evidenceText(it.value()).toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    m_detail->setHtml(html);
}

void ProbesView::showStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace bulkhead::ui
