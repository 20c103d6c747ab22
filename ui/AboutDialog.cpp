#include "ui/AboutDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/BuildInfo.h"

namespace headliner::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Headliner"));
    setObjectName(QStringLiteral("aboutDialog"));
    const auto info = headliner::buildInfo();
    auto q = [](const std::string& s) { return QString::fromStdString(s); };

    auto* title = new QLabel(tr("<h2>Headliner %1</h2>").arg(q(info.headliner)), this);
    auto* blurb = new QLabel(tr("Fine-tune transformer text classifiers on your own computer: "
                                "browse a dataset, train with live curves, try headlines, export "
                                "the model in Hugging Face format."),
                             this);
    blurb->setWordWrap(true);

    const QString cuda = info.cudaAvailable
                             ? tr("available (%n device(s))", nullptr, int(info.cudaDevices.size()))
                             : tr("not available: training runs on the CPU");
    auto* form = new QFormLayout;
    const QList<QPair<QString, QString>> rows = {
        {tr("Qt"), QString::fromLatin1(qVersion())},
        {tr("LibTorch"), q(info.libtorch)},
        {tr("sentencepiece"), q(info.sentencepiece)},
        {tr("utf8proc"), q(info.utf8proc)},
        {tr("CUDA"), cuda},
        {tr("CPU threads"), QString::number(info.cpuThreads)},
        {tr("BLAS"), q(info.blas)},
        {tr("BLAS kernels"), q(info.blasKernels)},
    };
    for (const auto& [label, value] : rows) {
        auto* v = new QLabel(value, this);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        v->setObjectName(QStringLiteral("about_") + label.toLower().remove(QLatin1Char(' ')));
        form->addRow(label + QLatin1Char(':'), v);
        report_ += label + QStringLiteral(": ") + value + QLatin1Char('\n');
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("Copy to clipboard"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(report_); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(blurb);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

}  // namespace headliner::ui
