#pragma once
// The few fields of sentencepiece's ModelProto that Headliner reads or adjusts, on the protobuf
// wire format (the library hands out the serialized model, not its message classes):
//   ModelProto      1 pieces (SentencePiece: 1 piece, 2 score as fixed32 float), 2 trainer_spec,
//                   3 normalizer_spec;
//   TrainerSpec     3 model_type (1 unigram, 2 bpe, 3 word, 4 char; unigram when absent);
//   NormalizerSpec  2 precompiled_charsmap.
// Internal to core/text.

#include <string>
#include <string_view>

namespace headliner::text::spmproto {

struct ModelFacts {
    bool unigram = true;
    std::string charsmap;  // the normalizer's precompiled character map (may be empty)
};

// Throws std::runtime_error on malformed input.
ModelFacts readModelFacts(std::string_view proto);

// The model with every piece score rounded to a multiple of `step` (a power of two). Then every
// path score sentencepiece sums in float32 is exact for texts of up to tens of thousands of
// pieces, as in the float64 of Hugging Face's Unigram, so two segmentations made of the same
// pieces tie exactly in both and both keep the one whose last piece is longest. Unrounded, the
// two libraries' different roundings split about 1% of AG News texts differently ("ww w" against
// "w ww"). Throws std::runtime_error on malformed input.
std::string withScoresOnGrid(std::string proto, float step);

}  // namespace headliner::text::spmproto
