// pytorch_model.bin: the zip archive torch.save writes (<name>/data.pkl, <name>/data/<key>).
// data.pkl is a pickle, a small program; running arbitrary pickles runs arbitrary code, so this
// is a restricted interpreter that knows only what a state dict needs: an OrderedDict of
// tensors rebuilt with torch._utils._rebuild_tensor_v2 from typed storages. Anything else is
// refused with an error naming the file.

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <variant>

#include "core/Error.h"
#include "core/io/ZipArchive.h"
#include "core/model/Checkpoint.h"

namespace headliner::model {

namespace {

struct Value;
using ValuePtr = std::shared_ptr<Value>;
struct Global {
    std::string name;  // "module.qualname"
};
struct Storage {
    torch::ScalarType dtype;
    std::string key;
    std::int64_t numel;
};
using Tuple = std::vector<ValuePtr>;
using Dict = std::vector<std::pair<ValuePtr, ValuePtr>>;
struct Mark {};
struct Value {
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Tuple, Dict, Global, Storage, torch::Tensor, Mark> v;
    ~Value();
};

// Tears down without recursion: a hostile pickle nests containers hundreds of thousands deep in
// a few hundred kilobytes, and destroying them one inside the other would overflow the stack.
// Each container's children are moved out first, so no destructor here goes more than one
// level down.
Value::~Value() {
    std::vector<ValuePtr> pending;
    auto takeChildren = [&pending](Value& x) {
        if (auto* t = std::get_if<Tuple>(&x.v)) {
            for (auto& child : *t) pending.push_back(std::move(child));
            t->clear();
        } else if (auto* d = std::get_if<Dict>(&x.v)) {
            for (auto& [key, child] : *d) pending.push_back(std::move(key)), pending.push_back(std::move(child));
            d->clear();
        }
    };
    takeChildren(*this);
    while (!pending.empty()) {
        ValuePtr next = std::move(pending.back());
        pending.pop_back();
        if (next && next.use_count() == 1) takeChildren(*next);  // the last owner: empty it, then let it go
    }
}

ValuePtr make(auto x) { return std::make_shared<Value>(Value{std::move(x)}); }

class StateDictUnpickler {
public:
    StateDictUnpickler(std::string_view pickle, const io::ZipArchive& zip, std::string prefix,
                       const std::filesystem::path& file)
        : p_(pickle), zip_(zip), prefix_(std::move(prefix)), file_(file) {}

    ValuePtr run() {
        while (true) {
            const auto op = static_cast<unsigned char>(byte());
            switch (op) {
                case 0x80: byte(); break;                       // PROTO
                case 0x95: take(8); break;                      // FRAME
                case '.': return pop();                         // STOP
                case '(': stack_.push_back(make(Mark{})); break;  // MARK
                case ')': stack_.push_back(make(Tuple{})); break;
                case '}': stack_.push_back(make(Dict{})); break;
                case ']': stack_.push_back(make(Tuple{})); break;  // EMPTY_LIST (read as a tuple)
                case 'N': stack_.push_back(make(std::monostate{})); break;
                case 0x88: stack_.push_back(make(true)); break;
                case 0x89: stack_.push_back(make(false)); break;
                case 'K': stack_.push_back(make(std::int64_t(le(1)))); break;
                case 'M': stack_.push_back(make(std::int64_t(le(2)))); break;
                case 'J': stack_.push_back(make(std::int64_t(std::int32_t(le(4))))); break;
                case 0x8a: {  // LONG1: little-endian two's complement
                    const auto n = le(1);
                    if (n > 8) fail("integer too large");
                    std::int64_t v = static_cast<std::int64_t>(le(static_cast<int>(n)));
                    if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1) v -= std::int64_t(1) << (8 * n);
                    stack_.push_back(make(v));
                    break;
                }
                case 'G': {  // BINFLOAT, big-endian
                    std::uint64_t bits = 0;
                    for (char c : take(8)) bits = (bits << 8) | static_cast<unsigned char>(c);
                    double d;
                    std::memcpy(&d, &bits, 8);
                    stack_.push_back(make(d));
                    break;
                }
                case 'X': stack_.push_back(make(std::string(take(le(4))))); break;
                case 0x8c: stack_.push_back(make(std::string(take(le(1))))); break;
                case 'c': {
                    std::string module = line(), name = line();
                    stack_.push_back(make(Global{module + "." + name}));
                    break;
                }
                case 'q': memo(le(1)); break;
                case 'r': memo(le(4)); break;
                case 0x94: memo(memo_.size()); break;  // MEMOIZE
                case 'h': stack_.push_back(recall(le(1))); break;
                case 'j': stack_.push_back(recall(le(4))); break;
                case 't': stack_.push_back(make(popToMark())); break;
                case 0x85: tupleOf(1); break;
                case 0x86: tupleOf(2); break;
                case 0x87: tupleOf(3); break;
                case 'a': {  // APPEND
                    auto v = pop();
                    asTuple(top()).push_back(v);
                    break;
                }
                case 'e': {  // APPENDS
                    auto items = popToMark();
                    auto& list = asTuple(top());
                    list.insert(list.end(), items.begin(), items.end());
                    break;
                }
                case 's': {
                    auto v = pop(), k = pop();
                    asDict(top()).emplace_back(k, v);
                    break;
                }
                case 'u': {
                    auto items = popToMark();
                    if (items.size() % 2) fail("odd SETITEMS");
                    auto& dict = asDict(top());
                    for (std::size_t i = 0; i < items.size(); i += 2) dict.emplace_back(items[i], items[i + 1]);
                    break;
                }
                case 'b': pop(); break;  // BUILD: state of an OrderedDict (_metadata); not needed
                case 'Q': stack_.push_back(persistentLoad(pop())); break;
                case 'R': {
                    auto args = pop(), callable = pop();
                    stack_.push_back(reduce(callable, args));
                    break;
                }
                default: fail("unsupported pickle opcode 0x" + hex(op));
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw FileError(file_, 0, "cannot read the pickled state dict: " + what);
    }
    static std::string hex(unsigned v) {
        const char* digits = "0123456789abcdef";
        return {digits[(v >> 4) & 15], digits[v & 15]};
    }
    char byte() {
        if (at_ >= p_.size()) fail("the pickle ends early");
        return p_[at_++];
    }
    std::string_view take(std::uint64_t n) {
        if (n > p_.size() - at_) fail("the pickle ends early");
        auto s = p_.substr(at_, n);
        at_ += n;
        return s;
    }
    std::uint64_t le(int n) {
        std::uint64_t v = 0;
        const auto s = take(static_cast<std::uint64_t>(n));
        for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
        return v;
    }
    std::string line() {
        const auto end = p_.find('\n', at_);
        if (end == std::string_view::npos) fail("the pickle ends early");
        std::string s(p_.substr(at_, end - at_));
        at_ = end + 1;
        return s;
    }
    ValuePtr pop() {
        if (stack_.empty()) fail("stack underflow");
        auto v = stack_.back();
        stack_.pop_back();
        return v;
    }
    ValuePtr& top() {
        if (stack_.empty()) fail("stack underflow");
        return stack_.back();
    }
    Tuple popToMark() {
        Tuple items;
        while (true) {
            auto v = pop();
            if (std::holds_alternative<Mark>(v->v)) break;
            items.push_back(v);
        }
        return {items.rbegin(), items.rend()};
    }
    void tupleOf(int n) {
        Tuple t(static_cast<std::size_t>(n));
        for (int i = n - 1; i >= 0; --i) t[static_cast<std::size_t>(i)] = pop();
        stack_.push_back(make(std::move(t)));
    }
    void memo(std::uint64_t index) {
        if (index > 10'000'000) fail("memo index out of range");
        if (memo_.size() <= index) memo_.resize(index + 1);
        memo_[index] = top();
    }
    ValuePtr recall(std::uint64_t index) {
        if (index >= memo_.size() || !memo_[index]) fail("memo index " + std::to_string(index) + " is empty");
        return memo_[index];
    }
    Tuple& asTuple(ValuePtr& v) {
        if (auto* t = std::get_if<Tuple>(&v->v)) return *t;
        fail("expected a tuple or list");
    }
    Dict& asDict(ValuePtr& v) {
        if (auto* d = std::get_if<Dict>(&v->v)) return *d;
        fail("expected a dict");
    }
    std::int64_t asInt(const ValuePtr& v) {
        if (auto* i = std::get_if<std::int64_t>(&v->v)) return *i;
        fail("expected an integer");
    }
    std::vector<std::int64_t> asInts(const ValuePtr& v) {
        std::vector<std::int64_t> out;
        auto copy = v;
        for (const auto& x : asTuple(copy)) out.push_back(asInt(x));
        return out;
    }

    // ('storage', torch.FloatStorage, key, location, numel) -> a typed storage from data/<key>.
    ValuePtr persistentLoad(ValuePtr pid) {
        auto& t = asTuple(pid);
        if (t.size() != 5) fail("unexpected persistent id");
        const auto* kind = std::get_if<std::string>(&t[0]->v);
        const auto* type = std::get_if<Global>(&t[1]->v);
        const auto* key = std::get_if<std::string>(&t[2]->v);
        if (!kind || *kind != "storage" || !type || !key) fail("unexpected persistent id");
        static const std::pair<const char*, torch::ScalarType> types[] = {
            {"torch.FloatStorage", torch::kFloat},   {"torch.HalfStorage", torch::kHalf},
            {"torch.BFloat16Storage", torch::kBFloat16}, {"torch.DoubleStorage", torch::kDouble},
            {"torch.LongStorage", torch::kLong},     {"torch.IntStorage", torch::kInt},
            {"torch.ShortStorage", torch::kShort},   {"torch.CharStorage", torch::kChar},
            {"torch.ByteStorage", torch::kByte},     {"torch.BoolStorage", torch::kBool},
        };
        for (const auto& [name, dtype] : types)
            if (type->name == name) return make(Storage{dtype, *key, asInt(t[4])});
        fail("unsupported storage type " + type->name);
    }

    ValuePtr reduce(const ValuePtr& callable, ValuePtr args) {
        const auto* g = std::get_if<Global>(&callable->v);
        if (!g) fail("only known functions can be called");
        auto& a = asTuple(args);
        if (g->name == "collections.OrderedDict") return make(Dict{});
        if (g->name == "torch._utils._rebuild_tensor_v2" && a.size() >= 4) {
            const auto* storage = std::get_if<Storage>(&a[0]->v);
            if (!storage) fail("tensor without storage");
            return make(rebuildTensor(*storage, asInt(a[1]), asInts(a[2]), asInts(a[3])));
        }
        if (g->name == "torch._utils._rebuild_parameter" && !a.empty()) return a[0];
        fail("refusing to call " + g->name + " (not part of a state dict)");
    }

    torch::Tensor rebuildTensor(const Storage& s, std::int64_t offset, const std::vector<std::int64_t>& sizes,
                                const std::vector<std::int64_t>& strides) {
        const auto bytes = zip_.entry(prefix_ + "data/" + s.key);
        const auto elem = static_cast<std::int64_t>(c10::elementSize(s.dtype));
        if (s.numel < 0 || static_cast<std::uint64_t>(s.numel) * elem > bytes.size())
            fail("storage " + s.key + " is shorter than declared");
        if (sizes.size() != strides.size() || offset < 0) fail("inconsistent tensor geometry");
        // The furthest element this view touches must lie inside the storage.
        std::int64_t last = offset;
        bool empty = false;
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            if (sizes[i] < 0 || strides[i] < 0 || sizes[i] > (std::int64_t(1) << 40) || strides[i] > (std::int64_t(1) << 40))
                fail("inconsistent tensor geometry");
            if (sizes[i] == 0) empty = true;
            else last += (sizes[i] - 1) * strides[i];
        }
        if (empty) return torch::empty(sizes, torch::TensorOptions().dtype(s.dtype));
        if (last >= s.numel) fail("a tensor reaches past its storage " + s.key);
        auto storage = torch::empty({s.numel}, torch::TensorOptions().dtype(s.dtype));
        std::memcpy(storage.data_ptr(), bytes.data(), static_cast<std::size_t>(s.numel * elem));
        zip_.release(bytes);
        // The usual case, a tensor that is its whole storage laid out densely, needs no copy.
        std::int64_t expected = 1, count = 1;
        bool dense = offset == 0;
        for (std::size_t i = sizes.size(); i-- > 0;) {
            if (sizes[i] != 1 && strides[i] != expected) dense = false;
            expected *= sizes[i], count *= sizes[i];
        }
        if (dense && count == s.numel) return storage.view(sizes);
        return storage.as_strided(sizes, strides, offset).clone();
    }

    std::string_view p_;
    std::size_t at_ = 0;
    const io::ZipArchive& zip_;
    std::string prefix_;
    const std::filesystem::path& file_;
    std::vector<ValuePtr> stack_;
    std::vector<ValuePtr> memo_;
};

}  // namespace

StateDict readPytorchBin(const std::filesystem::path& path) {
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw FileError(path, 0, "cannot open");
        char magic[2] = {};
        if (!in.read(magic, 2) || magic[0] != 'P' || magic[1] != 'K')
            throw FileError(path, 0, "not a torch.save zip archive (legacy pickle-only files are not supported)");
    }
    // Mapped, not read: each storage's pages are copied into its tensor and handed back, so
    // the file never sits in memory whole next to the tensors made from it.
    const io::ZipArchive zip(path);
    std::string pickleName;
    for (const auto& name : zip.names()) {
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.substr(slash) == "/data.pkl") pickleName = name;
    }
    if (pickleName.empty()) throw FileError(path, 0, "the archive has no data.pkl");
    const std::string prefix = pickleName.substr(0, pickleName.size() - std::string("data.pkl").size());
    StateDictUnpickler unpickler(zip.entry(pickleName), zip, prefix, path);
    const auto root = unpickler.run();
    const auto* dict = std::get_if<Dict>(&root->v);
    if (!dict) throw FileError(path, 0, "does not hold a state dict (a dict of tensors)");
    StateDict out;
    for (const auto& [k, v] : *dict) {
        const auto* name = std::get_if<std::string>(&k->v);
        const auto* tensor = std::get_if<torch::Tensor>(&v->v);
        if (!name || !tensor) throw FileError(path, 0, "the state dict holds something other than named tensors");
        out.emplace(*name, *tensor);
    }
    return out;
}

}  // namespace headliner::model
