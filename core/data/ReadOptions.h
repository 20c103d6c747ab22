#pragma once
// What a caller can choose when reading a dataset: the format, which columns make the text and
// the label, how labels map to classes, and what to do with bad rows.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/DatasetFormat.h"

namespace headliner::data {

// A column of a CSV/TSV file or a key of a JSONL object. Names match header names and JSON keys
// ignoring ASCII case; an index (0-based) addresses a CSV/TSV column, header or not. The AG News
// CSV, which has no header, answers to the names "label", "title" and "description".
struct Column {
    static constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();
    std::string name;
    std::size_t index = kNoIndex;

    static Column named(std::string name) { return Column{std::move(name), kNoIndex}; }
    static Column at(std::size_t index) { return Column{{}, index}; }
    bool hasIndex() const { return index != kNoIndex; }
    // Whether a header name or JSON key is this column's name (ASCII case ignored).
    bool matches(std::string_view key) const {
        return key.size() == name.size() &&
               std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                   const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
                   return lower(a) == lower(b);
               });
    }
    // For messages: "title" or "#2" (1-based, as people count columns).
    std::string describe() const { return hasIndex() ? "#" + std::to_string(index + 1) : "\"" + name + "\""; }
};

// How the values of the label column become 0-based class ids.
struct LabelSpec {
    enum class Kind {
        Names,  // values are class names; names[i] is class i
        Ids,    // values are integers; firstId is class 0, firstId + 1 class 1, ...
    };
    Kind kind = Kind::Names;
    // Names: the accepted names (empty: every distinct value is a class, sorted by byte order).
    // Ids: the class names shown to people (empty: the ids themselves, firstId up to the largest).
    // With a non-empty list a value outside it is an unknown label.
    std::vector<std::string> names;
    std::int64_t firstId = 0;

    // Ids without names: the most classes the ids may span (firstId up to firstId + kMaxIdClasses
    // - 1). A larger id is an unknown label: one stray "2000000000" must not make two billion
    // classes (and their names) out of a file.
    static constexpr std::int64_t kMaxIdClasses = std::int64_t{1} << 16;

    static LabelSpec byName(std::vector<std::string> names = {}) {
        return {Kind::Names, std::move(names), 0};
    }
    static LabelSpec byId(std::int64_t firstId, std::vector<std::string> names = {}) {
        return {Kind::Ids, std::move(names), firstId};
    }
};

// AG News: ids 1-4 in the files, classes 0-3 in memory, named as in classes.txt.
LabelSpec agNewsLabels();

enum class ErrorPolicy {
    Fail,  // the first bad row throws FileError naming the file, the line and the problem
    Skip,  // bad rows are left out and counted in the ReadReport
};

struct ReadOptions {
    DatasetFormat format = DatasetFormat::Auto;
    ErrorPolicy onError = ErrorPolicy::Fail;

    // Columns joined (with textSeparator) into a row's text. Empty: the format's default, which
    // is title + description for the AG News formats and "text" for the generic ones. Not used
    // by fastText, whose text is the rest of the line.
    std::vector<Column> textColumns;
    std::string textSeparator = " ";
    // The label column. Unset: "Class Index" / "label" for AG News, "label" for generic formats.
    std::optional<Column> labelColumn;
    // Unset: agNewsLabels() for the AG News formats, every distinct value by name otherwise.
    std::optional<LabelSpec> labels;

    bool hasHeader = true;  // generic CSV/TSV only: the first line names the columns

    std::size_t maxLineBytes = std::size_t{1} << 20;  // longer lines (and CSV records) are bad rows
    std::size_t reportedLinesPerProblem = 10;         // line numbers kept per problem kind
};

}  // namespace headliner::data
