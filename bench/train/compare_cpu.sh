#!/usr/bin/env bash
# Headliner's train step vs plain PyTorch eager (Python) on this CPU, side by side in one run:
# the two shapes of ANCHORS.md (DistilBERT-base, batch 8 x 30 tokens; d128 x 2 layers, batch
# 64 x 64 tokens), each anchor then Headliner in fp32 and in bf16 autocast, each with the last
# layer for [CLS] only (the default) and with every row (--full-last-layer, as transformers).
# One JSON line each.
# Where Headliner replaced OpenBLAS's kernels on this CPU (`headliner-cli info`, "blas kernels";
# core/BlasKernels.h), the anchor runs twice: as Python runs it (OpenBLAS's own choice) and with
# OPENBLAS_CORETYPE set to Headliner's choice, the same kernels on both sides.
# Needs Debian's python3-torch (the anchor must run on the system python3).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$here/build}
anchor=${ANCHOR:-$here/../shared/bench/anchor_cpu.py}
echo "== $(date -u +%F) on $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p')"
kernels=$("$build/app/cli/headliner-cli" info | sed -n 's/^blas kernels *//p')
echo "== blas kernels: $kernels"
same_kernels=""
if [[ $kernels == *"Headliner's choice"* ]]; then same_kernels=${kernels%% *}; fi
for shape in "--batch 8 --tokens 30" "--dim 128 --layers 2 --heads 2 --hidden 512 --batch 64 --tokens 64"; do
  echo "== $shape"
  # shellcheck disable=SC2086
  /usr/bin/python3 "$anchor" train $shape
  if [[ -n $same_kernels ]]; then
    echo "== anchor with OPENBLAS_CORETYPE=$same_kernels"
    # shellcheck disable=SC2086
    OPENBLAS_CORETYPE=$same_kernels /usr/bin/python3 "$anchor" train $shape
  fi
  for precision in fp32 bf16; do
    for last in "" --full-last-layer; do
      # shellcheck disable=SC2086
      "$build/bench/bench_train_step" $shape --precision "$precision" $last
    done
  done
done
