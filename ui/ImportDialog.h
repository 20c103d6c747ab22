#pragma once
// Before a file opens: its first lines, the format Headliner detected (which the user may
// change), which columns make the text and the label, an optional test file, and whether bad
// rows are skipped (and counted) or stop the import.

#include <QDialog>

#include "core/data/ReadOptions.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace headliner::ui {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(const QString& path, QWidget* parent = nullptr);

    QString trainPath() const { return path_; }
    QString testPath() const;
    data::ReadOptions options() const;
    // What detection found ("" when it could not tell).
    QString detectedFormat() const { return detected_; }

private:
    void updateColumns();
    void browseTest();

    QString path_;
    QString detected_;
    QPlainTextEdit* preview_;
    QComboBox* format_;
    QLineEdit* textColumns_;
    QLineEdit* labelColumn_;
    QLineEdit* test_;
    QCheckBox* skipBad_;
    QCheckBox* header_;
    QComboBox* labelKind_;
    QLineEdit* classNames_;
    QLabel* detectedLabel_;
};

}  // namespace headliner::ui
