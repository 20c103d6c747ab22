#!/usr/bin/env bash
# Takes screenshots of the running app under Xvfb: scripts/screenshot.sh OUT.png [app args...]
# Used to keep docs/ screenshots current; needs xvfb and imagemagick.
set -euo pipefail
out=$1; shift
bin=${HEADLINER_BIN:-$(dirname "$0")/../build/app/headliner}
export QT_QPA_PLATFORM=xcb
Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
export DISPLAY=:97
sleep 1
"$bin" "$@" &
app=$!
sleep "${SCREENSHOT_DELAY:-3}"
import -window root "$out"
convert "$out" -trim +repage "$out"   # no window manager: cut the empty root around the window
echo "wrote $out"
