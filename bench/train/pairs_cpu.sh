#!/usr/bin/env bash
# The train-step ratio to PyTorch eager measured in alternating pairs: this VM's speed drifts
# within a run (the same binary's step moves by 30% between minutes), so one median per side can
# land in different speed modes. Each round runs the anchor and then Headliner (fp32, then bf16
# autocast) back to back, and the ratio is taken within the round; the summary gives every
# round's ratios and their median. The anchor multiplies with the same OpenBLAS kernels as
# Headliner (OPENBLAS_CORETYPE set to Headliner's choice where it made one; compare_cpu.sh also
# runs it as Python picks them).
#   bench/train/pairs_cpu.sh [ROUNDS=5]
# Needs Debian's python3-torch (the anchor must run on the system python3).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$here/build}
anchor=${ANCHOR:-$here/../shared/bench/anchor_cpu.py}
rounds=${1:-5}
kernels=$("$build/app/cli/headliner-cli" info | sed -n 's/^blas kernels *//p')
echo "== $(date -u +%F) on $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p'); blas kernels: $kernels"
if [[ $kernels == *"Headliner's choice"* ]]; then export OPENBLAS_CORETYPE=${kernels%% *}; fi
median() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["step_ms_median"])'; }
for shape in "--batch 8 --tokens 30" "--dim 128 --layers 2 --heads 2 --hidden 512 --batch 64 --tokens 64"; do
  results=()
  for ((round = 1; round <= rounds; round++)); do
    # shellcheck disable=SC2086
    a=$(/usr/bin/python3 "$anchor" train $shape | median)
    # shellcheck disable=SC2086
    f=$("$build/bench/bench_train_step" $shape --precision fp32 | median)
    # shellcheck disable=SC2086
    b=$("$build/bench/bench_train_step" $shape --precision bf16 | median)
    results+=("$a $f $b")
  done
  printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
shape = sys.argv[1]
rows = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
print(f"== {shape}: anchor ms, Headliner fp32 ms (ratio), bf16 ms (ratio), per round")
for a, f, b in rows:
    print(f"   {a:8.1f} {f:8.1f} ({a / f:.2f}x) {b:8.1f} ({a / b:.2f}x)")
fp32 = [a / f for a, f, _ in rows]
bf16 = [a / b for a, _, b in rows]
print(f"   median ratio fp32 {statistics.median(fp32):.2f}x (range {min(fp32):.2f}-{max(fp32):.2f}), "
      f"bf16 {statistics.median(bf16):.2f}x (range {min(bf16):.2f}-{max(bf16):.2f})")
' "$shape"
done
