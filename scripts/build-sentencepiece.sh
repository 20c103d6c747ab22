#!/usr/bin/env bash
# Builds sentencepiece from Debian's source package into .deps/sentencepiece as one static
# library (libheadliner_spm.a) whose bundled protobuf-lite and absl are renamed
# (google -> headliner_spm_google, absl -> headliner_spm_absl). Idempotent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${HEADLINER_SPM_PREFIX:-$here/.deps/sentencepiece}
work=$here/.deps/src
stamp=$prefix/.built-v1
log() { printf '\033[1m[sentencepiece]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -f "$stamp" ]; then log "reusing $prefix"; exit 0; fi

mkdir -p "$work"
src=$(ls -d "$work"/sentencepiece-*/ 2>/dev/null | head -n 1 || true)
if [ -z "$src" ]; then
  # apt-get source needs deb-src entries: derive them from this machine's own deb entries.
  if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding deb-src entries derived from the existing deb entries"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
        as_root tee /etc/apt/sources.list.d/headliner-deb-src.sources >/dev/null
    else
      grep -hE '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
        as_root tee /etc/apt/sources.list.d/headliner-deb-src.list >/dev/null
    fi
    as_root apt-get update -qq
  fi
  (cd "$work" && apt-get source -qq sentencepiece >"$work/apt-source.log" 2>&1) || { cat "$work/apt-source.log" >&2; exit 1; }
  src=$(ls -d "$work"/sentencepiece-*/ 2>/dev/null | head -n 1 || true)
  [ -n "$src" ] || { echo "could not fetch the sentencepiece source package" >&2; exit 1; }
fi
src=${src%/}
log "building from $src"

# Debian disables upstream's static targets; add one static library with trainer + processor.
if ! grep -q headliner_spm "$src/src/CMakeLists.txt"; then
  cat >> "$src/src/CMakeLists.txt" <<'CMAKE'
add_library(headliner_spm STATIC ${SPM_SRCS} ${SPM_TRAIN_SRCS})
target_link_libraries(headliner_spm ${SPM_LIBS})
CMAKE
fi
bdir=$work/sentencepiece-build
cmake -S "$src" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSPM_ENABLE_TCMALLOC=OFF -DSPM_USE_BUILTIN_PROTOBUF=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DCMAKE_CXX_FLAGS="-Dgoogle=headliner_spm_google -Dabsl=headliner_spm_absl -w" >/dev/null
cmake --build "$bdir" --target headliner_spm -j "$(nproc)" >/dev/null
version=$(basename "$src" | sed 's/^sentencepiece-//')
mkdir -p "$prefix/include" "$prefix/lib"
cp "$src/src/sentencepiece_processor.h" "$src/src/sentencepiece_trainer.h" "$prefix/include/"
cp "$bdir/src/libheadliner_spm.a" "$prefix/lib/"
echo "$version" > "$prefix/VERSION"
# Proof that the rename worked: no google:: symbol may remain in the archive.
if nm -C "$prefix/lib/libheadliner_spm.a" 2>/dev/null | grep -qE ' [TWVBD] google::'; then
  echo "sentencepiece archive still exports google:: symbols" >&2; exit 1
fi
touch "$stamp"
log "installed $version into $prefix"
