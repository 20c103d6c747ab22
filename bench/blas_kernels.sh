#!/usr/bin/env bash
# OpenBLAS's kernel choice on this CPU against Headliner's (core/BlasKernels.h), side by side in
# one run: the float32 product rate, the train step of both ANCHORS.md shapes, and DistilBERT-base
# prediction. "OpenBLAS's choice" pins the set OpenBLAS picks by itself through
# OPENBLAS_CORETYPE, which Headliner leaves alone; where Headliner keeps that choice the two
# halves are the same configuration. Two rounds, alternating.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build}
kernels=$("$build/app/cli/headliner-cli" info | sed -n 's/^blas kernels *//p')
echo "== $(date -u +%F) on $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p')"
echo "== blas kernels: $kernels"
chosen=${kernels%% *}
openblas=$chosen
if [[ $kernels =~ chose\ ([A-Za-z0-9_]+)\) ]]; then openblas=${BASH_REMATCH[1]}; fi
for round in 1 2; do
  for set in "$openblas" "$chosen"; do
    echo "== round $round, OPENBLAS_CORETYPE=$set"
    export OPENBLAS_CORETYPE=$set
    "$build/bench/bench_matmul" | grep 'thread'
    "$build/bench/bench_train_step" --batch 8 --tokens 30 --steps 6
    "$build/bench/bench_train_step" --dim 128 --layers 2 --heads 2 --hidden 512 --batch 64 --tokens 64
    "$build/bench/bench_distilbert" --runs 50 | grep -E 'fp32'
    unset OPENBLAS_CORETYPE
  done
done
