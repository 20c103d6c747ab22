#!/usr/bin/env bash
# The screenshots of every page in docs/, taken with real data: runs the UI test that drives
# the app (demo dataset, a training run, a typed headline, an export) under Xvfb with the real
# X11 platform, saving the window at each stage. Needs xvfb; run after building.
#   scripts/screenshots.sh [OUT_DIR]      (default: docs/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/docs}")
mkdir -p "$out"
test_bin=${HEADLINER_PAGES_TEST:-$root/build/tests/ui/tst_pages}
Xvfb :98 -screen 0 1400x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=:98 QT_QPA_PLATFORM=xcb HEADLINER_SCREENSHOTS="$out" HEADLINER_SHARED_DIR="$root/../shared" "$test_bin" >/dev/null
ls -1 "$out"/screenshot-{dataset,train,train-log,predict,export}.png
