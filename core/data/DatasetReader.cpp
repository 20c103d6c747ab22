#include "core/data/DatasetReader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/data/FormatReaders.h"

namespace headliner::data {

LabelSpec agNewsLabels() {
    return LabelSpec::byId(1, {"World", "Sports", "Business", "Sci/Tech"});
}

Dataset readDataset(const std::filesystem::path& path, const ReadOptions& options, ReadReport* report) {
    const DatasetFormat format = options.format == DatasetFormat::Auto ? detectFormat(path) : options.format;
    switch (format) {
        case DatasetFormat::AgNewsCsv:
        case DatasetFormat::KaggleCsv:
        case DatasetFormat::Csv:
        case DatasetFormat::Tsv:
            return readCsvFile(path, format, options, report);
        case DatasetFormat::HfJsonl:
        case DatasetFormat::Jsonl:
            return readJsonlFile(path, format, options, report);
        case DatasetFormat::FastText:
            return readFastTextFile(path, options, report);
        case DatasetFormat::Auto:
            break;
    }
    return {};  // unreachable: detectFormat never answers Auto
}

namespace {

std::string lowerAscii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return s;
}

// A whole number written plainly ("0", "12"), below `limit`.
std::optional<std::size_t> classId(const std::string& name, std::size_t limit) {
    if (name.empty() || name.size() > 9 || name.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    if (name.size() > 1 && name[0] == '0') return std::nullopt;
    const auto id = std::size_t(std::stoul(name));
    return id < limit ? std::optional(id) : std::nullopt;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

ClassMapping mapClasses(const Dataset& other, const std::vector<std::string>& known, const std::string& knownWhat) {
    const std::size_t n = other.labelNames.size();
    std::vector<std::size_t> rows(n, 0);
    for (const auto l : other.labels) ++rows[std::size_t(l)];
    ClassMapping m;
    m.toKnown.assign(n, -1);
    bool anyByName = false;
    for (std::size_t c = 0; c < n; ++c) {
        const auto it = std::find(known.begin(), known.end(), other.labelNames[c]);
        if (it != known.end()) {
            m.toKnown[c] = std::int32_t(it - known.begin());
            anyByName = true;
        }
    }
    // Ignoring case, where that names one known class.
    std::vector<std::string> byCase;
    for (std::size_t c = 0; c < n; ++c) {
        if (m.toKnown[c] >= 0) continue;
        const std::string lower = lowerAscii(other.labelNames[c]);
        std::int32_t found = -1;
        int matches = 0;
        for (std::size_t k = 0; k < known.size(); ++k)
            if (lowerAscii(known[k]) == lower) found = std::int32_t(k), ++matches;
        if (matches == 1) {
            m.toKnown[c] = found;
            anyByName = true;
            byCase.push_back("'" + other.labelNames[c] + "' as '" + known[std::size_t(found)] + "'");
        }
    }
    // Class ids, when no class matched by name and every one is an id.
    if (!anyByName && n > 0) {
        std::vector<std::int32_t> ids(n, -1);
        bool allIds = true;
        for (std::size_t c = 0; c < n && allIds; ++c) {
            const auto id = classId(other.labelNames[c], known.size());
            allIds = id.has_value();
            if (id) ids[c] = std::int32_t(*id);
        }
        std::string list;
        for (std::size_t k = 0; k < known.size(); ++k) list += (k ? ", " : "") + std::to_string(k) + " = " + known[k];
        if (allIds) {
            m.toKnown = ids;
            m.note = "its labels are read as class ids (" + list + ")";
            return m;
        }
        // Whole numbers, one of them too large: name that one.
        bool allNumbers = true;
        for (std::size_t c = 0; c < n && allNumbers; ++c) allNumbers = classId(other.labelNames[c], 1000000000).has_value();
        if (allNumbers)
            for (std::size_t c = 0; c < n; ++c)
                if (rows[c] > 0 && !classId(other.labelNames[c], known.size()))
                    throw FileError(other.source, 0,
                                    "class id " + other.labelNames[c] + " (" + std::to_string(rows[c]) +
                                        (rows[c] == 1 ? " row" : " rows") + ") is not one of " + knownWhat + " (" +
                                        list + ")");
    }
    for (std::size_t c = 0; c < n; ++c)
        if (m.toKnown[c] < 0 && rows[c] > 0)
            throw FileError(other.source, 0,
                            "class '" + other.labelNames[c] + "' (" + std::to_string(rows[c]) +
                                (rows[c] == 1 ? " row" : " rows") + ") is not one of " + knownWhat + " (" +
                                joined(known) + ")");
    if (!byCase.empty()) {
        std::string list;
        for (const auto& b : byCase) list += (list.empty() ? "" : ", ") + b;
        m.note = "classes matched ignoring case: " + list;
    }
    return m;
}

std::string useClassesOf(const Dataset& reference, Dataset& other) {
    if (other.labelNames == reference.labelNames) return {};
    const auto m = mapClasses(other, reference.labelNames, "the classes of " + reference.source.string());
    for (auto& l : other.labels) l = m.toKnown[std::size_t(l)];
    other.labelNames = reference.labelNames;
    return m.note;
}

}  // namespace headliner::data
