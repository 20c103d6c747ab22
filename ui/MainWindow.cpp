#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>

#include "ui/AboutDialog.h"
#include "ui/pages/PageFrame.h"

namespace headliner::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Headliner"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/headliner.svg")));

    nav_ = new QListWidget(this);
    nav_->setObjectName(QStringLiteral("navigation"));
    nav_->setIconSize(QSize(24, 24));
    nav_->setFixedWidth(170);
    nav_->setSpacing(2);
    stack_ = new QStackedWidget(this);

    const struct {
        QString name;
        QStyle::StandardPixmap icon;
        QWidget* page;
    } places[] = {
        {tr("Dataset"), QStyle::SP_FileDialogDetailedView, new ui::DatasetPage(stack_)},
        {tr("Train"), QStyle::SP_MediaPlay, new ui::TrainPage(stack_)},
        {tr("Predict"), QStyle::SP_FileDialogContentsView, new ui::PredictPage(stack_)},
        {tr("Export"), QStyle::SP_DialogSaveButton, new ui::ExportPage(stack_)},
    };
    for (const auto& place : places) {
        auto* item = new QListWidgetItem(style()->standardIcon(place.icon), place.name, nav_);
        item->setSizeHint(QSize(150, 40));
        stack_->addWidget(place.page);
    }
    connect(nav_, &QListWidget::currentRowChanged, this, &MainWindow::showPage);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(nav_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    buildMenus();
    statusBar()->showMessage(tr("Ready"));
    restoreState();
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < PageCount; ++i) {
        auto* a = view->addAction(nav_->item(i)->text(), this, [this, i] { showPage(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }

    auto* help = menuBar()->addMenu(tr("&Help"));
    auto* about = help->addAction(tr("&About Headliner"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::restoreState() {
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) resize(1100, 720);
    showPage(s.value(QStringLiteral("window/page"), 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/page"), static_cast<int>(currentPage()));
    event->accept();
}

MainWindow::Page MainWindow::currentPage() const { return static_cast<Page>(stack_->currentIndex()); }

QWidget* MainWindow::page(Page p) const { return stack_->widget(p); }

void MainWindow::showPage(int page) {
    if (page < 0 || page >= PageCount) page = 0;
    stack_->setCurrentIndex(page);
    if (nav_->currentRow() != page) nav_->setCurrentRow(page);
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

}  // namespace headliner::ui
