#pragma once
// Made-up training data for tests: a learnable four-class task in the AG News CSV form (each
// class has its own topic words among shared filler), seeded, any size.

#include <QByteArray>

#include <random>

namespace headliner::test {

// A learnable made-up task in AG News CSV form: each class has its own words.
inline QByteArray madeUpAgNews(int rows, unsigned seed) {
    std::mt19937 rng(seed);
    const char* topics[4][6] = {{"election", "minister", "treaty", "embassy", "war", "summit"},
                                {"match", "coach", "league", "goal", "season", "player"},
                                {"stocks", "profit", "merger", "shares", "bank", "market"},
                                {"software", "chip", "space", "research", "internet", "robot"}};
    const char* filler[] = {"the", "a", "new", "report", "says", "after", "today", "big", "week", "plans"};
    QByteArray out;
    for (int r = 0; r < rows; ++r) {
        const int c = int(rng() % 4);
        QByteArray title, body;
        for (int w = 0, n = 3 + int(rng() % 5); w < n; ++w)
            title += QByteArray(rng() % 3 == 0 ? topics[c][rng() % 6] : filler[rng() % 10]) + ' ';
        for (int w = 0, n = 5 + int(rng() % 15); w < n; ++w)
            body += QByteArray(rng() % 4 == 0 ? topics[c][rng() % 6] : filler[rng() % 10]) + ' ';
        out +=
            "\"" + QByteArray::number(c + 1) + "\",\"" + title.trimmed() + "\",\"" + body.trimmed() + "\"\n";
    }
    return out;
}

}  // namespace headliner::test
