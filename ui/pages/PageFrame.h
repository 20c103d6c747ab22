#pragma once
#include <QWidget>

class QLabel;
class QStackedWidget;
class QVBoxLayout;

namespace headliner::ui {

// The common frame of a page: a title, a one-line subtitle, and the page's own content below.
// While a page has nothing to show yet, its empty-state text says what to do first.
class PageFrame : public QWidget {
    Q_OBJECT
public:
    PageFrame(const QString& title, const QString& subtitle, QWidget* parent = nullptr);
    QString title() const;
    bool isShowingContent() const;

protected:
    // The page's body (shown by showContent(true)); the frame takes it over.
    void setContent(QWidget* content);
    void setEmptyState(const QString& text);
    void showContent(bool show);
    // A row of controls above both the empty state and the content (e.g. "Open dataset").
    void setHeaderWidget(QWidget* widget);

private:
    QLabel* title_;
    QLabel* empty_;
    QStackedWidget* body_;
    QWidget* content_ = nullptr;
    QVBoxLayout* outer_;
};

}  // namespace headliner::ui
