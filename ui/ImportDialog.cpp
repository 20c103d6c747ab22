#include "ui/ImportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/data/DatasetFormat.h"
#include "core/io/LineReader.h"

namespace headliner::ui {

namespace {

constexpr int kPreviewLines = 12;
constexpr int kPreviewLineChars = 300;

QString previewOf(const QString& path, QString* error) {
    try {
        io::LineReader reader(path.toStdString());
        QString out;
        for (int i = 0; i < kPreviewLines && reader.next(); ++i) {
            const auto line = reader.line();
            QString l = QString::fromUtf8(line.data(), qsizetype(line.size()));
            if (l.size() > kPreviewLineChars) l = l.left(kPreviewLineChars) + QChar(0x2026);
            out += l + QLatin1Char('\n');
        }
        return out;
    } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
        return {};
    }
}

}  // namespace

ImportDialog::ImportDialog(const QString& path, QWidget* parent) : QDialog(parent), path_(path) {
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Open dataset"));
    resize(760, 520);

    QString error;
    preview_ = new QPlainTextEdit(this);
    preview_->setReadOnly(true);
    preview_->setLineWrapMode(QPlainTextEdit::NoWrap);
    preview_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    preview_->setPlainText(previewOf(path, &error));

    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("format"));
    const struct {
        data::DatasetFormat format;
        QString label;
    } formats[] = {
        {data::DatasetFormat::Auto, tr("Detect from the content")},
        {data::DatasetFormat::AgNewsCsv, tr("AG News CSV (class, title, description; no header)")},
        {data::DatasetFormat::KaggleCsv, tr("Kaggle AG News CSV (with header)")},
        {data::DatasetFormat::HfJsonl, tr("Hugging Face ag_news JSONL")},
        {data::DatasetFormat::Csv, tr("CSV with a header")},
        {data::DatasetFormat::Tsv, tr("TSV with a header")},
        {data::DatasetFormat::Jsonl, tr("JSON Lines")},
        {data::DatasetFormat::FastText, tr("fastText (__label__X text)")},
    };
    for (const auto& f : formats) format_->addItem(f.label, int(f.format));

    detectedLabel_ = new QLabel(this);
    detectedLabel_->setObjectName(QStringLiteral("detected"));
    detectedLabel_->setWordWrap(true);
    if (!error.isEmpty()) {
        detectedLabel_->setText(tr("Cannot read the file: %1").arg(error));
    } else {
        try {
            const auto f = data::detectFormat(path.toStdString());
            detected_ = QString::fromUtf8(data::formatName(f).data(), qsizetype(data::formatName(f).size()));
            for (const auto& item : formats)
                if (item.format == f) detectedLabel_->setText(tr("Detected: %1").arg(item.label));
        } catch (const std::exception& e) {
            detectedLabel_->setText(tr("The format could not be detected (%1). Choose it below.")
                                        .arg(QString::fromStdString(e.what())));
        }
    }

    textColumns_ = new QLineEdit(this);
    textColumns_->setObjectName(QStringLiteral("textColumns"));
    textColumns_->setPlaceholderText(tr("default of the format, e.g. title, description"));
    textColumns_->setToolTip(
        tr("Column names (or 1-based numbers) joined into the text, separated by commas."));
    labelColumn_ = new QLineEdit(this);
    labelColumn_->setObjectName(QStringLiteral("labelColumn"));
    labelColumn_->setPlaceholderText(tr("default of the format, e.g. label"));
    labelColumn_->setToolTip(tr("The column (name or 1-based number) that holds the class."));
    labelKind_ = new QComboBox(this);
    labelKind_->setObjectName(QStringLiteral("labelKind"));
    labelKind_->addItem(tr("As the format says (AG News: 1-4; others: every value is a class)"), QStringLiteral("auto"));
    labelKind_->addItem(tr("Class names, as written"), QStringLiteral("names"));
    labelKind_->addItem(tr("Numbers starting at 0"), QStringLiteral("ids0"));
    labelKind_->addItem(tr("Numbers starting at 1"), QStringLiteral("ids1"));
    labelKind_->setToolTip(tr("How the label column's values become classes"));
    classNames_ = new QLineEdit(this);
    classNames_->setObjectName(QStringLiteral("classNames"));
    classNames_->setPlaceholderText(tr("optional: World, Sports, Business, Sci/Tech"));
    classNames_->setToolTip(tr("Names of the classes in order (for numbers), or the only names accepted (for names); "
                               "other values are bad rows"));
    header_ = new QCheckBox(tr("The first line names the columns"), this);
    header_->setChecked(true);
    skipBad_ = new QCheckBox(tr("Skip bad rows and list them (instead of stopping at the first)"), this);
    skipBad_->setObjectName(QStringLiteral("skipBad"));

    test_ = new QLineEdit(this);
    test_->setObjectName(QStringLiteral("testFile"));
    test_->setPlaceholderText(tr("optional: evaluate on this file instead of 10% of the training rows"));
    // A test file beside a train file is found without asking.
    const QFileInfo info(path);
    const QString sibling = info.fileName().replace(QStringLiteral("train"), QStringLiteral("test"));
    if (sibling != info.fileName() && QFileInfo::exists(info.dir().filePath(sibling)))
        test_->setText(info.dir().filePath(sibling));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ImportDialog::browseTest);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(test_, 1);
    testRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Text columns:"), textColumns_);
    form->addRow(tr("Label column:"), labelColumn_);
    form->addRow(tr("Labels:"), labelKind_);
    form->addRow(tr("Class names:"), classNames_);
    form->addRow(QString(), header_);
    form->addRow(tr("Test file:"), testRow);
    form->addRow(QString(), skipBad_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Open)->setEnabled(error.isEmpty());

    auto* layout = new QVBoxLayout(this);
    auto* file = new QLabel(QStringLiteral("<b>%1</b>").arg(path.toHtmlEscaped()), this);
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(file);
    layout->addWidget(new QLabel(tr("First lines:"), this));
    layout->addWidget(preview_, 1);
    layout->addWidget(detectedLabel_);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(format_, &QComboBox::currentIndexChanged, this, &ImportDialog::updateColumns);
    updateColumns();
}

void ImportDialog::updateColumns() {
    const auto f = data::DatasetFormat(format_->currentData().toInt());
    QString name = detected_;
    if (f != data::DatasetFormat::Auto) name = QString::fromUtf8(data::formatName(f).data());
    const bool generic =
        name == QLatin1String("csv") || name == QLatin1String("tsv") || name == QLatin1String("jsonl");
    const bool agnews = name == QLatin1String("agnews-csv") || name == QLatin1String("kaggle-csv") ||
                        name == QLatin1String("hf-jsonl");
    textColumns_->setEnabled(generic || agnews);
    labelColumn_->setEnabled(generic || agnews);
    header_->setEnabled(name == QLatin1String("csv") || name == QLatin1String("tsv"));
}

void ImportDialog::browseTest() {
    const QString f = QFileDialog::getOpenFileName(this, tr("Test file"), QFileInfo(path_).absolutePath());
    if (!f.isEmpty()) test_->setText(f);
}

QString ImportDialog::testPath() const {
    return test_->text().trimmed();
}

data::ReadOptions ImportDialog::options() const {
    data::ReadOptions o;
    o.format = data::DatasetFormat(format_->currentData().toInt());
    o.onError = skipBad_->isChecked() ? data::ErrorPolicy::Skip : data::ErrorPolicy::Fail;
    o.hasHeader = header_->isChecked();
    const auto column = [](const QString& s) {
        bool number = false;
        const int n = s.toInt(&number);
        return number && n >= 1 ? data::Column::at(std::size_t(n - 1)) : data::Column::named(s.toStdString());
    };
    if (textColumns_->isEnabled())
        for (const auto& part : textColumns_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty()) o.textColumns.push_back(column(part.trimmed()));
    if (labelColumn_->isEnabled() && !labelColumn_->text().trimmed().isEmpty())
        o.labelColumn = column(labelColumn_->text().trimmed());
    std::vector<std::string> names;
    for (const auto& part : classNames_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) names.push_back(part.trimmed().toStdString());
    const QString kind = labelKind_->currentData().toString();
    if (kind == QLatin1String("names")) o.labels = data::LabelSpec::byName(names);
    else if (kind == QLatin1String("ids0")) o.labels = data::LabelSpec::byId(0, names);
    else if (kind == QLatin1String("ids1")) o.labels = data::LabelSpec::byId(1, names);
    else if (!names.empty()) o.labels = data::LabelSpec::byName(names);
    return o;
}

}  // namespace headliner::ui
