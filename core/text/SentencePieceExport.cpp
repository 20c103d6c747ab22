// SentencePieceTokenizer::writeHuggingFaceFiles: the model as spiece.model plus the settings
// transformers' AlbertTokenizer reads ([CLS] x [SEP] around a sentencepiece encoding, the same
// layout this tokenizer produces). Lowercasing and accents are left to the model's own
// normalizer, so the Python side gets the same pieces.

#include <sentencepiece_processor.h>

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"
#include "core/text/SentencePieceTokenizer.h"

namespace headliner::text {

void SentencePieceTokenizer::writeHuggingFaceFiles(const std::filesystem::path& folder,
                                                   std::size_t modelMaxLength) const {
    io::writeFileAtomically(folder / "spiece.model", processor_->serialized_model_proto());

    using ojson = nlohmann::ordered_json;
    ojson map = ojson::object();
    const std::pair<const char*, TokenId> roles[] = {{"bos_token", special_.cls}, {"cls_token", special_.cls},
                                                     {"eos_token", special_.sep}, {"mask_token", special_.mask},
                                                     {"pad_token", special_.pad}, {"sep_token", special_.sep},
                                                     {"unk_token", special_.unk}};
    for (const auto& [role, id] : roles)
        if (id >= 0) map[role] = idToToken(id);

    ojson config = map;
    config["do_lower_case"] = false;  // the model's normalizer already does what it was trained with
    config["keep_accents"] = true;
    config["remove_space"] = true;
    config["model_max_length"] = modelMaxLength;
    config["clean_up_tokenization_spaces"] = false;
    config["tokenizer_class"] = "AlbertTokenizer";
    io::writeFileAtomically(folder / "tokenizer_config.json", config.dump(2) + "\n");
    io::writeFileAtomically(folder / "special_tokens_map.json", map.dump(2) + "\n");
}

}  // namespace headliner::text
