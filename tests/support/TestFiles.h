#pragma once
// Small file helpers the CLI tests share: write bytes to a file, read a JSON Lines file.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace headliner::test {

inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// One JSON value per non-empty line.
inline std::vector<nlohmann::json> readJsonl(const QString& path) {
    std::ifstream in(path.toStdString());
    std::vector<nlohmann::json> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

}  // namespace headliner::test
