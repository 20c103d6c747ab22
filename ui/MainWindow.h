#pragma once
#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace headliner::ui {

class DatasetPage;
class ExportPage;
class PredictPage;
class TrainPage;
class Workspace;

// The main window: a sidebar with the app's four places (Dataset, Train, Predict, Export) and
// the page of the selected place. Geometry, the last page and the theme are restored from
// QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { DatasetPageIndex = 0, TrainPageIndex, PredictPageIndex, ExportPageIndex, PageCount };

    // workspace: shared state of the pages; the window does not own it.
    explicit MainWindow(Workspace* workspace, QWidget* parent = nullptr);

    Page currentPage() const;
    QWidget* page(Page p) const;
    DatasetPage* datasetPage() const { return dataset_; }
    TrainPage* trainPage() const { return train_; }
    PredictPage* predictPage() const { return predict_; }
    ExportPage* exportPage() const { return export_; }

    // Light or dark palette (Fusion style); saved in QSettings.
    static void applyTheme(bool dark);

public Q_SLOTS:
    void showPage(int page);
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void restoreState();

    Workspace* workspace_;
    QListWidget* nav_;
    QStackedWidget* stack_;
    DatasetPage* dataset_;
    TrainPage* train_;
    PredictPage* predict_;
    ExportPage* export_;
};

}  // namespace headliner::ui
