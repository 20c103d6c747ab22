#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPalette>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>

#include "ui/AboutDialog.h"
#include "ui/TrainingController.h"
#include "ui/Workspace.h"
#include "ui/pages/DatasetPage.h"
#include "ui/pages/ExportPage.h"
#include "ui/pages/PredictPage.h"
#include "ui/pages/TrainPage.h"

namespace headliner::ui {

MainWindow::MainWindow(Workspace* workspace, QWidget* parent) : QMainWindow(parent), workspace_(workspace) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Headliner"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/headliner.svg")));

    nav_ = new QListWidget(this);
    nav_->setObjectName(QStringLiteral("navigation"));
    nav_->setIconSize(QSize(24, 24));
    nav_->setFixedWidth(170);
    nav_->setSpacing(2);
    stack_ = new QStackedWidget(this);

    dataset_ = new DatasetPage(workspace_, stack_);
    train_ = new TrainPage(workspace_, stack_);
    predict_ = new PredictPage(workspace_, stack_);
    export_ = new ExportPage(workspace_, stack_);
    const struct {
        QString name;
        QStyle::StandardPixmap icon;
        QWidget* page;
    } places[] = {
        {tr("Dataset"), QStyle::SP_FileDialogDetailedView, dataset_},
        {tr("Train"), QStyle::SP_MediaPlay, train_},
        {tr("Predict"), QStyle::SP_FileDialogContentsView, predict_},
        {tr("Export"), QStyle::SP_DialogSaveButton, export_},
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
    connect(workspace_, &Workspace::datasetLoading, this,
            [this](const QString& path) { statusBar()->showMessage(tr("Reading %1…").arg(path)); });
    connect(workspace_, &Workspace::datasetChanged, this, [this] {
        const auto* d = workspace_->dataset();
        statusBar()->showMessage(
            tr("%n training row(s), %1 classes", nullptr, int(d->train->size())).arg(d->train->numLabels()));
    });
    connect(workspace_, &Workspace::datasetFailed, this, [this](const QString& m) {
        statusBar()->showMessage(tr("Could not open the dataset"));
        QMessageBox::warning(this, tr("Could not open the dataset"), m);
    });
    connect(workspace_->training(), &TrainingController::finished, this,
            [this](const QString& id, int, const QString& model, const QString&) {
                if (!model.isEmpty())
                    statusBar()->showMessage(
                        tr("Run %1 finished; its model is on the Predict and Export pages.").arg(id));
            });
    restoreState();
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open dataset…"), QKeySequence::Open, this, [this] {
        showPage(DatasetPageIndex);
        dataset_->openFileDialog();
    });
    file->addAction(tr("Open the built-in &demo"), workspace_, &Workspace::openDemo);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < PageCount; ++i) {
        auto* a = view->addAction(nav_->item(i)->text(), this, [this, i] { showPage(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }

    view->addSeparator();
    auto* dark = view->addAction(tr("&Dark theme"));
    dark->setCheckable(true);
    dark->setChecked(QSettings().value(QStringLiteral("window/dark"), false).toBool());
    connect(dark, &QAction::toggled, this, [](bool on) {
        QSettings().setValue(QStringLiteral("window/dark"), on);
        applyTheme(on);
    });

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

void MainWindow::applyTheme(bool dark) {
    static const QPalette original = QApplication::palette();
    if (!dark) {
        QApplication::setPalette(original);
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6),
        accent(0x3d, 0x8e, 0xe0);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x55, 0x57, 0x5c));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    QApplication::setPalette(p);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (workspace_->training()->isRunning()) {
        const auto answer = QMessageBox::question(this, tr("Training is running"),
                                                  tr("A training run is going on. Stop it and quit? It keeps "
                                                     "a checkpoint and can be resumed next time."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        workspace_->training()->stop();
        workspace_->training()->wait();
    }
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/page"), static_cast<int>(currentPage()));
    event->accept();
}

MainWindow::Page MainWindow::currentPage() const {
    return static_cast<Page>(stack_->currentIndex());
}

QWidget* MainWindow::page(Page p) const {
    return stack_->widget(p);
}

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
