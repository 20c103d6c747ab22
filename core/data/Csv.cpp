#include "core/data/Csv.h"

#include <algorithm>
#include <iterator>

#include "core/data/Utf8Validation.h"

namespace headliner::data {
namespace {

bool isBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

CsvRecordReader::CsvRecordReader(io::LineReader& lines, char delimiter, std::size_t maxRecordBytes)
    : lines_(lines), delimiter_(delimiter), maxRecordBytes_(maxRecordBytes) {}

bool CsvRecordReader::pull() {
    if (!pending_.empty()) {
        current_ = std::move(pending_.front());
        pending_.pop_front();
        currentText_ = current_.text;
        return true;
    }
    if (!lines_.next()) return false;
    current_.number = lines_.lineNumber();
    current_.overlong = lines_.overlong();
    current_.text.clear();
    currentText_ = lines_.line();  // no copy for the common single-line record
    return true;
}

void CsvRecordReader::fail(CsvRecord& record, RowProblem problem, std::string message, std::string runMessage) {
    // Read the lines after the record's first one again: the broken quote was probably on the
    // first line, and the rows that follow deserve their own chance. Remember that those lines,
    // entered inside quotes, end in this failure: a record read again must not rescan them
    // (the lines are consecutive, so recordLines_[1..] is the range from..to).
    if (recordLines_.size() > 1) {
        brokenRun_ = BrokenRun{recordLines_[1].number, recordLines_.back().number, problem,
                               runMessage.empty() ? message : std::move(runMessage)};
        pending_.insert(pending_.begin(), std::make_move_iterator(recordLines_.begin() + 1),
                        std::make_move_iterator(recordLines_.end()));
    }
    recordLines_.clear();
    record.problem = problem;
    record.message = std::move(message);
}

bool CsvRecordReader::next(CsvRecord& record) {
    record.fields.clear();
    record.problem.reset();
    record.message.clear();
    recordLines_.clear();
    do {
        if (!pull()) return false;
        if (!current_.overlong && isBlank(currentText_)) ++blankLines_;
    } while (!current_.overlong && isBlank(currentText_));
    record.line = current_.number;
    if (current_.overlong) {
        fail(record, RowProblem::OverlongLine,
             "line longer than " + std::to_string(maxRecordBytes_) + " bytes");
        return true;
    }

    state_ = State::FieldStart;
    record.fields.emplace_back();
    std::size_t bytes = 0;
    std::string badUtf8;  // remembered, reported once the record's extent is known
    for (;;) {
        bytes += currentText_.size();
        if (badUtf8.empty()) {
            if (const std::size_t at = findInvalidUtf8(currentText_); at != std::string_view::npos)
                badUtf8 = "invalid UTF-8 at byte " + std::to_string(at + 1) + " of line " +
                          std::to_string(current_.number);
        }
        if (!parseLine(record)) return true;
        if (state_ != State::Quoted) break;

        // A line break inside quotes: the record goes on, unless the next line is one a broken
        // record already ran through inside quotes: this one would end the same way.
        if (brokenRun_ && current_.number + 1 >= brokenRun_->from && current_.number + 1 <= brokenRun_->to) {
            fail(record, brokenRun_->problem, brokenRun_->message);
            return true;
        }
        // Keep the record's lines in case it is broken.
        if (recordLines_.empty()) recordLines_.push_back({current_.number, std::string(currentText_), false});
        record.fields.back() += '\n';
        ++bytes;
        if (bytes > maxRecordBytes_) {
            fail(record, RowProblem::OverlongLine,
                 "record longer than " + std::to_string(maxRecordBytes_) +
                     " bytes (is a quoted field never closed?)");
            return true;
        }
        if (!pull()) {
            fail(record, RowProblem::Malformed, "a quoted field that starts in this record is never closed");
            return true;
        }
        recordLines_.push_back({current_.number, std::string(currentText_), current_.overlong});
        if (current_.overlong) {
            fail(record, RowProblem::OverlongLine,
                 "line " + std::to_string(current_.number) + " of this record is longer than " +
                     std::to_string(maxRecordBytes_) + " bytes");
            return true;
        }
    }
    recordLines_.clear();
    if (!badUtf8.empty()) {
        record.problem = RowProblem::InvalidUtf8;
        record.message = std::move(badUtf8);
    }
    return true;
}

bool CsvRecordReader::parseLine(CsvRecord& record) {
    const std::string_view s = currentText_;
    std::size_t i = 0;
    while (i < s.size()) {
        switch (state_) {
            case State::FieldStart:
                if (s[i] == '"') {
                    state_ = State::Quoted;
                    quotedFrom_ = i;
                    quotedLine_ = current_.number;
                    ++i;
                } else if (s[i] == delimiter_) {
                    record.fields.emplace_back();
                    ++i;
                } else {
                    state_ = State::Unquoted;
                }
                break;
            case State::Unquoted: {
                const std::size_t end = std::min(s.find(delimiter_, i), s.size());
                record.fields.back().append(s.substr(i, end - i));
                i = end;
                if (i < s.size()) {
                    record.fields.emplace_back();
                    state_ = State::FieldStart;
                    ++i;
                }
                break;
            }
            case State::Quoted: {
                const std::size_t end = std::min(s.find('"', i), s.size());
                record.fields.back().append(s.substr(i, end - i));
                i = end;
                if (i < s.size()) {
                    state_ = State::QuoteInQuoted;
                    ++i;
                }
                break;
            }
            case State::QuoteInQuoted:
                if (s[i] == '"') {  // "" inside quotes is one quote
                    record.fields.back() += '"';
                    state_ = State::Quoted;
                    ++i;
                } else if (s[i] == delimiter_) {
                    record.fields.emplace_back();
                    state_ = State::FieldStart;
                    ++i;
                } else if (delimiter_ == '\t' && quotedLine_ == current_.number) {
                    // Tab-separated text that merely starts with a quotation: the field is the
                    // line's bytes from its opening quote on, as written (see Csv.h).
                    record.fields.back().assign(s.substr(quotedFrom_, i - quotedFrom_));
                    state_ = State::Unquoted;
                } else {
                    const std::string where = "(line " + std::to_string(current_.number) + ", byte " +
                                              std::to_string(i + 1) +
                                              "); a quote inside a quoted field must be doubled";
                    fail(record, RowProblem::Malformed,
                         "bad quotes: unexpected character after the closing quote of field " +
                             std::to_string(record.fields.size()) + " " + where,
                         "bad quotes: unexpected character after a closing quote " + where);
                    return false;
                }
                break;
        }
    }
    return true;
}

}  // namespace headliner::data
