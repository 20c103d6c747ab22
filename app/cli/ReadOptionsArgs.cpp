#include "app/cli/ReadOptionsArgs.h"

#include <charconv>
#include <string>

#include "core/data/DatasetFormat.h"

namespace headliner::cli {

namespace {

data::Column parseColumn(const std::string& option, const std::string& text) {
    if (text.empty()) throw UsageError("option --" + option + ": an empty column name");
    if (text.front() == '#') {
        std::size_t n = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data() + 1, end, n);
        if (ec != std::errc() || ptr != end || n == 0)
            throw UsageError("option --" + option + ": '" + text + "' is not a column position (#1, #2, ...)");
        return data::Column::at(n - 1);
    }
    return data::Column::named(text);
}

}  // namespace

std::vector<OptionSpec> readOptionSpecs() {
    return {
        {"format", true, "NAME",
         "how to read the data files: auto (default: detected), agnews-csv, kaggle-csv, hf-jsonl, csv, tsv, jsonl, "
         "fasttext"},
        {"text-column", true, "C[,C...]",
         "the column(s) holding the text, joined with a space: a header name or JSON key, or #N for the N-th column "
         "(default: text; AG News: title,description)"},
        {"label-column", true, "C", "the column holding the label (default: label; AG News: the class index)"},
        {"no-header", false, "", "CSV/TSV: the first line is a row, not column names (choose columns as #N)"},
        {"skip-bad-rows", false, "", "leave out malformed rows (counted in a warning) instead of stopping at the first"},
    };
}

std::vector<OptionSpec> withReadOptions(std::vector<OptionSpec> specs) {
    for (auto& s : readOptionSpecs()) specs.push_back(std::move(s));
    return specs;
}

data::ReadOptions readOptionsFrom(const CommandLine& cl) {
    data::ReadOptions o;
    if (const auto format = cl.value("format")) {
        const auto parsed = data::formatFromName(*format);
        if (!parsed)
            throw UsageError("option --format: unknown format '" + *format +
                             "' (known: auto, agnews-csv, kaggle-csv, hf-jsonl, csv, tsv, jsonl, fasttext)");
        o.format = *parsed;
    }
    if (const auto columns = cl.value("text-column")) {
        std::size_t start = 0;
        while (true) {
            const auto comma = columns->find(',', start);
            o.textColumns.push_back(parseColumn("text-column", columns->substr(start, comma - start)));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    if (const auto label = cl.value("label-column")) o.labelColumn = parseColumn("label-column", *label);
    o.hasHeader = !cl.has("no-header");
    if (cl.has("skip-bad-rows")) o.onError = data::ErrorPolicy::Skip;
    return o;
}

}  // namespace headliner::cli
