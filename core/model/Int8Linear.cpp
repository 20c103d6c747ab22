#include "core/model/Int8Linear.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/Parallel.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define HEADLINER_VNNI_KERNEL 1
#endif

namespace headliner::model {

namespace {

constexpr std::int64_t kBlock = 16;  // outputs per vector of int32 sums
constexpr std::int64_t kPanel = 64;  // outputs per tile: four vectors
constexpr int kTileRows = 6;         // rows per tile: 6 × 4 accumulators + 4 weights + 1 input of 32 registers

std::int64_t roundUp(std::int64_t v, std::int64_t m) { return (v + m - 1) / m * m; }

// Where one tile reads and writes; all pointers already offset to the tile.
struct Tile {
    const std::uint8_t* a;  // rows × paddedIn quantized inputs, stride lda
    std::int64_t lda;
    const std::int8_t* w;  // the panel's first 16-output block; blocks follow blockStride bytes apart
    std::int64_t quads;    // paddedIn / 4
    const float* rowScale;
    const std::int32_t* rowZero;
    const float* colScale;  // padded: 64 readable values
    const std::int32_t* colSum;
    const float* bias;
    float* y;  // stride ldy
    std::int64_t ldy;
    std::int64_t cols;  // outputs of this panel to write (1..64)
};

// The epilogue both kernels share, element by element: (acc - zx sum) as float, times sx sw, plus bias.
inline float dequantize(std::int32_t acc, std::int32_t rowZero, std::int32_t colSum, float rowScale, float colScale,
                        float bias) {
    const std::int32_t corrected = acc - rowZero * colSum;
    return static_cast<float>(corrected) * (rowScale * colScale) + bias;
}

void tilePortable(const Tile& t, int rows) {
    const std::int64_t blockStride = t.quads * kBlock * 4;
    for (int r = 0; r < rows; ++r) {
        const std::uint8_t* a = t.a + r * t.lda;
        for (std::int64_t c = 0; c < t.cols; ++c) {
            const std::int8_t* w = t.w + (c / kBlock) * blockStride + (c % kBlock) * 4;
            std::int32_t acc = 0;
            for (std::int64_t q = 0; q < t.quads; ++q)
                for (int j = 0; j < 4; ++j) acc += std::int32_t(a[q * 4 + j]) * std::int32_t(w[q * kBlock * 4 + j]);
            t.y[r * t.ldy + c] = dequantize(acc, t.rowZero[r], t.colSum[c], t.rowScale[r], t.colScale[c], t.bias[c]);
        }
    }
}

// Row quantization parameters: the range is widened to hold 0, so that 0 (padding, ReLU) is exact.
struct RowRange {
    float scale, inverse;
    std::int32_t zero;
};

RowRange rangeFor(float lo, float hi) {
    const float scale = (hi - lo) / 255.0f;
    if (!(scale > 0)) return {1.0f, 1.0f, 0};  // all zeros (NaN rows propagate through the scale below)
    const auto zero = static_cast<std::int32_t>(std::nearbyint(-lo / scale));
    return {scale, 1.0f / scale, std::clamp<std::int32_t>(zero, 0, 255)};
}

inline std::uint8_t quantizeValue(float x, const RowRange& r) {
    const auto q = static_cast<std::int32_t>(std::nearbyint(x * r.inverse)) + r.zero;
    return static_cast<std::uint8_t>(std::clamp<std::int32_t>(q, 0, 255));
}

RowRange quantizeRowPortable(const float* x, std::int64_t k, std::uint8_t* out) {
    float lo = 0, hi = 0;
    bool finite = true;
    for (std::int64_t i = 0; i < k; ++i) {
        lo = std::min(lo, x[i]), hi = std::max(hi, x[i]);
        finite = finite && std::isfinite(x[i]);
    }
    if (!finite) return {std::nanf(""), std::nanf(""), 0};
    const RowRange r = rangeFor(lo, hi);
    for (std::int64_t i = 0; i < k; ++i) out[i] = quantizeValue(x[i], r);
    return r;
}

#if HEADLINER_VNNI_KERNEL
#define HEADLINER_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
// GCC 12 warns inside its own AVX-512 headers (their _mm512_undefined_* placeholders).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

HEADLINER_VNNI RowRange quantizeRowVnni(const float* x, std::int64_t k, std::uint8_t* out) {
    __m512 lo = _mm512_setzero_ps(), hi = _mm512_setzero_ps();
    __mmask16 bad = 0;
    const __m512 infinity = _mm512_set1_ps(INFINITY);
    std::int64_t i = 0;
    for (; i < k; i += 16) {
        const __mmask16 m = k - i >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (k - i)) - 1);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        lo = _mm512_min_ps(lo, v), hi = _mm512_max_ps(hi, v);
        // |v| < inf is false for inf and NaN
        bad |= _mm512_mask_cmp_ps_mask(m, _mm512_abs_ps(v), infinity, _CMP_NLT_UQ);
    }
    if (bad) return {std::nanf(""), std::nanf(""), 0};
    const RowRange r = rangeFor(_mm512_reduce_min_ps(lo), _mm512_reduce_max_ps(hi));
    const __m512 inverse = _mm512_set1_ps(r.inverse);
    const __m512i zero = _mm512_set1_epi32(r.zero), low = _mm512_setzero_si512(), high = _mm512_set1_epi32(255);
    for (i = 0; i < k; i += 16) {
        const __mmask16 m = k - i >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (k - i)) - 1);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(v, inverse)), zero);  // round to nearest even
        q = _mm512_min_epi32(_mm512_max_epi32(q, low), high);
        _mm512_mask_cvtepi32_storeu_epi8(out + i, m, q);
    }
    return r;
}

// 6 rows × 64 outputs: 24 accumulators held in registers for the whole sum over the inputs (named
// one by one: GCC keeps an array of vectors on the stack). A tile of fewer rows repeats its
// first row in the unused slots and does not store them.
HEADLINER_VNNI void tileVnni(const Tile& t, int rows) {
    const std::uint8_t* a[kTileRows];
    for (int r = 0; r < kTileRows; ++r) a[r] = t.a + (r < rows ? r : 0) * t.lda;
    const std::uint8_t *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5];
    const std::int64_t blockStride = t.quads * kBlock * 4;
    const std::int8_t* w0 = t.w;
    const std::int8_t* w1 = w0 + blockStride;
    const std::int8_t* w2 = w1 + blockStride;
    const std::int8_t* w3 = w2 + blockStride;
#define HEADLINER_ZERO_ROW(r) __m512i c##r##0 = _mm512_setzero_si512(), c##r##1 = c##r##0, c##r##2 = c##r##0, c##r##3 = c##r##0;
    HEADLINER_ZERO_ROW(0) HEADLINER_ZERO_ROW(1) HEADLINER_ZERO_ROW(2)
    HEADLINER_ZERO_ROW(3) HEADLINER_ZERO_ROW(4) HEADLINER_ZERO_ROW(5)
#undef HEADLINER_ZERO_ROW
    for (std::int64_t q = 0; q < t.quads; ++q) {
        const __m512i b0 = _mm512_loadu_si512(w0 + q * 64), b1 = _mm512_loadu_si512(w1 + q * 64);
        const __m512i b2 = _mm512_loadu_si512(w2 + q * 64), b3 = _mm512_loadu_si512(w3 + q * 64);
#define HEADLINER_ROW(r)                                                      \
    {                                                                         \
        std::int32_t four;                                                    \
        std::memcpy(&four, a##r + q * 4, 4);                                  \
        const __m512i x = _mm512_set1_epi32(four);                            \
        c##r##0 = _mm512_dpbusd_epi32(c##r##0, x, b0);                        \
        c##r##1 = _mm512_dpbusd_epi32(c##r##1, x, b1);                        \
        c##r##2 = _mm512_dpbusd_epi32(c##r##2, x, b2);                        \
        c##r##3 = _mm512_dpbusd_epi32(c##r##3, x, b3);                        \
    }
        HEADLINER_ROW(0) HEADLINER_ROW(1) HEADLINER_ROW(2) HEADLINER_ROW(3) HEADLINER_ROW(4) HEADLINER_ROW(5)
#undef HEADLINER_ROW
    }
    const __m512i acc[kTileRows][4] = {{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23},
                                       {c30, c31, c32, c33}, {c40, c41, c42, c43}, {c50, c51, c52, c53}};
    for (int j = 0; j < 4; ++j) {
        const std::int64_t first = j * kBlock;
        if (first >= t.cols) break;
        const __mmask16 m = t.cols - first >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (t.cols - first)) - 1);
        const __m512i sum = _mm512_loadu_si512(t.colSum + first);
        const __m512 colScale = _mm512_loadu_ps(t.colScale + first), bias = _mm512_loadu_ps(t.bias + first);
        for (int r = 0; r < rows; ++r) {
            const __m512i corrected = _mm512_sub_epi32(acc[r][j], _mm512_mullo_epi32(_mm512_set1_epi32(t.rowZero[r]), sum));
            const __m512 scale = _mm512_mul_ps(_mm512_set1_ps(t.rowScale[r]), colScale);
            const __m512 y = _mm512_add_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(corrected), scale), bias);
            _mm512_mask_storeu_ps(t.y + r * t.ldy + first, m, y);
        }
    }
}
#endif

bool useVnni(Int8Linear::Kernel kernel) { return kernel == Int8Linear::Kernel::Best && Int8Linear::cpuHasVnni(); }

}  // namespace

bool Int8Linear::cpuHasVnni() {
#if HEADLINER_VNNI_KERNEL
    static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
    return has;
#else
    return false;
#endif
}

Int8Linear::Int8Linear(const torch::Tensor& weight, const torch::Tensor& bias) {
    if (weight.dim() != 2) throw std::invalid_argument("Int8Linear: the weight must be a matrix");
    torch::NoGradGuard noGrad;
    const auto w = weight.detach().to(torch::kCPU, torch::kFloat).contiguous();
    out_ = w.size(0), in_ = w.size(1);
    paddedIn_ = roundUp(std::max<std::int64_t>(in_, 1), 4), paddedOut_ = roundUp(std::max<std::int64_t>(out_, 1), kPanel);
    packed_ = torch::zeros({paddedOut_ / kBlock, paddedIn_ / 4, kBlock, 4}, torch::kInt8);
    scale_ = torch::ones({paddedOut_}, torch::kFloat);
    colSum_ = torch::zeros({paddedOut_}, torch::kInt);
    bias_ = torch::zeros({paddedOut_}, torch::kFloat);
    if (bias.defined()) bias_.narrow(0, 0, out_).copy_(bias.detach().to(torch::kCPU, torch::kFloat));

    const float* src = w.data_ptr<float>();
    auto* packed = packed_.data_ptr<std::int8_t>();
    auto* scale = scale_.data_ptr<float>();
    auto* colSum = colSum_.data_ptr<std::int32_t>();
    const std::int64_t blockStride = (paddedIn_ / 4) * kBlock * 4;
    for (std::int64_t n = 0; n < out_; ++n) {
        const float* row = src + n * in_;
        float largest = 0;
        for (std::int64_t k = 0; k < in_; ++k) largest = std::max(largest, std::fabs(row[k]));
        if (!std::isfinite(largest))
            throw std::invalid_argument("Int8Linear: output channel " + std::to_string(n) + " has a non-finite weight");
        scale[n] = largest > 0 ? largest / 127.0f : 1.0f;
        std::int8_t* block = packed + (n / kBlock) * blockStride + (n % kBlock) * 4;
        std::int32_t sum = 0;
        for (std::int64_t k = 0; k < in_; ++k) {
            const auto q = static_cast<std::int32_t>(std::clamp(std::nearbyint(row[k] / scale[n]), -127.0f, 127.0f));
            block[(k / 4) * kBlock * 4 + k % 4] = static_cast<std::int8_t>(q);
            sum += q;
        }
        colSum[n] = sum;
    }
}

torch::Tensor Int8Linear::dequantizedWeight() const {
    if (!defined()) return {};
    auto q = packed_.permute({0, 2, 1, 3}).reshape({paddedOut_, paddedIn_}).narrow(0, 0, out_).narrow(1, 0, in_);
    return q.to(torch::kFloat) * scale_.narrow(0, 0, out_).unsqueeze(1);
}

torch::Tensor Int8Linear::forward(const torch::Tensor& x, Kernel kernel) const {
    if (!defined()) throw std::logic_error("Int8Linear: forward on an empty layer");
    if (x.scalar_type() != torch::kFloat || !x.device().is_cpu() || x.dim() < 1 || x.size(-1) != in_)
        throw std::invalid_argument("Int8Linear: expected float32 CPU input with " + std::to_string(in_) +
                                    " features, got " + std::string(c10::toString(x.scalar_type())) + " " +
                                    c10::str(x.sizes()));
    const auto input = x.contiguous();
    const std::int64_t rows = input.numel() / in_;
    auto sizes = x.sizes().vec();
    sizes.back() = out_;
    auto output = torch::empty({rows, out_}, torch::kFloat);
    if (rows == 0) return output.view(sizes);

    const bool vnni = useVnni(kernel);
    std::vector<std::uint8_t> quantized(static_cast<std::size_t>(rows * paddedIn_));
    std::vector<float> rowScale(static_cast<std::size_t>(rows));
    std::vector<std::int32_t> rowZero(static_cast<std::size_t>(rows));
    const float* in = input.data_ptr<float>();
    at::parallel_for(0, rows, 16, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t m = begin; m < end; ++m) {
            std::uint8_t* q = quantized.data() + m * paddedIn_;
#if HEADLINER_VNNI_KERNEL
            const RowRange r = vnni ? quantizeRowVnni(in + m * in_, in_, q) : quantizeRowPortable(in + m * in_, in_, q);
#else
            const RowRange r = quantizeRowPortable(in + m * in_, in_, q);
#endif
            std::fill(q + in_, q + paddedIn_, std::uint8_t(0));  // meets zero weights: adds nothing
            rowScale[static_cast<std::size_t>(m)] = r.scale, rowZero[static_cast<std::size_t>(m)] = r.zero;
        }
    });

    const std::int64_t quads = paddedIn_ / 4, blockStride = quads * kBlock * 4;
    const auto* packed = packed_.data_ptr<std::int8_t>();
    float* out = output.data_ptr<float>();
    at::parallel_for(0, paddedOut_ / kPanel, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t panel = begin; panel < end; ++panel) {
            const std::int64_t first = panel * kPanel;
            if (first >= out_) break;
            for (std::int64_t m = 0; m < rows; m += kTileRows) {
                const int tileRows = static_cast<int>(std::min<std::int64_t>(kTileRows, rows - m));
                const Tile t{quantized.data() + m * paddedIn_,
                             paddedIn_,
                             packed + (first / kBlock) * blockStride,
                             quads,
                             rowScale.data() + m,
                             rowZero.data() + m,
                             scale_.data_ptr<float>() + first,
                             colSum_.data_ptr<std::int32_t>() + first,
                             bias_.data_ptr<float>() + first,
                             out + m * out_ + first,
                             out_,
                             std::min(kPanel, out_ - first)};
#if HEADLINER_VNNI_KERNEL
                if (vnni) {
                    tileVnni(t, tileRows);
                    continue;
                }
#endif
                tilePortable(t, tileRows);
            }
        }
    });
    return output.view(sizes);
}

}  // namespace headliner::model
