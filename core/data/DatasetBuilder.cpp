#include "core/data/DatasetBuilder.h"

#include <algorithm>
#include <charconv>

#include "core/Error.h"
#include "core/data/Utf8Validation.h"

namespace headliner::data {
namespace {

constexpr std::size_t kMaxListedLabelValues = 20;  // keeps the unknown-label message readable

bool isBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::int64_t> parseInteger(std::string_view s) {
    s = trimmed(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

std::string inQuotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

}  // namespace

DatasetBuilder::DatasetBuilder(std::filesystem::path file, DatasetFormat format, const ReadOptions& options,
                               LabelSpec labels)
    : options_(options), spec_(std::move(labels)) {
    dataset_.source = std::move(file);
    dataset_.format = std::string(formatName(format));
    report_.format = format;
    if (spec_.kind == LabelSpec::Kind::Names)
        for (std::size_t i = 0; i < spec_.names.size(); ++i)
            classByName_.emplace(spec_.names[i], std::int32_t(i));
}

void DatasetBuilder::reject(std::uint64_t line, RowProblem problem, const std::string& message) {
    if (deferredFailure_) return;  // only counting label values until the end now
    if (options_.onError == ErrorPolicy::Fail) throw FileError(dataset_.source, line, message);
    ProblemTally& tally = report_[problem];
    if (tally.count == 0) tally.firstMessage = message;
    if (tally.lines.size() < options_.reportedLinesPerProblem) tally.lines.push_back(line);
    ++tally.count;
    ++report_.skippedRows;
}

bool DatasetBuilder::screenLine(std::uint64_t line, std::string_view text, bool overlong) {
    if (overlong) {
        reject(line, RowProblem::OverlongLine,
               "line longer than " + std::to_string(options_.maxLineBytes) + " bytes");
        return false;
    }
    if (isBlank(text)) {
        countBlankLines();
        return false;
    }
    if (const std::size_t bad = findInvalidUtf8(text); bad != std::string_view::npos) {
        reject(line, RowProblem::InvalidUtf8,
               "invalid UTF-8 at byte " + std::to_string(bad + 1) + " of the line");
        return false;
    }
    return true;
}

void DatasetBuilder::addRow(std::uint64_t line, std::span<const std::string_view> textParts,
                            std::string_view label) {
    ++report_.labelValues[std::string(label)];
    if (deferredFailure_) return;

    // Empty text first: a rejected row must not open a class in an open label set.
    if (std::all_of(textParts.begin(), textParts.end(), isBlank)) {
        reject(line, RowProblem::EmptyText, "the text is empty");
        return;
    }
    const auto cls = classOf(label);
    if (!cls) {
        const std::string message = "unknown label " + inQuotes(label) + ", expected " + expectedLabels();
        if (options_.onError == ErrorPolicy::Fail)
            deferredFailure_.emplace(line, message);
        else
            reject(line, RowProblem::UnknownLabel, message);
        return;
    }
    std::size_t length = 0;
    for (const auto part : textParts) length += part.size() + options_.textSeparator.size();
    std::string text;
    text.reserve(length);
    for (std::size_t i = 0; i < textParts.size(); ++i) {
        if (i > 0) text += options_.textSeparator;
        text += textParts[i];
    }
    dataset_.texts.push_back(std::move(text));
    dataset_.labels.push_back(*cls);
}

std::optional<std::int32_t> DatasetBuilder::classOf(std::string_view label) {
    if (spec_.kind == LabelSpec::Kind::Names) {
        if (const auto it = classByName_.find(std::string(label)); it != classByName_.end())
            return it->second;
        if (!spec_.names.empty()) return std::nullopt;
        // Open set: provisional ids in order of appearance, sorted by name in finish().
        const auto id = std::int32_t(classByName_.size());
        classByName_.emplace(std::string(label), id);
        return id;
    }
    const auto id = parseInteger(label);
    if (!id || *id < spec_.firstId) return std::nullopt;
    // The distance in unsigned arithmetic: *id - firstId overflows int64 for a very negative firstId.
    const std::uint64_t distance = std::uint64_t(*id) - std::uint64_t(spec_.firstId);
    const std::uint64_t classes = spec_.names.empty() ? std::uint64_t(LabelSpec::kMaxIdClasses) : spec_.names.size();
    if (distance >= classes) return std::nullopt;
    const auto cls = std::int64_t(distance);
    largestId_ = std::max(largestId_, cls);
    return std::int32_t(cls);
}

std::string DatasetBuilder::expectedLabels() const {
    std::string names;
    for (std::size_t i = 0; i < spec_.names.size(); ++i) names += (i ? ", " : "") + spec_.names[i];
    if (spec_.kind == LabelSpec::Kind::Names) return "one of: " + names;
    if (spec_.names.empty()) {
        const std::int64_t last = spec_.firstId > INT64_MAX - (LabelSpec::kMaxIdClasses - 1)
                                      ? INT64_MAX
                                      : spec_.firstId + (LabelSpec::kMaxIdClasses - 1);
        return "an integer from " + std::to_string(spec_.firstId) + " to " + std::to_string(last);
    }
    return "an id from " + std::to_string(spec_.firstId) + " to " +
           std::to_string(spec_.firstId + std::int64_t(spec_.names.size()) - 1) + " (" + names + ")";
}

std::string DatasetBuilder::labelValuesSeen() const {
    std::string out = "label values in the file: ";
    std::size_t listed = 0;
    for (const auto& [value, rows] : report_.labelValues) {
        if (listed == kMaxListedLabelValues) {
            out += ", ... (" + std::to_string(report_.labelValues.size() - listed) + " more)";
            break;
        }
        out += (listed++ ? ", " : "") + inQuotes(value) + " (" + std::to_string(rows) +
               (rows == 1 ? " row)" : " rows)");
    }
    return out;
}

Dataset DatasetBuilder::finish(std::uint64_t linesRead, ReadReport* report) {
    if (deferredFailure_)
        throw FileError(dataset_.source, deferredFailure_->first,
                        deferredFailure_->second + "; " + labelValuesSeen());
    ProblemTally& unknown = report_[RowProblem::UnknownLabel];
    if (unknown.count > 0) unknown.firstMessage += "; " + labelValuesSeen();

    if (spec_.kind == LabelSpec::Kind::Names && spec_.names.empty()) {
        // Sorted names make the class ids independent of row order.
        std::vector<std::pair<std::string, std::int32_t>> seen(classByName_.begin(), classByName_.end());
        std::sort(seen.begin(), seen.end());
        std::vector<std::int32_t> remap(seen.size());
        for (std::size_t i = 0; i < seen.size(); ++i) {
            remap[std::size_t(seen[i].second)] = std::int32_t(i);
            dataset_.labelNames.push_back(seen[i].first);
        }
        for (auto& label : dataset_.labels) label = remap[std::size_t(label)];
    } else if (spec_.kind == LabelSpec::Kind::Ids && spec_.names.empty()) {
        for (std::int64_t i = 0; i <= largestId_; ++i)
            dataset_.labelNames.push_back(std::to_string(spec_.firstId + i));
    } else {
        dataset_.labelNames = spec_.names;
    }
    report_.lines = linesRead;
    report_.rows = dataset_.size();
    if (report) *report = report_;
    return std::move(dataset_);
}

}  // namespace headliner::data
