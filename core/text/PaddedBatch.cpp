#include <algorithm>

#include "core/text/Tokenizer.h"

namespace headliner::text {

PaddedBatch padBatch(const std::vector<std::vector<TokenId>>& sequences, TokenId padId, std::size_t padTo) {
    PaddedBatch batch;
    batch.rows = sequences.size();
    batch.columns = padTo;
    for (const auto& sequence : sequences) batch.columns = std::max(batch.columns, sequence.size());
    // ids, attentionMask: (rows, columns), row-major; padding on the right as BERT expects.
    batch.ids.assign(batch.rows * batch.columns, padId);
    batch.attentionMask.assign(batch.rows * batch.columns, 0);
    for (std::size_t row = 0; row < batch.rows; ++row) {
        const auto& sequence = sequences[row];
        const std::size_t offset = row * batch.columns;
        std::copy(sequence.begin(), sequence.end(), batch.ids.begin() + static_cast<std::ptrdiff_t>(offset));
        std::fill_n(batch.attentionMask.begin() + static_cast<std::ptrdiff_t>(offset), sequence.size(), 1);
    }
    return batch;
}

}  // namespace headliner::text
