#!/usr/bin/env bash
# Headliner vs plain PyTorch eager (Python) on this CPU, side by side in one run.
# Needs Debian's python3-torch (the anchor must run on the system python3).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$here/build}
anchor=${ANCHOR:-$here/../shared/bench/anchor_cpu.py}
echo "== $(date -u +%F) on $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p')"
echo "== anchor (Python eager): $anchor latency"
/usr/bin/python3 "$anchor" latency
echo "== Headliner: bench_distilbert"
"$build/bench/bench_distilbert"
