#include "ui/pages/DatasetPage.h"

#include <QBarCategoryAxis>
#include <QAreaSeries>
#include <QBarSeries>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

#include "core/hub/HubCache.h"
#include "ui/DatasetModel.h"
#include "ui/HubDialog.h"
#include "ui/ImportDialog.h"
#include "ui/Workspace.h"

namespace headliner::ui {

namespace {

QChartView* makeChartView(QWidget* parent, const QString& name) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    auto* view = new QChartView(chart, parent);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(150);
    return view;
}

// The chart's colours follow the window palette (light or dark).
void applyPalette(QChart* chart, const QPalette& palette) {
    chart->setBackgroundBrush(palette.base());
    chart->setTitleBrush(palette.text());
    chart->legend()->setLabelColor(palette.text().color());
    for (auto* axis : chart->axes()) {
        axis->setLabelsColor(palette.text().color());
        axis->setTitleBrush(palette.text());
        axis->setGridLineColor(palette.mid().color());
        axis->setLinePenColor(palette.mid().color());
    }
}

}  // namespace

DatasetPage::DatasetPage(Workspace* workspace, QWidget* parent)
    : PageFrame(tr("Dataset"), tr("Browse the texts and labels you will train on."), parent),
      workspace_(workspace) {
    setObjectName(QStringLiteral("datasetPage"));
    setAcceptDrops(true);

    // Header: open, recent, demo.
    auto* header = new QWidget(this);
    auto* h = new QHBoxLayout(header);
    h->setContentsMargins(0, 0, 0, 0);
    auto* open =
        new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open dataset…"), header);
    open->setObjectName(QStringLiteral("openDataset"));
    open->setToolTip(
        tr("AG News CSV, Hugging Face JSONL, generic CSV/TSV/JSONL or fastText; plain or .xz (Ctrl+O)"));
    connect(open, &QPushButton::clicked, this, &DatasetPage::openFileDialog);
    recent_ = new QToolButton(header);
    recent_->setObjectName(QStringLiteral("recentFiles"));
    recent_->setText(tr("Recent"));
    recent_->setPopupMode(QToolButton::InstantPopup);
    recent_->setMenu(new QMenu(recent_));
    auto* demo = new QPushButton(tr("Built-in &demo"), header);
    demo->setObjectName(QStringLiteral("openDemo"));
    demo->setToolTip(tr("News headlines written for Headliner: 4 classes, a training and a test file"));
    connect(demo, &QPushButton::clicked, workspace_, &Workspace::openDemo);
    auto* hubButton = new QPushButton(tr("From the &hub…"), header);
    hubButton->setObjectName(QStringLiteral("fromHub"));
    hubButton->setToolTip(tr("Download a dataset from the Hugging Face hub, e.g. sh0416/ag_news (AG News as JSONL)"));
    connect(hubButton, &QPushButton::clicked, this, [this] { openFromHub(QStringLiteral("sh0416/ag_news")); });
    source_ = new QLabel(header);
    source_->setObjectName(QStringLiteral("source"));
    source_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    source_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long path never widens the window
    h->addWidget(open);
    h->addWidget(recent_);
    h->addWidget(demo);
    h->addWidget(hubButton);
    h->addSpacing(12);
    h->addWidget(source_, 1);
    setHeaderWidget(header);

    // Content: filters and table on the left, charts and the selected text on the right.
    auto* content = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(content);
    auto* l = new QVBoxLayout(left);
    l->setContentsMargins(0, 0, 0, 0);
    auto* filters = new QHBoxLayout;
    split_ = new QComboBox(left);
    split_->setObjectName(QStringLiteral("split"));
    split_->setToolTip(tr("Which file of the dataset the table shows"));
    label_ = new QComboBox(left);
    label_->setObjectName(QStringLiteral("labelFilter"));
    label_->setToolTip(tr("Show the rows of one class only"));
    search_ = new QLineEdit(left);
    search_->setObjectName(QStringLiteral("search"));
    search_->setPlaceholderText(tr("Search texts…"));
    search_->setClearButtonEnabled(true);
    shown_ = new QLabel(left);
    shown_->setObjectName(QStringLiteral("rowsShown"));
    filters->addWidget(split_);
    filters->addWidget(label_);
    filters->addWidget(search_, 1);
    filters->addWidget(shown_);
    l->addLayout(filters);

    model_ = new DatasetModel(this);
    filter_ = new DatasetFilter(this);
    filter_->setSourceModel(model_);
    table_ = new QTableView(left);
    table_->setObjectName(QStringLiteral("datasetTable"));
    table_->setModel(filter_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(DatasetModel::RowColumn, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(DatasetModel::TextColumn, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(DatasetModel::RowColumn, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(DatasetModel::LabelColumn,
                                                     QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(DatasetModel::LengthColumn,
                                                     QHeaderView::ResizeToContents);
    l->addWidget(table_, 1);
    text_ = new QPlainTextEdit(left);
    text_->setObjectName(QStringLiteral("rowText"));
    text_->setReadOnly(true);
    text_->setPlaceholderText(tr("Select a row to read its whole text."));
    text_->setMaximumHeight(fontMetrics().height() * 5);
    l->addWidget(text_);

    auto* right = new QWidget(content);
    auto* r = new QVBoxLayout(right);
    r->setContentsMargins(0, 0, 0, 0);
    classChart_ = makeChartView(right, QStringLiteral("classChart"));
    lengthChart_ = makeChartView(right, QStringLiteral("lengthChart"));
    lengthNote_ = new QLabel(right);
    lengthNote_->setObjectName(QStringLiteral("lengthNote"));
    lengthNote_->setWordWrap(true);
    warnings_ = new QLabel(right);
    warnings_->setObjectName(QStringLiteral("warnings"));
    warnings_->setWordWrap(true);
    warnings_->setTextFormat(Qt::RichText);
    r->addWidget(classChart_, 1);
    r->addWidget(lengthChart_, 1);
    r->addWidget(lengthNote_);
    r->addWidget(warnings_);
    content->addWidget(left);
    content->addWidget(right);
    content->setStretchFactor(0, 3);
    content->setStretchFactor(1, 2);
    setContent(content);
    setEmptyState(
        tr("No dataset is open yet.\nOpen a file, drop one here, or start with the built-in demo."));

    connect(split_, &QComboBox::currentIndexChanged, this, &DatasetPage::showSplit);
    connect(label_, &QComboBox::currentIndexChanged, this, [this] {
        filter_->setLabel(label_->currentData().toInt());
        shown_->setText(tr("%n row(s)", nullptr, filter_->rowCount()));
    });
    connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
        filter_->setSearch(t);
        shown_->setText(tr("%n row(s)", nullptr, filter_->rowCount()));
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DatasetPage::showSelectedRow);
    connect(workspace_, &Workspace::datasetChanged, this, &DatasetPage::showDataset);
    connect(workspace_, &Workspace::datasetLoading, this, [this](const QString& path) {
        source_->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    });
    connect(workspace_, &Workspace::datasetFailed, this, [this](const QString& message) {
        source_->setText(tr("Could not open the dataset."));
        warnings_->setText(
            QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(message.toHtmlEscaped()));
        if (!workspace_->dataset()) {
            setEmptyState(tr("The dataset could not be opened:\n%1").arg(message));
            showContent(false);
        }
    });
    connect(workspace_, &Workspace::recentFilesChanged, this, &DatasetPage::updateRecentMenu);
    connect(workspace_, &Workspace::maxLengthChanged, this, &DatasetPage::updateLengthChart);
    updateRecentMenu();
    showContent(false);
}

void DatasetPage::openFileDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open dataset"), QString(),
                                     tr("Datasets (*.csv *.tsv *.jsonl *.json *.txt *.xz);;All files (*)"));
    if (!path.isEmpty()) importFile(path);
}

void DatasetPage::importFile(const QString& path) {
    ImportDialog dialog(path, this);
    if (dialog.exec() != QDialog::Accepted) return;
    workspace_->openDataset(dialog.trainPath(), dialog.testPath(), dialog.options());
}

void DatasetPage::openFromHub(const QString& repo) {
    HubDialog dialog(hub::RepoType::Dataset, repo, this);
    if (dialog.exec() != QDialog::Accepted) return;
    openSnapshot(dialog.snapshotFolder());
}

void DatasetPage::openSnapshot(const QString& folder) {
    // The training file is the one named like "train", the test file the one named like "test".
    const QDir dir(folder);
    QString train, test;
    for (const auto& f : dir.entryList(QDir::Files, QDir::Name)) {
        if (train.isEmpty() && f.contains(QLatin1String("train"), Qt::CaseInsensitive)) train = dir.filePath(f);
        if (test.isEmpty() && f.contains(QLatin1String("test"), Qt::CaseInsensitive)) test = dir.filePath(f);
    }
    if (train.isEmpty()) {
        const auto files = dir.entryList(QDir::Files, QDir::Name);
        if (files.isEmpty()) {
            Q_EMIT workspace_->datasetFailed(tr("%1 holds no data file").arg(folder));
            return;
        }
        train = dir.filePath(files.front());
    }
    workspace_->openDataset(train, test);
}

void DatasetPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) updateCharts();  // light/dark switch
    PageFrame::changeEvent(event);
}

void DatasetPage::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void DatasetPage::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    // After the drop has ended: the import dialog is modal.
    QMetaObject::invokeMethod(
        this, [this, p = urls.first().toLocalFile()] { importFile(p); }, Qt::QueuedConnection);
}

void DatasetPage::updateRecentMenu() {
    auto* menu = recent_->menu();
    menu->clear();
    const auto files = workspace_->recentFiles();
    for (const auto& f : files)
        menu->addAction(QFileInfo(f).fileName(), this, [this, f] { importFile(f); })->setToolTip(f);
    recent_->setEnabled(!files.isEmpty());
}

void DatasetPage::showDataset() {
    const auto* d = workspace_->dataset();
    if (!d) return;
    const QSignalBlocker b1(split_), b2(label_);
    split_->clear();
    split_->addItem(tr("Training file (%n row(s))", nullptr, int(d->train->size())));
    if (d->test) split_->addItem(tr("Test file (%n row(s))", nullptr, int(d->test->size())));
    label_->clear();
    label_->addItem(tr("All classes"), -1);
    for (std::size_t i = 0; i < d->train->labelNames.size(); ++i)
        label_->addItem(QString::fromStdString(d->train->labelNames[i]), int(i));
    filter_->setLabel(-1);
    QString source = d->isDemo ? tr("Built-in demo") : QFileInfo(d->trainPath).fileName();
    source += QStringLiteral(" · ") + QString::fromStdString(d->train->format);
    source_->setText(source);
    source_->setToolTip(d->trainPath +
                        (d->testPath.isEmpty() ? QString() : QStringLiteral("\n") + d->testPath));
    showSplit(0);
    updateCharts();
    showContent(true);
}

void DatasetPage::showSplit(int index) {
    const auto* d = workspace_->dataset();
    if (!d) return;
    model_->setDataset(index == 1 && d->test ? d->test : d->train);
    shown_->setText(tr("%n row(s)", nullptr, filter_->rowCount()));
    text_->clear();
}

void DatasetPage::showSelectedRow() {
    const QModelIndex current = table_->currentIndex();
    if (!current.isValid() || !model_->dataset()) {
        text_->clear();
        return;
    }
    const auto row = std::size_t(filter_->mapToSource(current).row());
    const auto& ds = *model_->dataset();
    const int label = ds.labels[row];
    text_->setPlainText(QStringLiteral("[%1] %2").arg(
        QString::fromStdString(ds.labelNames[std::size_t(label)]), QString::fromStdString(ds.texts[row])));
}

void DatasetPage::updateCharts() {
    const auto* d = workspace_->dataset();
    if (!d) return;
    // Rows per class.
    auto* chart = classChart_->chart();
    chart->removeAllSeries();
    for (auto* a : chart->axes()) chart->removeAxis(a);
    auto* set = new QBarSet(tr("Rows"));
    QStringList names;
    std::size_t most = 0;
    for (std::size_t i = 0; i < d->trainStats.rowsPerClass.size(); ++i) {
        *set << qreal(d->trainStats.rowsPerClass[i]);
        names << QString::fromStdString(d->train->labelNames[i]);
        most = std::max(most, d->trainStats.rowsPerClass[i]);
    }
    set->setColor(palette().highlight().color());
    // Horizontal bars: class names stay readable however many classes there are.
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    chart->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(names);
    auto* x = new QValueAxis;
    x->setRange(0, double(most) * 1.1 + 1);
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTickCount(4);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->setTitle(tr("Rows per class (training file)"));
    applyPalette(chart, palette());

    // Duplicates and overlap.
    QStringList warn;
    const auto& dup = d->duplicates;
    if (dup.exact.rows > 0)
        warn << tr("%n row(s) repeat an earlier row's text exactly", nullptr, int(dup.exact.rows)) +
                    (dup.exact.differentLabel > 0
                         ? tr(" (%n with another class)", nullptr, int(dup.exact.differentLabel))
                         : QString());
    if (dup.normalized.rows > dup.exact.rows)
        warn << tr("%n more differ only in case, spacing or punctuation", nullptr,
                   int(dup.normalized.rows - dup.exact.rows));
    if (d->overlap && d->overlap->normalized.rows > 0)
        warn << tr(
            "%n test row(s) also appear in the training file: test accuracy will look better than it is",
            nullptr, int(d->overlap->normalized.rows));
    if (!d->testClassesNote.isEmpty())
        warn << tr("Test file: %1").arg(d->testClassesNote.toHtmlEscaped());
    if (d->trainReport.skippedRows > 0)
        warn << tr("%n bad row(s) skipped while reading:", nullptr, int(d->trainReport.skippedRows)) +
                    QLatin1Char(' ') + QString::fromStdString(d->trainReport.summary()).toHtmlEscaped();
    if (warn.isEmpty())
        warnings_->setText(
            tr("No duplicates%1.")
                .arg(d->test ? tr(" and no overlap between training and test rows") : QString()));
    else
        warnings_->setText(QStringLiteral("<span style='color:#d35400'>⚠ %1</span>")
                               .arg(warn.join(QStringLiteral("<br>⚠ "))));
    updateLengthChart();
}

void DatasetPage::updateLengthChart() {
    const auto* d = workspace_->dataset();
    if (!d || d->tokenLengths.empty()) return;
    const auto maxLength = std::uint32_t(std::max(2, workspace_->maxLength()));
    const std::uint32_t longest = *std::max_element(d->tokenLengths.begin(), d->tokenLengths.end());
    // At most ~40 bins of a power-of-two width.
    const std::uint32_t span = std::max(longest, maxLength) + 1;
    std::uint32_t width = 1;
    while (span / width > 40) width *= 2;
    const std::size_t bins = span / width + 1;
    std::vector<std::size_t> counts(bins, 0);
    std::size_t truncated = 0;
    for (const auto n : d->tokenLengths) {
        ++counts[n / width];
        truncated += n > maxLength;
    }
    const std::size_t most = *std::max_element(counts.begin(), counts.end());

    // A step outline filled below: bins up to the max length in the highlight colour, the part
    // that would be cut in orange, and a dashed line at the max length.
    auto* chart = lengthChart_->chart();
    chart->removeAllSeries();
    for (auto* a : chart->axes()) chart->removeAxis(a);
    auto* x = new QValueAxis;
    x->setRange(0, double(bins * width));
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTitleText(d->lengthUnit);
    x->setTickCount(5);
    auto* y = new QValueAxis;
    y->setRange(0, double(most) * 1.1 + 1);
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTickCount(4);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const auto area = [&](bool cut, const QColor& colour, const QString& name) {
        auto* upper = new QLineSeries;
        for (std::size_t i = 0; i < bins; ++i) {
            const double x0 = double(i * width), x1 = double((i + 1) * width);
            const bool beyond = x0 >= double(maxLength);
            const double c = beyond == cut ? double(counts[i]) : 0.0;
            *upper << QPointF(x0, c) << QPointF(x1, c);
        }
        auto* series = new QAreaSeries(upper);
        series->setName(name);
        QColor fill = colour;
        fill.setAlpha(170);
        series->setBrush(fill);
        series->setPen(QPen(colour, 1));
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    };
    area(false, palette().highlight().color(), tr("kept whole"));
    area(true, QColor(0xd3, 0x54, 0x00), tr("truncated"));
    auto* marker = new QLineSeries;
    marker->setName(tr("max length"));
    *marker << QPointF(maxLength, 0) << QPointF(maxLength, double(most) * 1.1);
    QPen dashed(palette().text().color(), 1.5, Qt::DashLine);
    marker->setPen(dashed);
    chart->addSeries(marker);
    marker->attachAxis(x);
    marker->attachAxis(y);
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setTitle(tr("Text length (training file)"));
    applyPalette(chart, palette());
    const double share = 100.0 * double(truncated) / double(d->tokenLengths.size());
    auto sorted = d->tokenLengths;
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(sorted.size() / 2), sorted.end());
    lengthNote_->setText(
        tr("Max length %1: %2% of the rows (%3) would be truncated. Longest: %4, median: %5 (%6).")
            .arg(maxLength)
            .arg(share, 0, 'f', share < 1 ? 2 : 1)
            .arg(truncated)
            .arg(longest)
            .arg(sorted[sorted.size() / 2])
            .arg(d->lengthUnit));
}

}  // namespace headliner::ui
