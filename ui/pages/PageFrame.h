#pragma once
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace headliner::ui {

// The common frame of a page: a title, a one-line subtitle, and the page's own content below.
// While a page has nothing to show yet, its empty-state text says what to do first.
class PageFrame : public QWidget {
    Q_OBJECT
public:
    PageFrame(const QString& title, const QString& subtitle, QWidget* parent = nullptr);
    QString title() const;

protected:
    QVBoxLayout* content() const { return content_; }
    QLabel* addEmptyState(const QString& text);

private:
    QLabel* title_;
    QVBoxLayout* content_;
};

class DatasetPage : public PageFrame {
    Q_OBJECT
public:
    explicit DatasetPage(QWidget* parent = nullptr);
};

class TrainPage : public PageFrame {
    Q_OBJECT
public:
    explicit TrainPage(QWidget* parent = nullptr);
};

class PredictPage : public PageFrame {
    Q_OBJECT
public:
    explicit PredictPage(QWidget* parent = nullptr);
};

class ExportPage : public PageFrame {
    Q_OBJECT
public:
    explicit ExportPage(QWidget* parent = nullptr);
};

}  // namespace headliner::ui
