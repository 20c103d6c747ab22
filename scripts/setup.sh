#!/usr/bin/env bash
# Headliner set-up: installs what is missing (Debian 12), builds, then runs the app or the tests.
#
#   bash scripts/setup.sh run     # set up, build, launch the app on its built-in demo
#   bash scripts/setup.sh test    # set up, build, run the whole test suite (what CI runs)
#   bash scripts/setup.sh build   # set up and build only
#
# Idempotent: packages already installed are not touched, the sentencepiece build is reused.
# Environment: BUILD_DIR (default build), HEADLINER_GUI (ON/OFF, default ON), JOBS.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mode=${1:-build}
build_dir=${BUILD_DIR:-$here/build}
gui=${HEADLINER_GUI:-ON}
jobs=${JOBS:-$(nproc)}

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. Debian packages (only the missing ones) -------------------------------------------
core_pkgs=(build-essential cmake ninja-build pkg-config libtorch-dev libutf8proc-dev
  nlohmann-json3-dev liblzma-dev libcurl4-openssl-dev libopenblas0-openmp dpkg-dev xz-utils python3)
gui_pkgs=(qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6opengl6-dev libqt6svg6 qt6-translations-l10n xvfb xauth desktop-file-utils appstream)
pkgs=("${core_pkgs[@]}")
[ "$gui" = ON ] && pkgs+=("${gui_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "all Debian packages present"
fi

# --- 2. sentencepiece, built so that it can live next to libtorch ---------------------------
# Debian's libsentencepiece.so exports its own protobuf-lite 3.14, which collides with the
# libprotobuf 3.21 that libtorch loads: any binary linking both crashes before main().
# We build sentencepiece from Debian's own source package as a *static* library whose bundled
# protobuf-lite and absl live in renamed namespaces, so nothing can collide and nothing extra
# is loaded at run time (see docs/DEPENDENCIES.md).
bash "$here/scripts/build-sentencepiece.sh"

# --- 3. configure and build -------------------------------------------------------------------
if [ ! -f "$build_dir/build.ninja" ]; then
  log "configuring in $build_dir"
  cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEADLINER_GUI="$gui"
fi
log "building ($jobs jobs)"
cmake --build "$build_dir" -j "$jobs"

case "$mode" in
  build) ;;
  test)
    # Hugging Face's tokenizers (the Rust library's Node bindings, pinned in package-lock.json):
    # tst_hf_tokenizers checks exported tokenizer.json files against the real implementation.
    if ! command -v npm >/dev/null; then
      log "installing nodejs and npm"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
    fi
    log "installing tests/hf-tokenizers (npm ci)"
    npm ci --prefix "$here/tests/hf-tokenizers" --no-audit --no-fund --loglevel=error
    log "running tests"
    cd "$build_dir"
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs" --timeout 1500
    ;;
  run)
    log "launching Headliner"
    exec "$build_dir/app/headliner" --demo
    ;;
  *) echo "usage: $0 run|test|build" >&2; exit 2 ;;
esac
