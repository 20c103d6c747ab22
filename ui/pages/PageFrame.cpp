#include "ui/pages/PageFrame.h"

#include <QFont>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace headliner::ui {

PageFrame::PageFrame(const QString& title, const QString& subtitle, QWidget* parent) : QWidget(parent) {
    title_ = new QLabel(title, this);
    title_->setObjectName(QStringLiteral("pageTitle"));
    QFont f = title_->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    title_->setFont(f);
    auto* sub = new QLabel(subtitle, this);
    sub->setWordWrap(true);
    sub->setForegroundRole(QPalette::PlaceholderText);

    empty_ = new QLabel(this);
    empty_->setObjectName(QStringLiteral("emptyState"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setForegroundRole(QPalette::PlaceholderText);
    body_ = new QStackedWidget(this);
    body_->addWidget(empty_);

    outer_ = new QVBoxLayout(this);
    outer_->setContentsMargins(18, 12, 18, 12);
    outer_->setSpacing(4);
    outer_->addWidget(title_);
    outer_->addWidget(sub);
    outer_->addSpacing(6);
    outer_->addWidget(body_, 1);
}

QString PageFrame::title() const {
    return title_->text();
}

bool PageFrame::isShowingContent() const {
    return content_ && body_->currentWidget() == content_;
}

void PageFrame::setContent(QWidget* content) {
    content_ = content;
    body_->addWidget(content);
}

void PageFrame::setEmptyState(const QString& text) {
    empty_->setText(text);
}

void PageFrame::showContent(bool show) {
    body_->setCurrentWidget(show && content_ ? content_ : static_cast<QWidget*>(empty_));
}

void PageFrame::setHeaderWidget(QWidget* widget) {
    outer_->insertWidget(3, widget);
}

}  // namespace headliner::ui
