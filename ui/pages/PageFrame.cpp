#include "ui/pages/PageFrame.h"

#include <QFont>
#include <QLabel>
#include <QVBoxLayout>

namespace headliner::ui {

PageFrame::PageFrame(const QString& title, const QString& subtitle, QWidget* parent) : QWidget(parent) {
    title_ = new QLabel(title, this);
    title_->setObjectName(QStringLiteral("pageTitle"));
    QFont f = title_->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    title_->setFont(f);
    auto* sub = new QLabel(subtitle, this);
    sub->setWordWrap(true);
    sub->setForegroundRole(QPalette::PlaceholderText);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(24, 18, 24, 18);
    outer->addWidget(title_);
    outer->addWidget(sub);
    outer->addSpacing(12);
    content_ = new QVBoxLayout;
    outer->addLayout(content_, 1);
}

QString PageFrame::title() const { return title_->text(); }

QLabel* PageFrame::addEmptyState(const QString& text) {
    auto* label = new QLabel(text, this);
    label->setObjectName(QStringLiteral("emptyState"));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    content_->addStretch(1);
    content_->addWidget(label);
    content_->addStretch(2);
    return label;
}

DatasetPage::DatasetPage(QWidget* parent)
    : PageFrame(tr("Dataset"), tr("Browse the texts and labels you will train on."), parent) {
    setObjectName(QStringLiteral("datasetPage"));
    addEmptyState(tr("No dataset is open yet.\nAG News CSV, JSONL and fastText files will open here."));
}

TrainPage::TrainPage(QWidget* parent)
    : PageFrame(tr("Train"), tr("Fine-tune a model and watch its loss and accuracy per epoch."), parent) {
    setObjectName(QStringLiteral("trainPage"));
    addEmptyState(tr("Open a dataset first; the training settings and live charts appear here."));
}

PredictPage::PredictPage(QWidget* parent)
    : PageFrame(tr("Predict"), tr("Type a headline and see which category the model gives it."), parent) {
    setObjectName(QStringLiteral("predictPage"));
    addEmptyState(tr("Train or open a model first; then type a headline here."));
}

ExportPage::ExportPage(QWidget* parent)
    : PageFrame(tr("Export"), tr("Save the final model as a Hugging Face folder."), parent) {
    setObjectName(QStringLiteral("exportPage"));
    addEmptyState(tr("A finished training run can be exported here."));
}

}  // namespace headliner::ui
