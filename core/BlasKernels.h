#pragma once
// Which matrix-product kernels the BLAS uses on this CPU, and a correction for OpenBLAS releases
// older than the CPU.
//
// OpenBLAS built for many CPUs at once (DYNAMIC_ARCH, as Debian ships it) picks its kernels at
// load time from the CPU's family and model numbers. A release that predates the CPU does not
// know its model and falls back to its SSE3 "Prescott" kernels: Debian 12's OpenBLAS 0.3.21 does
// so on Intel Xeons of model 207 (Emerald Rapids), where a 1024^3 float32 product then runs at
// ~45 GFLOP/s instead of ~210, and a DistilBERT training step takes three times as long.
// OpenBLAS lets OPENBLAS_CORETYPE name the kernels instead; chooseKernels() does that for the
// process, from the instruction sets the CPU reports, when OpenBLAS's own pick is one of its
// pre-AVX2 kernel sets on a CPU with AVX2 or AVX-512. Nothing else is second-guessed.

#include <string>

namespace headliner::blas {

struct CpuFeatures {
    bool avx2Fma = false;     // AVX2 and FMA3
    bool avx512 = false;      // AVX-512 F, CD, BW, DQ and VL (and the OS saves their registers)
    bool avx512Bf16 = false;  // AVX-512 BF16 as well (Cooper Lake, Sapphire Rapids and later)
};

// What this CPU reports.
CpuFeatures cpuFeatures();

// The OpenBLAS kernel set (a name OPENBLAS_CORETYPE accepts) to use instead of `detected`, the
// one OpenBLAS chose, on a CPU with `cpu`'s features; empty to keep OpenBLAS's choice. Only
// OpenBLAS's pre-AVX2 sets (Prescott, Nehalem, Sandybridge, ...) are replaced: by "Cooperlake" on
// an AVX-512 BF16 CPU, "SkylakeX" on another AVX-512 CPU, "Haswell" on an AVX2 one.
std::string betterKernels(const std::string& detected, const CpuFeatures& cpu);

struct Kernels {
    std::string library;   // e.g. "OpenBLAS 0.3.21"; empty when the BLAS is not OpenBLAS
    std::string detected;  // the kernel set OpenBLAS chose at load, e.g. "Prescott"
    std::string active;    // the kernel set in use now, e.g. "Cooperlake"
    std::string origin;    // how `active` was chosen: "OpenBLAS", "Headliner" or "OPENBLAS_CORETYPE"
    std::string note;      // one line for logs and `info` when Headliner changed them, else empty

    // "Cooperlake (Headliner's choice for this CPU; OpenBLAS 0.3.21 chose Prescott)" and the like.
    std::string describe() const;
};

// Switches OpenBLAS to betterKernels() where that names a set and OPENBLAS_CORETYPE is not set,
// once per process; later calls only report. Call at start-up, before any matrix product and
// while no other thread runs BLAS work (initRuntime does). A BLAS other than a DYNAMIC_ARCH
// OpenBLAS is left as it is.
Kernels chooseKernels();

// The current state, changing nothing.
Kernels kernels();

}  // namespace headliner::blas
