#include "core/text/SentencePieceProto.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace headliner::text::spmproto {

namespace {

struct Field {
    std::uint32_t number = 0;
    int wireType = 0;
    std::string_view bytes;    // length-delimited: the payload; fixed32/fixed64: the raw bytes
    std::uint64_t varint = 0;  // varint fields
    std::size_t offset = 0;    // where `bytes` starts in the message
};

class WireReader {
public:
    explicit WireReader(std::string_view data) : data_(data) {}

    bool next(Field& f) {
        if (pos_ >= data_.size()) return false;
        const std::uint64_t key = readVarint();
        f.number = static_cast<std::uint32_t>(key >> 3), f.wireType = static_cast<int>(key & 7);
        switch (f.wireType) {
        case 0: f.varint = readVarint(); break;
        case 1: take(f, 8); break;
        case 2: take(f, readVarint()); break;
        case 5: take(f, 4); break;
        default: throw std::runtime_error("unsupported protobuf wire type " + std::to_string(f.wireType));
        }
        return true;
    }

private:
    std::uint64_t readVarint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) throw std::runtime_error("truncated protobuf varint");
            const auto byte = static_cast<unsigned char>(data_[pos_++]);
            value |= std::uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return value;
        }
        throw std::runtime_error("protobuf varint too long");
    }
    void take(Field& f, std::uint64_t n) {
        if (n > data_.size() - pos_) throw std::runtime_error("truncated protobuf field");
        f.offset = pos_;
        f.bytes = data_.substr(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
    }

    std::string_view data_;
    std::size_t pos_ = 0;
};

}  // namespace

ModelFacts readModelFacts(std::string_view proto) {
    ModelFacts facts;
    WireReader model(proto);
    Field f, inner;
    while (model.next(f)) {
        if (f.wireType != 2) continue;
        if (f.number == 2) {
            WireReader trainer(f.bytes);
            while (trainer.next(inner))
                if (inner.number == 3 && inner.wireType == 0) facts.unigram = inner.varint == 1;
        } else if (f.number == 3) {
            WireReader normalizer(f.bytes);
            while (normalizer.next(inner))
                if (inner.number == 2 && inner.wireType == 2) facts.charsmap.assign(inner.bytes);
        }
    }
    return facts;
}

std::string withScoresOnGrid(std::string proto, float step) {
    WireReader model(proto);
    Field f, inner;
    while (model.next(f)) {
        if (f.number != 1 || f.wireType != 2) continue;
        WireReader piece(f.bytes);
        while (piece.next(inner)) {
            if (inner.number != 2 || inner.wireType != 5) continue;
            float score;
            std::memcpy(&score, inner.bytes.data(), 4);  // little-endian, as protobuf and x86/ARM
            score = std::round(score / step) * step;
            // Same width: overwrite in place (offsets are relative to the piece's payload).
            std::memcpy(proto.data() + f.offset + inner.offset, &score, 4);
        }
    }
    return proto;
}

}  // namespace headliner::text::spmproto
