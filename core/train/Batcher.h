#pragma once
// Batches for training and evaluation, torch-free: padded id rows, masks and labels.
//
// The trainer pulls batches from a BatchSource. DatasetBatches is the normal one (per-batch
// padding; with shuffle, length-bucketed batches in a seeded random order); FixedBatches replays
// batches the caller made (golden parity tests, custom curricula). Batch order is a pure
// function of (seed, epoch), so a resumed run skips to the same place without saved state.

#include <cstddef>
#include <cstdint>
#include <future>
#include <optional>
#include <utility>
#include <vector>

#include "core/text/EncodedCache.h"

namespace headliner::train {

// rows x columns, row-major.
struct Batch {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> attentionMask;  // 1 = token, 0 = padding
    std::vector<std::int64_t> labels;         // one per row
    std::size_t tokens = 0;                   // real tokens (sum of the mask)
};

// Pads the sequences with padId (mask from the padding) into one batch.
Batch makeBatch(const std::vector<std::vector<std::int64_t>>& sequences, const std::vector<std::int64_t>& labels,
                std::int64_t padId);

// `batch` with every row padded to `columns` ids (pad id, mask 0): the same texts, wider.
Batch padColumns(const Batch& batch, std::size_t columns, std::int64_t padId);

class BatchSource {
public:
    virtual ~BatchSource() = default;
    // Batches one epoch yields.
    virtual std::size_t batchesPerEpoch() const = 0;
    // Positions at batch `skip` of epoch `epoch` (0-based); the next next() returns that batch.
    virtual void startEpoch(int epoch, std::size_t skip) = 0;
    // For a run resumed with another batch size: epoch `epoch`'s rows in the order of its plan
    // for batches of planBatchSize rows, less the first rowsDone of them (already trained), cut
    // into batches of this source's size; the next next() returns the first. The number of
    // those batches, or nothing when this source cannot re-cut (its batches are fixed).
    virtual std::optional<std::size_t> startEpochFromRow(int epoch, std::size_t planBatchSize, std::size_t rowsDone) {
        return std::nullopt;
    }
    // The next batch of the epoch, or nothing at its end. May run on another thread than
    // startEpoch (prefetch), never concurrently with it.
    virtual std::optional<Batch> next() = 0;
};

// Token ids and labels of a dataset, ready to batch.
struct EncodedExamples {
    text::EncodedDataset encoded;
    std::vector<std::int32_t> labels;
    std::size_t size() const { return labels.size(); }
};

struct BatchingOptions {
    std::size_t batchSize = 64;
    bool shuffle = true;
    bool bucketByLength = true;
    std::uint64_t seed = 42;
    std::int64_t padId = 0;
    // Rows sorted by length together: a pool of this many batches is cut into batches of
    // similar lengths, then the batches are shuffled.
    std::size_t bucketPoolBatches = 50;
};

class DatasetBatches final : public BatchSource {
public:
    // Keeps a reference to `examples`: it must outlive this object.
    DatasetBatches(const EncodedExamples& examples, BatchingOptions options);
    std::size_t batchesPerEpoch() const override;
    void startEpoch(int epoch, std::size_t skip) override;
    std::optional<std::size_t> startEpochFromRow(int epoch, std::size_t planBatchSize, std::size_t rowsDone) override;
    std::optional<Batch> next() override;
    // Row numbers of each batch of an epoch, in order (for tests and inspection); batchSize 0:
    // this source's.
    std::vector<std::vector<std::size_t>> epochPlan(int epoch, std::size_t batchSize = 0) const;

private:
    const EncodedExamples& examples_;
    BatchingOptions options_;
    std::vector<std::vector<std::size_t>> plan_;
    std::size_t position_ = 0;
};

// The batches given, in order, every epoch.
class FixedBatches final : public BatchSource {
public:
    explicit FixedBatches(std::vector<Batch> batches) : batches_(std::move(batches)) {}
    std::size_t batchesPerEpoch() const override { return batches_.size(); }
    void startEpoch(int, std::size_t skip) override { position_ = skip; }
    std::optional<Batch> next() override {
        if (position_ >= batches_.size()) return std::nullopt;
        return batches_[position_++];
    }

private:
    std::vector<Batch> batches_;
    std::size_t position_ = 0;
};

// Evaluation batches: every row once, sorted by length (order does not change the metrics,
// padding does change the time). Each batch's labels are the rows' labels; rowsOf gives the
// original row numbers.
std::vector<std::vector<std::size_t>> evaluationPlan(const EncodedExamples& examples, std::size_t batchSize);
Batch batchOfRows(const EncodedExamples& examples, const std::vector<std::size_t>& rows, std::int64_t padId);

// Prepares the source's next batch on a helper thread while the caller trains on the current
// one. startEpoch waits for the pending batch before moving the source.
class Prefetcher {
public:
    explicit Prefetcher(BatchSource& source) : source_(source) {}
    ~Prefetcher();
    Prefetcher(const Prefetcher&) = delete;
    Prefetcher& operator=(const Prefetcher&) = delete;

    void startEpoch(int epoch, std::size_t skip);
    std::optional<std::size_t> startEpochFromRow(int epoch, std::size_t planBatchSize, std::size_t rowsDone);
    std::optional<Batch> next();  // the prepared batch; starts preparing the one after

private:
    void drain();
    BatchSource& source_;
    std::future<std::optional<Batch>> pending_;
};

// Deterministic across platforms (std::shuffle's algorithm is not): Fisher-Yates over splitmix64.
void seededShuffle(std::vector<std::size_t>& items, std::uint64_t seed);

}  // namespace headliner::train
