#pragma once
#include "ui/pages/PageFrame.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QToolButton;
class QPushButton;

class QChartView;

namespace headliner::ui {

class DatasetFilter;
class DatasetModel;
class Workspace;

// The dataset browser: open a file (dialog, drag and drop, recent files) or the built-in demo;
// a sortable, searchable table filtered by class; the class distribution; the token-length
// histogram with the max length marked; duplicate and overlap warnings; the selected row's text.
class DatasetPage : public PageFrame {
    Q_OBJECT
public:
    explicit DatasetPage(Workspace* workspace, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }
    DatasetFilter* filter() const { return filter_; }

public Q_SLOTS:
    void openFileDialog();
    // Shows the import dialog for path (preview, format, columns), then opens it.
    void importFile(const QString& path);
    // The hub dialog for datasets; the downloaded (or cached) snapshot opens.
    void openFromHub(const QString& repo);
    // Opens the train/test files of a downloaded snapshot folder.
    void openSnapshot(const QString& folder);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void showDataset();
    void showSplit(int index);
    void updateCharts();
    void updateLengthChart();
    void updateRecentMenu();
    void showSelectedRow();

    Workspace* workspace_;
    DatasetModel* model_;
    DatasetFilter* filter_;
    QTableView* table_;
    QComboBox* split_;
    QComboBox* label_;
    QLineEdit* search_;
    QLabel* shown_;
    QLabel* source_;
    QLabel* warnings_;
    QLabel* lengthNote_;
    QPlainTextEdit* text_;
    QChartView* classChart_;
    QChartView* lengthChart_;
    QToolButton* recent_;
};

}  // namespace headliner::ui
