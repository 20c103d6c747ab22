#include "core/data/ReadReport.h"

namespace headliner::data {

std::string_view problemName(RowProblem problem) {
    switch (problem) {
        case RowProblem::Malformed:
            return "malformed";
        case RowProblem::WrongColumnCount:
            return "wrong column count";
        case RowProblem::InvalidUtf8:
            return "invalid UTF-8";
        case RowProblem::EmptyText:
            return "empty text";
        case RowProblem::OverlongLine:
            return "overlong line";
        case RowProblem::UnknownLabel:
            return "unknown label";
    }
    return "unknown problem";
}

std::string ReadReport::summary() const {
    std::string out = std::string(formatName(format)) + ": " + std::to_string(rows) + " rows kept, " +
                      std::to_string(skippedRows) + " skipped, " + std::to_string(lines) + " lines";
    if (blankLines > 0) out += " (" + std::to_string(blankLines) + " blank)";
    out += '\n';
    for (std::size_t i = 0; i < kRowProblemCount; ++i) {
        const ProblemTally& tally = problems[i];
        if (tally.count == 0) continue;
        out += "  " + std::string(problemName(RowProblem(i))) + ": " + std::to_string(tally.count) +
               " rows, lines";
        for (std::size_t k = 0; k < tally.lines.size(); ++k)
            out += (k ? ", " : " ") + std::to_string(tally.lines[k]);
        if (tally.count > tally.lines.size()) out += ", ...";
        out += "; first: " + tally.firstMessage + '\n';
    }
    return out;
}

}  // namespace headliner::data
