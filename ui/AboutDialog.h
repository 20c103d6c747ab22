#pragma once
#include <QDialog>

namespace headliner::ui {

// Shows Headliner's version and those of Qt, LibTorch, sentencepiece, utf8proc, the BLAS in
// use and whether CUDA is available, with a button to copy it all for a bug report.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    QString reportText() const { return report_; }

private:
    QString report_;
};

}  // namespace headliner::ui
