#include "core/text/EncodedCache.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <exception>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/Error.h"
#include "core/Runtime.h"
#include "core/data/Dataset.h"
#include "core/io/AtomicFile.h"

namespace headliner::text {

namespace fs = std::filesystem;

// The format stores integers little-endian by copying memory; every platform Headliner targets
// (x86-64, arm64) is little-endian.
static_assert(std::endian::native == std::endian::little,
              "the encoded cache format assumes a little-endian host");

namespace {

constexpr char kMagic[8] = {'H', 'L', 'E', 'N', 'C', 'I', 'D', 'S'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kKindBytes = 16;
constexpr std::size_t kHeaderBytes = 184;

// Fixed-size header fields, in file order (see the layout in the header file).
struct Header {
    std::uint32_t version = kVersion;
    std::uint32_t idWidth = 0;
    std::uint32_t maxLength = 0;
    std::uint32_t vocabSize = 0;
    std::uint64_t rows = 0;
    std::uint64_t totalIds = 0;
    char kind[kKindBytes] = {};
    io::Sha256Digest tokenizerHash{}, dataFileHash{}, textsHash{}, payloadHash{};
};

template <typename T>
void put(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
T get(const unsigned char* p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

std::string serializeHeader(const Header& h) {
    std::string out(kMagic, sizeof(kMagic));
    put(out, h.version);
    put(out, h.idWidth);
    put(out, h.maxLength);
    put(out, h.vocabSize);
    put(out, h.rows);
    put(out, h.totalIds);
    out.append(h.kind, kKindBytes);
    for (const auto* d : {&h.tokenizerHash, &h.dataFileHash, &h.textsHash, &h.payloadHash})
        out.append(reinterpret_cast<const char*>(d->data()), d->size());
    return out;
}

Header parseHeader(const unsigned char* p) {
    Header h;
    p += sizeof(kMagic);
    h.version = get<std::uint32_t>(p);
    h.idWidth = get<std::uint32_t>(p + 4);
    h.maxLength = get<std::uint32_t>(p + 8);
    h.vocabSize = get<std::uint32_t>(p + 12);
    h.rows = get<std::uint64_t>(p + 16);
    h.totalIds = get<std::uint64_t>(p + 24);
    std::memcpy(h.kind, p + 32, kKindBytes);
    p += 32 + kKindBytes;
    for (auto* d : {&h.tokenizerHash, &h.dataFileHash, &h.textsHash, &h.payloadHash}) {
        std::memcpy(d->data(), p, d->size());
        p += d->size();
    }
    return h;
}

std::string kindField(const std::string& kind) {
    std::string field = kind.substr(0, kKindBytes);
    field.resize(kKindBytes, '\0');
    return field;
}

void fail(std::string* whyNot, std::string reason) {
    if (whyNot) *whyNot = std::move(reason);
}

}  // namespace

EncodedDataset encodeAll(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                         std::size_t maxLength, int threads) {
    const std::size_t n = texts.size();
    const std::size_t workers = std::clamp<std::size_t>(
        threads > 0 ? std::size_t(threads) : std::size_t(availableCores()), 1, std::max<std::size_t>(n, 1));
    // Small chunks balance uneven text lengths; large ones keep the shared counter quiet.
    const std::size_t chunk = std::clamp<std::size_t>(n / (workers * 16), 16, 2048);

    std::vector<std::vector<TokenId>> rows(n);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::exception_ptr firstError;
    std::mutex errorMutex;
    auto work = [&] {
        try {
            for (;;) {
                const std::size_t begin = next.fetch_add(chunk);
                if (begin >= n || stop.load(std::memory_order_relaxed)) return;
                const std::size_t end = std::min(n, begin + chunk);
                for (std::size_t i = begin; i < end; ++i) rows[i] = tokenizer.encode(texts[i], maxLength);
            }
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!firstError) firstError = std::current_exception();
            stop = true;
        }
    };
    if (workers == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        pool.reserve(workers - 1);
        for (std::size_t t = 0; t + 1 < workers; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
    }
    if (firstError) std::rethrow_exception(firstError);

    EncodedDataset out;
    out.offsets.resize(n + 1);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        out.offsets[i] = total;
        total += rows[i].size();
    }
    out.offsets[n] = total;
    out.ids.reserve(total);
    for (auto& r : rows) {
        out.ids.insert(out.ids.end(), r.begin(), r.end());
        std::vector<TokenId>().swap(r);
    }
    return out;
}

std::string EncodedCacheKey::fileStem() const {
    io::Sha256 hash;
    hash.update(kindField(tokenizerKind));
    hash.update(tokenizerHash.data(), tokenizerHash.size());
    hash.update(dataFileHash.data(), dataFileHash.size());
    hash.update(textsHash.data(), textsHash.size());
    hash.update(&maxLength, sizeof(maxLength));
    hash.update(&vocabSize, sizeof(vocabSize));
    return io::toHex(hash.finish()).substr(0, 16);
}

EncodedCacheKey makeEncodedCacheKey(const Tokenizer& tokenizer, const data::Dataset& dataset,
                                    std::size_t maxLength) {
    EncodedCacheKey key;
    key.tokenizerKind = tokenizer.kind();
    key.maxLength = static_cast<std::uint32_t>(std::min<std::size_t>(maxLength, UINT32_MAX));
    key.vocabSize = static_cast<std::uint32_t>(std::min<std::size_t>(tokenizer.vocabSize(), UINT32_MAX));

    io::Sha256 files;
    for (const auto& f : tokenizer.files()) {
        const auto digest = io::sha256File(f);
        files.update(digest.data(), digest.size());
    }
    key.tokenizerHash = files.finish();
    if (!dataset.source.empty()) key.dataFileHash = io::sha256File(dataset.source);

    io::Sha256 texts;
    for (const auto& t : dataset.texts) {
        const std::uint64_t size = t.size();
        texts.update(&size, sizeof(size));
        texts.update(t);
    }
    key.textsHash = texts.finish();
    return key;
}

std::optional<EncodedDataset> readEncodedCache(const fs::path& file, const EncodedCacheKey& key,
                                               std::string* whyNot) {
    std::error_code ec;
    const auto fileSize = fs::file_size(file, ec);
    if (ec) {
        fail(whyNot, "cannot read " + file.string() + ": " + ec.message());
        return std::nullopt;
    }
    if (fileSize < kHeaderBytes) {
        fail(whyNot,
             file.string() + " is too short for a cache header (" + std::to_string(fileSize) + " bytes)");
        return std::nullopt;
    }
    std::vector<unsigned char> bytes(fileSize);
    std::ifstream in(file, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(fileSize))) {
        fail(whyNot, "cannot read " + file.string());
        return std::nullopt;
    }
    if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
        fail(whyNot, file.string() + " is not a Headliner encoded cache");
        return std::nullopt;
    }
    const Header h = parseHeader(bytes.data());
    if (h.version != kVersion) {
        fail(whyNot, file.string() + " has format version " + std::to_string(h.version) + ", expected " +
                         std::to_string(kVersion));
        return std::nullopt;
    }
    if (std::string(h.kind, kKindBytes) != kindField(key.tokenizerKind) ||
        h.tokenizerHash != key.tokenizerHash || h.vocabSize != key.vocabSize) {
        fail(whyNot, file.string() + " was made with another tokenizer");
        return std::nullopt;
    }
    if (h.dataFileHash != key.dataFileHash || h.textsHash != key.textsHash) {
        fail(whyNot, file.string() + " was made from other data");
        return std::nullopt;
    }
    if (h.maxLength != key.maxLength) {
        fail(whyNot, file.string() + " was made for max_length " + std::to_string(h.maxLength));
        return std::nullopt;
    }
    // Sizes, computed so that a huge row count in a damaged header cannot overflow.
    const std::uint64_t payload = fileSize - kHeaderBytes;
    if ((h.idWidth != 2 && h.idWidth != 4) || h.rows >= payload / 8 || h.totalIds > payload / h.idWidth ||
        (h.rows + 1) * 8 + h.totalIds * h.idWidth != payload) {
        fail(whyNot, file.string() + " does not have the size its header states (truncated?)");
        return std::nullopt;
    }
    const unsigned char* body = bytes.data() + kHeaderBytes;
    io::Sha256 check;
    check.update(body, payload);
    if (check.finish() != h.payloadHash) {
        fail(whyNot, file.string() + " fails its checksum (damaged)");
        return std::nullopt;
    }

    EncodedDataset out;
    out.offsets.resize(h.rows + 1);
    std::memcpy(out.offsets.data(), body, out.offsets.size() * 8);
    if (out.offsets.front() != 0 || out.offsets.back() != h.totalIds ||
        !std::is_sorted(out.offsets.begin(), out.offsets.end())) {
        fail(whyNot, file.string() + " has inconsistent row offsets");
        return std::nullopt;
    }
    out.ids.resize(h.totalIds);
    const unsigned char* idBytes = body + out.offsets.size() * 8;
    if (h.idWidth == 2) {
        for (std::size_t i = 0; i < out.ids.size(); ++i) out.ids[i] = get<std::uint16_t>(idBytes + 2 * i);
    } else {
        std::memcpy(out.ids.data(), idBytes, out.ids.size() * 4);
        if (std::any_of(out.ids.begin(), out.ids.end(), [](TokenId id) { return id < 0; })) {
            fail(whyNot, file.string() + " holds negative ids");
            return std::nullopt;
        }
    }
    return out;
}

void writeEncodedCache(const fs::path& file, const EncodedCacheKey& key, const EncodedDataset& encoded) {
    if (encoded.offsets.empty() || encoded.offsets.back() != encoded.ids.size())
        throw std::invalid_argument("writeEncodedCache: offsets do not match the ids");
    Header h;
    h.maxLength = key.maxLength;
    h.vocabSize = key.vocabSize;
    h.rows = encoded.size();
    h.totalIds = encoded.ids.size();
    std::memcpy(h.kind, kindField(key.tokenizerKind).data(), kKindBytes);
    h.tokenizerHash = key.tokenizerHash;
    h.dataFileHash = key.dataFileHash;
    h.textsHash = key.textsHash;
    const bool narrow = std::all_of(encoded.ids.begin(), encoded.ids.end(),
                                    [](TokenId id) { return id >= 0 && id <= TokenId(UINT16_MAX); });
    h.idWidth = narrow ? 2 : 4;

    std::string payload;
    payload.reserve(encoded.offsets.size() * 8 + encoded.ids.size() * h.idWidth);
    payload.append(reinterpret_cast<const char*>(encoded.offsets.data()), encoded.offsets.size() * 8);
    if (narrow) {
        for (const TokenId id : encoded.ids) put(payload, static_cast<std::uint16_t>(id));
    } else {
        payload.append(reinterpret_cast<const char*>(encoded.ids.data()), encoded.ids.size() * 4);
    }
    h.payloadHash = io::sha256(payload);

    io::AtomicFile out(file);
    out.write(serializeHeader(h));
    out.write(payload);
    out.commit();
}

EncodedCacheResult loadOrEncode(const Tokenizer& tokenizer, const data::Dataset& dataset,
                                std::size_t maxLength, const fs::path& cacheFolder, int threads) {
    const EncodedCacheKey key = makeEncodedCacheKey(tokenizer, dataset, maxLength);
    EncodedCacheResult result;
    result.file = cacheFolder / ("encoded-" + key.fileStem() + ".bin");

    std::error_code ec;
    if (fs::exists(result.file, ec)) {
        if (auto cached = readEncodedCache(result.file, key, &result.rebuildReason)) {
            result.encoded = std::move(*cached);
            result.reused = true;
            return result;
        }
    }
    result.encoded = encodeAll(tokenizer, dataset.texts, maxLength, threads);
    try {
        fs::create_directories(cacheFolder, ec);
        if (ec) throw FileError(cacheFolder, 0, "cannot create the cache folder: " + ec.message());
        writeEncodedCache(result.file, key, result.encoded);
    } catch (const FileError& e) {
        result.writeError = e.what();
    }
    return result;
}

}  // namespace headliner::text
