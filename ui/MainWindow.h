#pragma once
#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace headliner::ui {

// The main window: a sidebar with the app's four places (Dataset, Train, Predict, Export) and
// the page of the selected place. Geometry and the last page are restored from QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { DatasetPage = 0, TrainPage, PredictPage, ExportPage, PageCount };

    explicit MainWindow(QWidget* parent = nullptr);

    Page currentPage() const;
    QWidget* page(Page p) const;

public Q_SLOTS:
    void showPage(int page);
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void restoreState();

    QListWidget* nav_;
    QStackedWidget* stack_;
};

}  // namespace headliner::ui
