#pragma once
// The live curves of a run: training loss per step (raw, faded, and smoothed), validation loss
// and accuracy per evaluation, and the learning rate; x in steps or epochs. Earlier runs of the
// same dataset can be drawn underneath in faded colours. Points are buffered and drawn a few
// times a second, so thousands of steps per second never flood the UI thread.

#include <QList>
#include <QPointF>
#include <QWidget>

#include <vector>

#include "core/train/RunStore.h"

class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QTimer;
class QValueAxis;

namespace headliner::ui {

class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    void clear();
    void addStep(const train::StepRecord& step);
    void addEvaluation(const train::EvalMetrics& metrics);
    // Shows a whole recorded run (its step log and evaluations).
    void showRun(const train::RunRecord& run);
    // Faded curves of other runs (loss per step, accuracy per evaluation); empty clears them.
    void setOverlays(const std::vector<train::RunRecord>& runs);
    void setEpochAxis(bool epochs);
    bool epochAxis() const { return epochs_; }
    // Draws what is buffered now (the timer does it too).
    void flush();

    // Points drawn so far (tests).
    int lossPoints() const;
    int evalPoints() const;
    // Writes loss.png, evaluation.png and learning-rate.png into folder; false on a write error.
    bool savePngs(const QString& folder, QString* error) const;

    QChartView* lossView() const { return lossView_; }
    QChartView* evalView() const { return evalView_; }
    QChartView* lrView() const { return lrView_; }

protected:
    void changeEvent(QEvent* event) override;  // light/dark palette switches recolour the charts

private:
    void rebuild();
    double x(const train::StepRecord& s) const { return epochs_ ? s.epoch : double(s.step); }
    double x(const train::EvalMetrics& m) const { return epochs_ ? m.epoch : double(m.step); }
    void fitAxes();

    std::vector<train::StepRecord> steps_;
    std::vector<train::EvalMetrics> evals_;
    std::vector<train::RunRecord> overlays_;
    std::size_t drawnSteps_ = 0, drawnEvals_ = 0;
    double smoothed_ = 0;
    bool epochs_ = false;

    QChartView* lossView_;
    QChartView* evalView_;
    QChartView* lrView_;
    QLineSeries* rawLoss_;
    QLineSeries* smoothLoss_;
    QLineSeries* evalLoss_;
    QLineSeries* accuracy_;
    QScatterSeries* accuracyDots_;
    QLineSeries* lr_;
    QList<QLineSeries*> overlaySeries_;
    QValueAxis *lossX_, *lossY_, *evalX_, *evalLossY_, *accY_, *lrX_, *lrY_;
    QTimer* timer_;
};

}  // namespace headliner::ui
