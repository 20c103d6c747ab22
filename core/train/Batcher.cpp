#include "core/train/Batcher.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace headliner::train {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

void seededShuffle(std::vector<std::size_t>& items, std::uint64_t seed) {
    std::uint64_t state = seed;
    for (std::size_t i = items.size(); i > 1; --i) {
        // Unbiased enough for shuffling: 64-bit draws, i < 2^40 in any real dataset.
        const std::size_t j = static_cast<std::size_t>(splitmix64(state) % i);
        std::swap(items[i - 1], items[j]);
    }
}

Batch makeBatch(const std::vector<std::vector<std::int64_t>>& sequences, const std::vector<std::int64_t>& labels,
                std::int64_t padId) {
    Batch b;
    b.rows = sequences.size();
    for (const auto& s : sequences) b.columns = std::max(b.columns, s.size());
    b.ids.assign(b.rows * b.columns, padId);
    b.attentionMask.assign(b.rows * b.columns, 0);
    for (std::size_t r = 0; r < b.rows; ++r) {
        std::copy(sequences[r].begin(), sequences[r].end(), b.ids.begin() + std::ptrdiff_t(r * b.columns));
        std::fill_n(b.attentionMask.begin() + std::ptrdiff_t(r * b.columns), sequences[r].size(), 1);
        b.tokens += sequences[r].size();
    }
    b.labels = labels;
    return b;
}

Batch padColumns(const Batch& batch, std::size_t columns, std::int64_t padId) {
    if (columns < batch.columns)
        throw std::invalid_argument("padColumns: " + std::to_string(columns) + " columns for a batch of " +
                                    std::to_string(batch.columns));
    Batch b;
    b.rows = batch.rows, b.columns = columns, b.tokens = batch.tokens, b.labels = batch.labels;
    b.ids.assign(b.rows * columns, padId);
    b.attentionMask.assign(b.rows * columns, 0);
    for (std::size_t r = 0; r < b.rows; ++r) {
        const auto from = std::ptrdiff_t(r * batch.columns), to = std::ptrdiff_t(r * columns);
        std::copy_n(batch.ids.begin() + from, batch.columns, b.ids.begin() + to);
        std::copy_n(batch.attentionMask.begin() + from, batch.columns, b.attentionMask.begin() + to);
    }
    return b;
}

Batch batchOfRows(const EncodedExamples& examples, const std::vector<std::size_t>& rows, std::int64_t padId) {
    Batch b;
    b.rows = rows.size();
    for (const auto r : rows) b.columns = std::max(b.columns, examples.encoded.rowLength(r));
    b.ids.assign(b.rows * b.columns, padId);
    b.attentionMask.assign(b.rows * b.columns, 0);
    b.labels.reserve(b.rows);
    for (std::size_t i = 0; i < b.rows; ++i) {
        const auto row = examples.encoded.row(rows[i]);
        std::copy(row.begin(), row.end(), b.ids.begin() + std::ptrdiff_t(i * b.columns));
        std::fill_n(b.attentionMask.begin() + std::ptrdiff_t(i * b.columns), row.size(), 1);
        b.tokens += row.size();
        b.labels.push_back(examples.labels[rows[i]]);
    }
    return b;
}

DatasetBatches::DatasetBatches(const EncodedExamples& examples, BatchingOptions options)
    : examples_(examples), options_(options) {
    if (options_.batchSize == 0) throw std::invalid_argument("batch size must be at least 1");
    if (examples_.encoded.size() != examples_.labels.size())
        throw std::invalid_argument("DatasetBatches: " + std::to_string(examples_.encoded.size()) + " encoded rows but " +
                                    std::to_string(examples_.labels.size()) + " labels");
}

std::size_t DatasetBatches::batchesPerEpoch() const {
    return (examples_.size() + options_.batchSize - 1) / options_.batchSize;
}

std::vector<std::vector<std::size_t>> DatasetBatches::epochPlan(int epoch, std::size_t batchSize) const {
    const std::size_t n = examples_.size(), bs = batchSize > 0 ? batchSize : options_.batchSize;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<std::vector<std::size_t>> batches;
    auto cut = [&](std::size_t begin, std::size_t end) {
        for (std::size_t b = begin; b < end; b += bs)
            batches.emplace_back(order.begin() + std::ptrdiff_t(b), order.begin() + std::ptrdiff_t(std::min(end, b + bs)));
    };
    if (!options_.shuffle) {
        cut(0, n);
        return batches;
    }
    const std::uint64_t epochSeed = options_.seed * 0x100000001B3ull + static_cast<std::uint64_t>(epoch) + 1;
    seededShuffle(order, epochSeed);
    if (!options_.bucketByLength) {
        cut(0, n);
        return batches;
    }
    // Pools of bucketPoolBatches batches, each sorted by length and cut; the last, smaller batch
    // of a pool stays a batch of its own. Then the batches are shuffled.
    const std::size_t pool = bs * std::max<std::size_t>(1, options_.bucketPoolBatches);
    for (std::size_t begin = 0; begin < n; begin += pool) {
        const std::size_t end = std::min(n, begin + pool);
        std::stable_sort(order.begin() + std::ptrdiff_t(begin), order.begin() + std::ptrdiff_t(end),
                         [&](std::size_t a, std::size_t b) {
                             return examples_.encoded.rowLength(a) < examples_.encoded.rowLength(b);
                         });
        cut(begin, end);
    }
    std::vector<std::size_t> batchOrder(batches.size());
    std::iota(batchOrder.begin(), batchOrder.end(), std::size_t{0});
    seededShuffle(batchOrder, epochSeed ^ 0xA5A5A5A5A5A5A5A5ull);
    std::vector<std::vector<std::size_t>> shuffled;
    shuffled.reserve(batches.size());
    for (const auto i : batchOrder) shuffled.push_back(std::move(batches[i]));
    return shuffled;
}

void DatasetBatches::startEpoch(int epoch, std::size_t skip) {
    plan_ = epochPlan(epoch);
    position_ = std::min(skip, plan_.size());
}

std::optional<std::size_t> DatasetBatches::startEpochFromRow(int epoch, std::size_t planBatchSize,
                                                              std::size_t rowsDone) {
    std::vector<std::size_t> rest;
    std::size_t seen = 0;
    for (const auto& batch : epochPlan(epoch, std::max<std::size_t>(1, planBatchSize)))
        for (const auto row : batch)
            if (seen++ >= rowsDone) rest.push_back(row);
    plan_.clear();
    for (std::size_t b = 0; b < rest.size(); b += options_.batchSize)
        plan_.emplace_back(rest.begin() + std::ptrdiff_t(b),
                           rest.begin() + std::ptrdiff_t(std::min(rest.size(), b + options_.batchSize)));
    position_ = 0;
    return plan_.size();
}

std::optional<Batch> DatasetBatches::next() {
    if (position_ >= plan_.size()) return std::nullopt;
    return batchOfRows(examples_, plan_[position_++], options_.padId);
}

std::vector<std::vector<std::size_t>> evaluationPlan(const EncodedExamples& examples, std::size_t batchSize) {
    std::vector<std::size_t> order(examples.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return examples.encoded.rowLength(a) < examples.encoded.rowLength(b);
    });
    std::vector<std::vector<std::size_t>> batches;
    batchSize = std::max<std::size_t>(1, batchSize);
    for (std::size_t b = 0; b < order.size(); b += batchSize)
        batches.emplace_back(order.begin() + std::ptrdiff_t(b),
                             order.begin() + std::ptrdiff_t(std::min(order.size(), b + batchSize)));
    return batches;
}

Prefetcher::~Prefetcher() { drain(); }

void Prefetcher::drain() {
    if (pending_.valid()) {
        try {
            pending_.get();
        } catch (...) {
            // The batch is discarded; its error was or will be reported by the next next().
        }
    }
}

void Prefetcher::startEpoch(int epoch, std::size_t skip) {
    drain();
    source_.startEpoch(epoch, skip);
    pending_ = std::async(std::launch::async, [this] { return source_.next(); });
}

std::optional<std::size_t> Prefetcher::startEpochFromRow(int epoch, std::size_t planBatchSize, std::size_t rowsDone) {
    drain();
    const auto batches = source_.startEpochFromRow(epoch, planBatchSize, rowsDone);
    if (batches) pending_ = std::async(std::launch::async, [this] { return source_.next(); });
    return batches;
}

std::optional<Batch> Prefetcher::next() {
    if (!pending_.valid()) return std::nullopt;
    auto batch = pending_.get();  // rethrows an error of the source
    if (batch) pending_ = std::async(std::launch::async, [this] { return source_.next(); });
    return batch;
}

}  // namespace headliner::train
