#pragma once

#include "models/ServerSentEvents.h"
#include "ui/ConsoleView.h"

#include <QPointer>

class QCheckBox;
class QComboBox;
class QDateTimeAxis;
class QJsonObject;
class QLabel;
class QLineSeries;
class QListWidget;
class QNetworkReply;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTextBrowser;
class QTimer;
class QValueAxis;

namespace bulkhead::models {
class ProbeHistoryModel;
class ProbeMatrixModel;
}

namespace bulkhead::ui {

class ChartPanel;

// Run or schedule probes; live attacker x victim x layer matrix; history chart; drill-down.
//
// A run is started with POST /admin/v1/probes/runs and followed over its server-sent events
// (GET .../runs/{id}/events); if the stream fails the view polls GET .../runs/{id} every 500 ms
// instead. The "repeat every N minutes" schedule is the console's own: it runs only while this
// console is open, beside the daemon's --probe-schedule-seconds, which runs without a console.
class ProbesView final : public ConsoleView
{
    Q_OBJECT

public:
    ProbesView(models::ConsoleSession *session, QWidget *parent);
    ~ProbesView() override;

    QString title() const override;
    void activate() override;

    // Starts a run with the chosen samples and layers; does nothing while one is in progress.
    void runProbes();
    // The run being shown (in progress or finished); empty before the first run.
    QString currentRunId() const { return m_runId; }
    bool isRunning() const { return m_running; }
    models::ProbeMatrixModel *matrixModel() const { return m_matrix; }
    models::ProbeHistoryModel *historyModel() const { return m_history; }

Q_SIGNALS:
    void runFinished(const QString &id, bool allPassed);

public:
    // The progress bar's value and maximum for a run's progress counters and status. A run that
    // is no longer running is complete (its counters may stop short: cancelled, or read from the
    // history); nothing known yet is {0, 0} (busy).
    struct Progress {
        int value = 0;
        int maximum = 0;
        bool operator==(const Progress &) const = default;
    };
    static Progress progressFor(const QJsonObject &progress, const QString &status);

private:
    void openStream();
    void closeStream();
    void onStreamData();
    void onStreamFinished();
    void startPolling();
    void poll();
    void applyRun(const QJsonObject &run);
    void setProgress(const QJsonObject &progress, const QString &status = QString());
    void finish(const QString &status);
    void refreshHistory();
    void updateHistoryChart();
    void updateScheduleTimer();
    void showDetail();
    void showStatus(const QString &text);

    models::ProbeMatrixModel *m_matrix;
    models::ProbeHistoryModel *m_history;
    models::ServerSentEvents m_parser;

    QListWidget *m_layers;
    QSpinBox *m_samples;
    QPushButton *m_run;
    QCheckBox *m_scheduleCheck;
    QSpinBox *m_scheduleSpin;
    QProgressBar *m_progress;
    QLabel *m_status;
    QComboBox *m_layerFilter;
    QTableView *m_table;
    QTextBrowser *m_detail;
    ChartPanel *m_chartPanel;
    QLineSeries *m_passedSeries;
    QLineSeries *m_failedSeries;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_countAxis;

    QTimer *m_schedule;  // the console-side repeat
    QTimer *m_poll;      // fallback when the event stream fails
    QPointer<QNetworkReply> m_stream;
    QString m_runId;
    bool m_running = false;
    bool m_starting = false;
};

} // namespace bulkhead::ui
