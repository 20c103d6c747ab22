#include "core/io/Safetensors.h"

#include <algorithm>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/MappedFile.h"

namespace headliner::io {

namespace {

struct DTypeEntry {
    DType dtype;
    std::string_view name;
    std::size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::Bool, "BOOL", 1},
};

const DTypeEntry& entry(DType d) {
    for (const auto& e : kDTypes)
        if (e.dtype == d) return e;
    return kDTypes[1];
}

// Product of the dimensions, or nullopt when it overflows 2^62 (no file can be that big).
std::optional<std::uint64_t> checkedNumel(const std::vector<std::int64_t>& shape) {
    std::uint64_t n = 1;
    for (const std::int64_t d : shape) {
        if (d < 0) return std::nullopt;
        const auto u = static_cast<std::uint64_t>(d);
        if (u != 0 && n > (std::uint64_t{1} << 62) / u) return std::nullopt;
        n *= u;
    }
    return n;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// JSON parse that rejects duplicate keys at any depth (nlohmann would keep the last one, so a
// hostile file could show one tensor to a validator and another to a loader).
nlohmann::json parseHeaderJson(std::string_view text, const std::filesystem::path& path) {
    std::vector<std::set<std::string>> keysPerObject;
    std::string duplicate;
    auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) keysPerObject.emplace_back();
        else if (event == E::object_end && !keysPerObject.empty()) keysPerObject.pop_back();
        else if (event == E::key && !keysPerObject.empty()) {
            const auto& key = parsed.get_ref<const std::string&>();
            if (!keysPerObject.back().insert(key).second && duplicate.empty()) duplicate = key;
        }
        return true;
    };
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(text.begin(), text.end(), callback);
    } catch (const nlohmann::json::exception& e) {
        throw FileError(path, 0, std::string("the safetensors header is not valid JSON: ") + e.what());
    }
    if (!duplicate.empty()) throw FileError(path, 0, "the safetensors header names '" + duplicate + "' twice");
    return header;
}

}  // namespace

std::size_t dtypeSize(DType dtype) { return entry(dtype).size; }
std::string_view dtypeName(DType dtype) { return entry(dtype).name; }
std::optional<DType> parseDType(std::string_view name) {
    for (const auto& e : kDTypes)
        if (e.name == name) return e.dtype;
    return std::nullopt;
}

std::int64_t TensorInfo::numel() const { return static_cast<std::int64_t>(checkedNumel(shape).value_or(0)); }

struct SafetensorsFile::Mapping {
    MappedFile file;
    std::string owned;  // fromBytes() keeps the bytes here instead of a mapping
};

SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
    SafetensorsFile file;
    file.path_ = path;
    file.mapping_ = std::make_unique<Mapping>();
    file.mapping_->file = MappedFile(path);
    const auto bytes = file.mapping_->file.bytes();
    file.parse({reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()});
    return file;
}

SafetensorsFile SafetensorsFile::fromBytes(std::string bytes, const std::filesystem::path& name) {
    SafetensorsFile file;
    file.path_ = name;
    file.mapping_ = std::make_unique<Mapping>();
    file.mapping_->owned = std::move(bytes);
    const auto& owned = file.mapping_->owned;
    file.parse({reinterpret_cast<const std::byte*>(owned.data()), owned.size()});
    return file;
}

void SafetensorsFile::parse(std::span<const std::byte> bytes) {
    const auto& path = path_;
    if (bytes.size() < 8)
        throw FileError(path, 0, "too small to be a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
    std::uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i) headerSize = (headerSize << 8) | std::to_integer<std::uint64_t>(bytes[i]);
    if (headerSize > kMaxSafetensorsHeader)
        throw FileError(path, 0, "header size " + std::to_string(headerSize) + " exceeds the 100 MB limit");
    if (headerSize > bytes.size() - 8)
        throw FileError(path, 0, "truncated: the header needs " + std::to_string(headerSize) + " bytes, the file has " +
                                     std::to_string(bytes.size() - 8) + " after the size field");
    const std::string_view text(reinterpret_cast<const char*>(bytes.data() + 8), headerSize);
    if (text.empty() || text.front() != '{') throw FileError(path, 0, "the safetensors header does not start with '{'");
    const nlohmann::json header = parseHeaderJson(text, path);
    if (!header.is_object()) throw FileError(path, 0, "the safetensors header is not a JSON object");

    dataSection_ = bytes.subspan(8 + headerSize);
    const std::uint64_t dataSize = dataSection_.size();
    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__") {
            if (!value.is_object()) throw FileError(path, 0, "__metadata__ is not an object of strings");
            for (const auto& [k, v] : value.items()) {
                if (!v.is_string()) throw FileError(path, 0, "__metadata__ value of '" + k + "' is not a string");
                metadata_[k] = v.get<std::string>();
            }
            continue;
        }
        const std::string tensorName = name;  // structured bindings cannot be captured before clang 16
        auto bad = [&](const std::string& what) { return FileError(path, 0, "tensor '" + tensorName + "': " + what); };
        if (!value.is_object()) throw bad("entry is not an object");
        for (const auto& [field, unused] : value.items())
            if (field != "dtype" && field != "shape" && field != "data_offsets") throw bad("unknown field '" + field + "'");
        if (!value.contains("dtype") || !value["dtype"].is_string()) throw bad("missing dtype");
        if (!value.contains("shape") || !value["shape"].is_array()) throw bad("missing shape");
        if (!value.contains("data_offsets") || !value["data_offsets"].is_array() || value["data_offsets"].size() != 2)
            throw bad("data_offsets must be [begin, end]");
        TensorInfo t;
        t.name = name;
        const auto dtype = parseDType(value["dtype"].get<std::string>());
        if (!dtype) throw bad("unsupported dtype '" + value["dtype"].get<std::string>() + "'");
        t.dtype = *dtype;
        for (const auto& d : value["shape"]) {
            if (!d.is_number_unsigned() || d.get<std::uint64_t>() > (std::uint64_t{1} << 62))
                throw bad("shape must hold non-negative integers");
            t.shape.push_back(d.get<std::int64_t>());
        }
        for (const auto& o : value["data_offsets"])
            if (!o.is_number_unsigned()) throw bad("data_offsets must be non-negative integers");
        t.begin = value["data_offsets"][0].get<std::uint64_t>();
        t.end = value["data_offsets"][1].get<std::uint64_t>();
        if (t.end < t.begin) throw bad("data_offsets end before they begin");
        if (t.end > dataSize)
            throw bad("data ends at byte " + std::to_string(t.end) + " but the file holds only " +
                      std::to_string(dataSize) + " data bytes (truncated?)");
        const auto numel = checkedNumel(t.shape);
        if (!numel || *numel > std::numeric_limits<std::uint64_t>::max() / dtypeSize(t.dtype))
            throw bad("shape " + shapeText(t.shape) + " is too large");
        const std::uint64_t expected = *numel * dtypeSize(t.dtype);
        if (t.end - t.begin != expected)
            throw bad("shape " + shapeText(t.shape) + " of " + std::string(dtypeName(t.dtype)) + " needs " +
                      std::to_string(expected) + " bytes, data_offsets give " + std::to_string(t.end - t.begin));
        tensors_.push_back(std::move(t));
    }

    // The data section must be covered exactly: no overlap, no gap, nothing after the last tensor.
    std::sort(tensors_.begin(), tensors_.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t cursor = 0;
    for (std::size_t i = 0; i < tensors_.size(); ++i) {
        const auto& t = tensors_[i];
        if (t.begin < cursor)
            throw FileError(path, 0, "tensors '" + tensors_[i - 1].name + "' and '" + t.name + "' overlap");
        if (t.begin > cursor)
            throw FileError(path, 0, "unused bytes " + std::to_string(cursor) + ".." + std::to_string(t.begin) +
                                         " before tensor '" + t.name + "'");
        cursor = t.end;
        index_.emplace(t.name, i);
    }
    if (cursor != dataSize)
        throw FileError(path, 0, std::to_string(dataSize - cursor) + " unexpected bytes after the last tensor");
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

std::span<const std::byte> SafetensorsFile::data(const TensorInfo& tensor) const {
    return dataSection_.subspan(tensor.begin, tensor.end - tensor.begin);
}

void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<const TensorToWrite*> order;
    std::set<std::string_view> names;
    for (const auto& t : tensors) {
        if (t.name == "__metadata__") throw FileError(path, 0, "a tensor cannot be named __metadata__");
        if (!names.insert(t.name).second) throw FileError(path, 0, "tensor '" + t.name + "' given twice");
        const auto numel = checkedNumel(t.shape);
        if (!numel || *numel * dtypeSize(t.dtype) != t.bytes.size())
            throw FileError(path, 0, "tensor '" + t.name + "': shape " + shapeText(t.shape) + " does not match its " +
                                         std::to_string(t.bytes.size()) + " bytes");
        order.push_back(&t);
    }
    // Same layout as the reference writer: larger dtypes first (keeps them aligned), then by name.
    std::stable_sort(order.begin(), order.end(), [](const TensorToWrite* a, const TensorToWrite* b) {
        const auto sa = dtypeSize(a->dtype), sb = dtypeSize(b->dtype);
        return sa != sb ? sa > sb : a->name < b->name;
    });
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto* t : order) {
        header[t->name] = {{"dtype", dtypeName(t->dtype)},
                           {"shape", t->shape},
                           {"data_offsets", {offset, offset + t->bytes.size()}}};
        offset += t->bytes.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string prefix(8, '\0');
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);

    AtomicFile out(path);
    out.write(prefix);
    out.write(text);
    for (const auto* t : order) out.write(t->bytes.data(), t->bytes.size());
    out.commit();
}

}  // namespace headliner::io
