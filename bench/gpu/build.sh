#!/usr/bin/env bash
# Sourced by bench/gpu/run.sh and bench/gpu/profile.sh on the CUDA machine: the paths, the summary
# helpers, and the build of headliner-cli against the machine's pip LibTorch from the Debian
# packages carried in bench/gpu/carry (see prepare.sh). Extra CMake arguments: $HEADLINER_GPU_CMAKE_ARGS.
# Leaves $cli, $out, $work, $shared and $summary set, and the environment to run the CLI.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
carry=$root/bench/gpu/carry
shared=$carry/shared
out=${OUT:-/tmp/headliner-gpu}
mkdir -p "$out"
work=/tmp/hl-gpu
mkdir -p "$work"
summary=$out/${HEADLINER_GPU_SUMMARY:-summary.txt}
: >"$summary"
note() { echo "$*" | tee -a "$summary"; }
step() { echo "=== $* ($(date -u +%T))" | tee -a "$summary"; }
# Runs "$@" while nvidia-smi samples the device memory in use every 100 ms; afterwards $peak_mib
# holds the largest sample (the whole GPU's, CUDA context included) and $idle_mib the first.
peak_mib=0 idle_mib=0
with_memory() {
    local log=$work/memory.log
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 >"$log" 2>/dev/null &
    local sampler=$! status
    "$@"
    status=$?
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null
    peak_mib=$(sort -n "$log" | tail -1)
    idle_mib=$(head -1 "$log")
    return $status
}

step "machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee -a "$summary"
python3 -c 'import torch, transformers; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__)' | tee -a "$summary"

step "1. build"
deps=$work/deps
mkdir -p "$deps"
for f in "$carry"/debs/*.deb; do dpkg -x "$f" "$deps"; done
arch_lib=$deps/usr/lib/x86_64-linux-gnu
# Debian's -dev symlinks may be absolute (liblzma.so -> /lib/...): point them into $deps.
for link in "$arch_lib"/*.so; do
    target=$(readlink "$link") || continue
    case $target in /*) ln -sf "$deps$target" "$link" ;; esac
done
cp -a "$deps"/lib/x86_64-linux-gnu/. "$arch_lib"/ 2>/dev/null || true
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
torch_lib=$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
export LD_LIBRARY_PATH=$torch_lib:$arch_lib:${LD_LIBRARY_PATH:-}
# pkg-config (utf8proc, liblzma) reads the carried .pc files, re-rooted at $deps.
export PKG_CONFIG_PATH=$arch_lib/pkgconfig:$deps/usr/share/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$deps
build=$work/build
{ command -v g++ nvcc cmake ninja; g++ --version | head -1; cmake --version | head -1; } | tee -a "$summary"
configure() {  # "$@": extra CMake arguments
    rm -rf "$build"
    # shellcheck disable=SC2086  # the extra arguments are words
    set -- ${HEADLINER_GPU_CMAKE_ARGS:-} "$@"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEADLINER_GUI=OFF -DHEADLINER_WERROR=OFF \
        -DHEADLINER_BENCH=OFF -DCMAKE_PREFIX_PATH="$torch_prefix;$deps/usr" \
        -DHEADLINER_SPM_PREFIX="$carry/sentencepiece" -DHEADLINER_SHARED_DIR="$shared" "$@"
}
# pip torch's own CMake files look for the CUDA toolkit, cuDNN and NVTX, which a CUDA image may
# hold elsewhere or not at all; the core compiles no CUDA code (only core/cuda/CudaGraph.cpp
# includes the CUDA runtime's headers). If they fail, a minimal Torch config (what
# torch.utils.cpp_extension does: headers, the libraries, the ABI flag, and the CUDA runtime's
# headers where the toolkit or pip's nvidia packages have them) replaces them.
# A second script in the same call (or a warm machine's next call) reuses the build when it was
# configured with the same extra arguments. (The block below is not indented: it holds a here-document.)
cli=$build/app/cli/headliner-cli
stamp=$build/.headliner-gpu-args
if [ -x "$cli" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${HEADLINER_GPU_CMAKE_ARGS:-}" ]; then
    note "build: reused ($build)"
else
torch_args=()
if ! configure >"$out/configure.log" 2>&1; then
    note "configure with pip torch's CMake files failed (configure.log); using a minimal Torch config"
    shim=$work/torchshim
    mkdir -p "$shim"
    python3 - "$shim/TorchConfig.cmake" <<'PY'
import glob, os, sys, torch
p = os.path.dirname(torch.__file__)
libs = ";".join(f"{p}/lib/lib{n}.so" for n in ["torch_cuda", "c10_cuda", "torch_cpu", "torch", "c10"])
abi = int(torch.compiled_with_cxx11_abi())
cuda = [d for d in ["/usr/local/cuda/include"] + sorted(glob.glob(f"{os.path.dirname(p)}/nvidia/*/include"))
        if os.path.exists(f"{d}/cuda_runtime_api.h")][:1]
includes = ";".join([f"{p}/include", f"{p}/include/torch/csrc/api/include"] + cuda)
cudart = sorted(glob.glob("/usr/local/cuda/lib64/libcudart.so") + glob.glob(f"{os.path.dirname(p)}/nvidia/*/lib/libcudart.so*"))[:1]
libs = ";".join([libs] + cudart)
open(sys.argv[1], "w").write(f"""
add_library(torch INTERFACE IMPORTED)
set_target_properties(torch PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "{includes}"
  INTERFACE_COMPILE_DEFINITIONS "_GLIBCXX_USE_CXX11_ABI={abi}"
  INTERFACE_LINK_OPTIONS "-Wl,--no-as-needed;-Wl,-rpath,{p}/lib"
  INTERFACE_LINK_LIBRARIES "{libs}")
set(TORCH_LIBRARIES torch)
set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI={abi}")
set(Torch_VERSION "{torch.__version__.split('+')[0]}")
set(TORCH_VERSION "${{Torch_VERSION}}")
set(Torch_FOUND TRUE)
""")
PY
    torch_args=(-DTorch_DIR="$shim")
    configure "${torch_args[@]}" >"$out/configure2.log" 2>&1 || {
        note "build: configure FAILED (configure.log, configure2.log)"; tail -40 "$out/configure2.log"; exit 1; }
fi
grep -h "CUDA graphs:" "$out"/configure*.log | tail -1 | tee -a "$summary"
# -k 0: on failure every broken file is in build.log at once.
if timeout 420 ninja -C "$build" -k 0 -j"$(nproc)" headliner-cli >"$out/build.log" 2>&1; then
    note "build: ok"
elif grep -q "CudaGraph.cpp" "$out/build.log" &&
     configure "${torch_args[@]}" -DHEADLINER_CUDA_GRAPHS=OFF >"$out/configure3.log" 2>&1 &&
     timeout 420 ninja -C "$build" -k 0 -j"$(nproc)" headliner-cli >"$out/build2.log" 2>&1; then
    # The CUDA graph file alone failed against this LibTorch: the rest builds without it.
    note "build: ok without CUDA graphs (core/cuda/CudaGraph.cpp failed, see build.log)"
    grep -E "error" "$out/build.log" | head -10 | tee -a "$summary"
else
    note "build: FAILED (build.log)"
    grep -E "error|undefined reference" "$out/build.log" | head -40
    tail -20 "$out/build.log"
    exit 1
fi
echo "${HEADLINER_GPU_CMAKE_ARGS:-}" >"$stamp"
fi
"$cli" info | tee -a "$summary"
