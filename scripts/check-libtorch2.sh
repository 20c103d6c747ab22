#!/usr/bin/env bash
# Compiles the core and the CLI against LibTorch 2.x headers (syntax only), so that the 2.x
# branches of core/TorchCompat.h and every 2.x API change are checked here, on a machine whose
# own LibTorch is Debian 12's 1.13, long before a CUDA machine (LibTorch 2.x) builds them.
#
#   bash scripts/check-libtorch2.sh BUILD_DIR     # BUILD_DIR holds compile_commands.json
#
# The headers come from Debian's next release (libtorch-dev 2.6 in trixie): the package is only
# downloaded and unpacked under BUILD_DIR/libtorch2, with a private apt state; nothing on the
# machine is installed or changed. Exit codes: 0 all compile with no warning, 1 an error or a
# warning (deprecated API included: the next LibTorch removes them), 77 the headers could not
# be fetched (no network: skipped).
#
# HEADLINER_CUDA_INCLUDE=DIR (a folder holding cuda_runtime_api.h, e.g. Debian's nvidia-cuda-dev
# from non-free, unpacked) also compiles core/cuda/CudaGraph.cpp, the one file that includes
# LibTorch's CUDA headers; the build here compiles core/cuda/NoCudaGraph.cpp in its place.
set -euo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=$build/libtorch2
suite=${HEADLINER_LIBTORCH2_SUITE:-trixie}
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json" >&2; exit 1; }

if [ ! -f "$dest/root/usr/include/torch/csrc/api/include/torch/version.h" ]; then
    rm -rf "$dest" && mkdir -p "$dest"/{lists/partial,cache/archives/partial,etc,debs,root}
    echo "deb http://deb.debian.org/debian $suite main" >"$dest/etc/sources.list"
    : >"$dest/etc/status"
    apt_opts=(-o "Dir::Etc::sourcelist=$dest/etc/sources.list" -o Dir::Etc::sourceparts=/nonexistent
              -o "Dir::State::Lists=$dest/lists" -o "Dir::Cache=$dest/cache" -o "Dir::State::status=$dest/etc/status"
              -o APT::Sandbox::User=root -o Debug::NoLocking=1)
    if ! timeout 300 apt-get "${apt_opts[@]}" -qq update >"$dest/apt.log" 2>&1 ||
       ! (cd "$dest/debs" && timeout 300 apt-get "${apt_opts[@]}" -qq download libtorch-dev >>"$dest/apt.log" 2>&1); then
        echo "skipped: could not download libtorch-dev from Debian $suite (see $dest/apt.log)"
        exit 77
    fi
    dpkg-deb -x "$dest"/debs/libtorch-dev_*.deb "$dest/root"
fi
inc=$dest/root/usr/include
version=$(awk '/define TORCH_VERSION_(MAJOR|MINOR|PATCH)/ {v = v (v ? "." : "") $3} END {print v}' \
          "$inc/torch/csrc/api/include/torch/version.h")
echo "LibTorch headers $version from Debian $suite"

python3 - "$build/compile_commands.json" "$root" "$inc" "$(nproc)" "${HEADLINER_CUDA_INCLUDE:-}" "$dest" <<'PY'
import concurrent.futures, json, os, shlex, subprocess, sys
commands, root, inc, jobs, cuda, dest = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
units = [e for e in json.load(open(commands))
         if e["file"].endswith(".cpp") and (e["file"].startswith(f"{root}/core/") or e["file"].startswith(f"{root}/app/cli/"))]
if not units:
    sys.exit("no core or CLI sources in " + commands)
if cuda:
    # The CUDA graph file, compiled as its neighbour is, with the CUDA runtime's headers and the
    # one header a CPU-only LibTorch package does not ship (CMake writes it for CUDA builds).
    macros = f"{dest}/cuda-macros"
    os.makedirs(f"{macros}/c10/cuda/impl", exist_ok=True)
    open(f"{macros}/c10/cuda/impl/cuda_cmake_macros.h", "w").write("#pragma once\n#define C10_CUDA_BUILD_SHARED_LIBS\n")
    stub = next(e for e in units if e["file"].endswith("/core/cuda/NoCudaGraph.cpp"))
    units.append({"directory": stub["directory"], "file": f"{root}/core/cuda/CudaGraph.cpp",
                  "command": stub["command"].replace(stub["file"], f"{root}/core/cuda/CudaGraph.cpp")
                             + f" -isystem {macros} -isystem {cuda}"})

def check(entry):
    args, skip = [], False
    for a in shlex.split(entry["command"]):
        if skip:
            skip = False
        elif a == "-o":
            skip = True                     # syntax only: nothing is written
        elif a != "-Werror":
            args.append(a.replace("/usr/include/torch/csrc/api/include", f"{inc}/torch/csrc/api/include"))
    # The 2.x headers first: <ATen/...>, <c10/...>, <torch/...> resolve there, not to 1.13's.
    args[1:1] = ["-isystem", inc, "-isystem", f"{inc}/torch/csrc/api/include"]
    r = subprocess.run(args + ["-fsyntax-only"], capture_output=True, text=True, cwd=entry["directory"])
    return entry["file"], r.returncode, r.stderr

bad = 0
with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
    for name, rc, err in pool.map(check, units):
        if rc != 0 or "warning:" in err:
            bad += 1
            print(f"==== {name} (exit {rc})\n{err[:4000]}")
print(f"{len(units) - bad} of {len(units)} core and CLI sources compile cleanly against these headers")
sys.exit(1 if bad else 0)
PY
