#pragma once
// A training run that really runs out of memory, for the tests of what follows it: AG News rows
// made long (six descriptions each, from ../shared), trained by `headliner-cli train` with
// batches of 2048 rows × 256 tokens under a 4 GB address-space limit (setrlimit in the child
// process only), which several GB of activations cannot fit.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <sys/resource.h>

#include <string>

#include "core/data/Dataset.h"
#include "core/data/DatasetReader.h"
#include "support/CliProcess.h"
#include "support/SharedData.h"

namespace headliner::test {

// `rows` AG News rows (label, "Row N", six descriptions), as AG News CSV.
inline QByteArray longAgNewsCsv(std::size_t rows) {
    const auto source =
        data::readDataset(sharedPath(QStringLiteral("data/ag_news/train.csv.xz")).toStdString());
    auto field = [](const std::string& s) {
        QByteArray out = QByteArray::fromStdString(s);
        out.replace('"', "\"\"");
        return '"' + out + '"';
    };
    QByteArray csv;
    for (std::size_t i = 0; i < rows; ++i) {
        std::string text;
        for (std::size_t k = 0; k < 6; ++k) text += source.texts[(i * 7 + k) % source.size()] + " ";
        csv += field(std::to_string(source.labels[i] + 1)) + ',' + field("Row " + std::to_string(i)) + ',' +
               field(text) + '\n';
    }
    return csv;
}

// scratch-d128 on trainCsv into outFolder, batches of 2048 × 256 tokens, under the limit.
inline CliResult trainUntilOutOfMemory(const QString& trainCsv, const QString& outFolder,
                                       const QStringList& extra = {}) {
    return runCli(QStringList{QStringLiteral("train"), QStringLiteral("--train"), trainCsv, QStringLiteral("--preset"),
                              QStringLiteral("scratch-d128"), QStringLiteral("--batch-size"), QStringLiteral("2048"),
                              QStringLiteral("--max-length"), QStringLiteral("256"), QStringLiteral("--epochs"),
                              QStringLiteral("1"), QStringLiteral("--out"), outFolder} +
                      extra,
                  {}, 300000, std::nullopt, [] {
                      const rlimit limit{4000000000ULL, 4000000000ULL};
                      ::setrlimit(RLIMIT_AS, &limit);
                  });
}

}  // namespace headliner::test
