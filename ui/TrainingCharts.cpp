#include "ui/TrainingCharts.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QEvent>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace headliner::ui {

namespace {

constexpr double kSmoothing = 0.9;  // exponential moving average of the step loss, as TensorBoard's slider
constexpr int kRedrawMs = 200;

QChartView* chartView(QWidget* parent, const QString& name, const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    auto* v = new QChartView(chart, parent);
    v->setObjectName(name);
    v->setRenderHint(QPainter::Antialiasing);
    v->setMinimumSize(200, 140);
    return v;
}

QValueAxis* axis(QChart* chart, Qt::Alignment where, const QString& title, const char* format) {
    auto* a = new QValueAxis;
    a->setTitleText(title);
    a->setLabelFormat(QString::fromLatin1(format));
    a->setTickCount(5);
    chart->addAxis(a, where);
    return a;
}

QLineSeries* line(QChart* chart, const QString& name, const QColor& colour, qreal width, QValueAxis* x,
                  QValueAxis* y) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(colour);
    pen.setWidthF(width);
    s->setPen(pen);
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
    return s;
}

void themeChart(QChart* chart, const QPalette& p) {
    chart->setBackgroundBrush(p.base());
    chart->setTitleBrush(p.text());
    chart->legend()->setLabelColor(p.text().color());
    for (auto* a : chart->axes()) {
        a->setLabelsColor(p.text().color());
        a->setTitleBrush(p.text());
        a->setGridLineColor(p.mid().color());
        a->setLinePenColor(p.mid().color());
    }
}

void range(QValueAxis* a, double lo, double hi) {
    if (!(hi > lo)) hi = lo + 1;
    a->setRange(lo, hi);
}

}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("trainingCharts"));
    const QColor blue(0x2e, 0x86, 0xde), orange(0xe6, 0x7e, 0x22), green(0x27, 0xae, 0x60),
        grey(0x8e, 0x8e, 0x93);

    lossView_ = chartView(this, QStringLiteral("lossChart"), tr("Training loss"));
    auto* c = lossView_->chart();
    lossX_ = axis(c, Qt::AlignBottom, tr("step"), "%d");
    lossX_->setTickCount(6);
    lossY_ = axis(c, Qt::AlignLeft, QString(), "%.2f");
    QColor faded = blue;
    faded.setAlpha(70);
    rawLoss_ = line(c, tr("per step"), faded, 1.0, lossX_, lossY_);
    smoothLoss_ = line(c, tr("smoothed"), blue, 2.2, lossX_, lossY_);

    // The title names both curves in their colours; no legend, so the small chart keeps its room.
    evalView_ = chartView(this, QStringLiteral("evalChart"),
                          tr("Validation <span style='color:%1'>accuracy %</span> · <span style='color:%2'>loss</span>")
                              .arg(green.name(), orange.name()));
    c = evalView_->chart();
    evalX_ = axis(c, Qt::AlignBottom, tr("step"), "%d");
    evalX_->setTickCount(3);
    // No axis titles here (the legend names both curves): the chart stays readable when small.
    accY_ = axis(c, Qt::AlignLeft, QString(), "%.0f%%");
    evalLossY_ = axis(c, Qt::AlignRight, QString(), "%.2f");
    accY_->setTickCount(4);
    evalLossY_->setTickCount(4);
    accuracy_ = line(c, tr("accuracy %"), green, 2.2, evalX_, accY_);
    accuracyDots_ = new QScatterSeries;
    accuracyDots_->setMarkerSize(8);
    accuracyDots_->setColor(green);
    accuracyDots_->setBorderColor(green);
    c->addSeries(accuracyDots_);
    accuracyDots_->attachAxis(evalX_);
    accuracyDots_->attachAxis(accY_);
    for (auto* m : c->legend()->markers(accuracyDots_)) m->setVisible(false);
    evalLoss_ = line(c, tr("loss"), orange, 2.0, evalX_, evalLossY_);
    c->legend()->setVisible(false);

    lrView_ = chartView(this, QStringLiteral("lrChart"), tr("Learning rate"));
    c = lrView_->chart();
    lrX_ = axis(c, Qt::AlignBottom, tr("step"), "%d");
    lrX_->setTickCount(3);
    lrY_ = axis(c, Qt::AlignLeft, QString(), "%.0e");
    lrY_->setTickCount(3);
    lr_ = line(c, tr("learning rate"), grey, 2.0, lrX_, lrY_);
    c->legend()->setVisible(false);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    grid->addWidget(lossView_, 0, 0, 1, 2);
    grid->addWidget(evalView_, 1, 0);
    grid->addWidget(lrView_, 1, 1);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);

    for (auto* v : {lossView_, evalView_, lrView_}) themeChart(v->chart(), palette());
    timer_ = new QTimer(this);
    timer_->setInterval(kRedrawMs);
    connect(timer_, &QTimer::timeout, this, &TrainingCharts::flush);
    timer_->start();
    fitAxes();
}

void TrainingCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        for (auto* v : {lossView_, evalView_, lrView_}) themeChart(v->chart(), palette());
    QWidget::changeEvent(event);
}

void TrainingCharts::clear() {
    steps_.clear();
    evals_.clear();
    rebuild();
}

void TrainingCharts::addStep(const train::StepRecord& step) {
    steps_.push_back(step);
}

void TrainingCharts::addEvaluation(const train::EvalMetrics& metrics) {
    evals_.push_back(metrics);
}

void TrainingCharts::showRun(const train::RunRecord& run) {
    steps_ = run.stepLog;
    evals_ = run.evalLog;
    rebuild();
}

void TrainingCharts::setOverlays(const std::vector<train::RunRecord>& runs) {
    overlays_ = runs;
    rebuild();
}

void TrainingCharts::setEpochAxis(bool epochs) {
    if (epochs == epochs_) return;
    epochs_ = epochs;
    const QString name = epochs ? tr("epoch") : tr("step");
    const char* format = epochs ? "%.1f" : "%d";
    for (auto* a : {lossX_, evalX_, lrX_}) {
        a->setTitleText(name);
        a->setLabelFormat(QString::fromLatin1(format));
    }
    rebuild();
}

void TrainingCharts::rebuild() {
    rawLoss_->clear();
    smoothLoss_->clear();
    evalLoss_->clear();
    accuracy_->clear();
    accuracyDots_->clear();
    lr_->clear();
    drawnSteps_ = drawnEvals_ = 0;
    for (auto* s : overlaySeries_) {
        s->chart()->removeSeries(s);
        delete s;
    }
    overlaySeries_.clear();
    // Earlier runs: faded, thin, behind the current one.
    static const QColor colours[] = {QColor(0x9b, 0x59, 0xb6), QColor(0x16, 0xa0, 0x85),
                                     QColor(0xc0, 0x39, 0x2b)};
    int k = 0;
    for (const auto& run : overlays_) {
        QColor colour = colours[k++ % 3];
        colour.setAlpha(110);
        auto* loss = line(lossView_->chart(), QString::fromStdString(run.id), colour, 1.4, lossX_, lossY_);
        QList<QPointF> points;
        double ema = 0;
        for (std::size_t i = 0; i < run.stepLog.size(); ++i) {
            ema = i == 0 ? run.stepLog[i].loss : kSmoothing * ema + (1 - kSmoothing) * run.stepLog[i].loss;
            points << QPointF(x(run.stepLog[i]), ema);
        }
        loss->replace(points);
        auto* acc = line(evalView_->chart(), QString::fromStdString(run.id), colour, 1.4, evalX_, accY_);
        points.clear();
        for (const auto& e : run.evalLog) points << QPointF(x(e), 100 * e.accuracy);
        acc->replace(points);
        overlaySeries_ << loss << acc;
    }
    flush();
    fitAxes();
}

void TrainingCharts::flush() {
    if (drawnSteps_ == steps_.size() && drawnEvals_ == evals_.size()) return;
    QList<QPointF> raw, smooth, lr;
    for (std::size_t i = drawnSteps_; i < steps_.size(); ++i) {
        const auto& s = steps_[i];
        smoothed_ = i == 0 ? s.loss : kSmoothing * smoothed_ + (1 - kSmoothing) * s.loss;
        raw << QPointF(x(s), s.loss);
        smooth << QPointF(x(s), smoothed_);
        lr << QPointF(x(s), s.learningRate);
    }
    rawLoss_->append(raw);
    smoothLoss_->append(smooth);
    lr_->append(lr);
    for (std::size_t i = drawnEvals_; i < evals_.size(); ++i) {
        const auto& e = evals_[i];
        evalLoss_->append(x(e), e.loss);
        accuracy_->append(x(e), 100 * e.accuracy);
        accuracyDots_->append(x(e), 100 * e.accuracy);
    }
    drawnSteps_ = steps_.size();
    drawnEvals_ = evals_.size();
    fitAxes();
}

void TrainingCharts::fitAxes() {
    double xMax = epochs_ ? 1.0 : 10.0, lossMax = 0, lrMax = 0, accMin = 100, accMax = 0, evalLossMax = 0;
    const auto visit = [&](const std::vector<train::StepRecord>& steps,
                           const std::vector<train::EvalMetrics>& evals) {
        for (const auto& s : steps) {
            xMax = std::max(xMax, x(s));
            if (std::isfinite(s.loss)) lossMax = std::max(lossMax, s.loss);
            lrMax = std::max(lrMax, s.learningRate);
        }
        for (const auto& e : evals) {
            xMax = std::max(xMax, x(e));
            accMin = std::min(accMin, 100 * e.accuracy);
            accMax = std::max(accMax, 100 * e.accuracy);
            if (std::isfinite(e.loss)) evalLossMax = std::max(evalLossMax, e.loss);
        }
    };
    visit(steps_, evals_);
    for (const auto& r : overlays_) visit(r.stepLog, r.evalLog);
    for (auto* a : {lossX_, evalX_, lrX_}) range(a, 0, xMax);
    range(lossY_, 0, lossMax > 0 ? lossMax * 1.05 : 1.5);
    range(lrY_, 0, lrMax > 0 ? lrMax * 1.1 : 1e-4);
    if (accMax < accMin) accMin = 0, accMax = 100;
    range(accY_, std::max(0.0, std::floor(accMin / 5) * 5 - 5),
          std::min(100.0, std::ceil(accMax / 5) * 5 + 1));
    range(evalLossY_, 0, evalLossMax > 0 ? evalLossMax * 1.1 : 1.5);
}

int TrainingCharts::lossPoints() const {
    return int(rawLoss_->count());
}
int TrainingCharts::evalPoints() const {
    return int(accuracy_->count());
}

bool TrainingCharts::savePngs(const QString& folder, QString* error) const {
    if (!QDir().mkpath(folder)) {
        if (error) *error = tr("Cannot create %1").arg(folder);
        return false;
    }
    const struct {
        QChartView* view;
        const char* file;
    } charts[] = {{lossView_, "loss.png"}, {evalView_, "evaluation.png"}, {lrView_, "learning-rate.png"}};
    for (const auto& c : charts) {
        const QString path = QDir(folder).filePath(QString::fromLatin1(c.file));
        // Rendered at twice the on-screen size: sharp in documents and slides.
        QImage image(c.view->size() * 2, QImage::Format_ARGB32_Premultiplied);
        image.fill(palette().base().color());
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        const_cast<QChartView*>(c.view)->render(&painter, QRectF(QPointF(0, 0), image.size()),
                                                c.view->rect());
        painter.end();
        if (!image.save(path)) {
            if (error) *error = tr("Cannot write %1").arg(path);
            return false;
        }
    }
    return true;
}

}  // namespace headliner::ui
