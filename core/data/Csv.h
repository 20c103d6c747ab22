#pragma once
// RFC 4180 records over a LineReader: fields separated by a delimiter (',' or '\t'), a field in
// double quotes may hold delimiters, doubled quotes ("" for ") and line breaks. Field bytes are
// kept exactly as written otherwise: the AG News files carry literal `\n` and `#36;` sequences
// that the reference tokenizer outputs were computed on. Two leniencies, as in Python's csv
// module: a quote inside an unquoted field is a plain character, and a line break inside quotes
// comes back as "\n" even where the file had "\r\n". A third for tab-separated files, which are
// often written without any quoting: a field that opens with a quote whose closing quote is
// followed by more text on the same line (`"Help Wanted" signs go up`) is plain text, kept as
// written, where a comma-separated file reports bad quotes.
//
// A broken record does not take the rest of the file with it: when a quoted field is never
// closed (end of file, or the record grows past maxRecordBytes) or a quote is followed by junk on
// a later line, only the record's first line is reported, and the lines after it are read again
// as new records. A record read again that runs inside quotes into those same lines fails at once,
// as the broken record did (without that, lines like `a","` made reading quadratic in the file).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/data/ReadReport.h"
#include "core/io/LineReader.h"

namespace headliner::data {

struct CsvRecord {
    std::uint64_t line = 0;           // the line the record starts on (1-based)
    std::vector<std::string> fields;  // unquoted field values
    std::optional<RowProblem> problem;
    std::string message;  // what is wrong, when problem is set (the fields are then unreliable)
};

class CsvRecordReader {
public:
    CsvRecordReader(io::LineReader& lines, char delimiter, std::size_t maxRecordBytes);

    // The next record, or false at the end of the file. Blank lines between records are skipped
    // and counted. A record with a problem still counts as a record.
    bool next(CsvRecord& record);

    std::size_t blankLines() const { return blankLines_; }

private:
    struct Line {
        std::uint64_t number = 0;
        std::string text;
        bool overlong = false;
    };
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };

    // Lines a broken multi-line record ran through inside quotes (its lines after the first), and
    // how it failed. Entering one of them inside quotes leads to the same failure, so a record
    // that is about to is failed right away instead of being parsed up to it again.
    struct BrokenRun {
        std::uint64_t from = 0, to = 0;
        RowProblem problem = RowProblem::Malformed;
        std::string message;
    };

    bool pull();  // the next physical line into current_
    // Parses current_ into record; false on a quoting error (record.problem set).
    bool parseLine(CsvRecord& record);
    // runMessage: the message for records failed by brokenRun_ (empty: the same as message).
    void fail(CsvRecord& record, RowProblem problem, std::string message, std::string runMessage = {});

    io::LineReader& lines_;
    char delimiter_;
    std::size_t maxRecordBytes_;
    std::size_t blankLines_ = 0;
    State state_ = State::FieldStart;
    Line current_;                   // copy only when taken from pending_
    std::string_view currentText_;   // the line being parsed (in lines_ or current_)
    std::vector<Line> recordLines_;  // the lines of a multi-line record, kept for re-reading
    std::deque<Line> pending_;       // lines handed back after a broken multi-line record
    std::optional<BrokenRun> brokenRun_;
    // Where the open quoted field began: its opening quote's byte in the line, and the line.
    std::size_t quotedFrom_ = 0;
    std::uint64_t quotedLine_ = 0;
};

}  // namespace headliner::data
