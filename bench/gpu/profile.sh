#!/usr/bin/env bash
# Where a DistilBERT-base training step's time goes on a CUDA machine, in one call (issue 5).
# Session 8's run found the GPU waiting on the host: ~16 ms per step whatever its size, and
# cuDNN's attention building a plan per new shape (steps of ~180 ms), since switched off. This
# records, bf16, batch 64, the 28,360-row AG News part, 160 steps each:
#   1. a Kineto trace of steps 120-140 with the GPU defaults (fused layers, deferred readback),
#      summarised by trace_summary.py (GPU busy share, the trainer's phases, CUDA runtime calls,
#      operations);
#   2. the same run with --fused-layers off, for the gain of core/model/FusedLayers.h; and with
#      --cuda-graphs on (each batch width's step replayed as a CUDA graph);
#   3. evaluation of the 7,600 test rows in fp32 and in bf16 (autocast), batch 512, from a cold
#      start (`eval`) and after a warm-up batch (`bench eval`).
# Prepare with bench/gpu/prepare.sh, then with the device tool:
#   run(command="bash bench/gpu/profile.sh", carry=["bench/gpu/carry"], timeout_s=420)
# Arguments choose parts (default: all): trace modules graphs eval. After run.sh in the same call
# or on the same warm machine, run.sh's build is reused when both were configured alike
# (HEADLINER_GPU_CMAKE_ARGS=-DHEADLINER_PROFILER=ON for both).
set -uo pipefail
export HEADLINER_GPU_CMAKE_ARGS=-DHEADLINER_PROFILER=ON
# shellcheck source=bench/gpu/build.sh
source "$(dirname "$0")/build.sh"
here=$(cd "$(dirname "$0")" && pwd)
parts=" ${*:-trace modules graphs eval} "
want() { [[ $parts == *" $1 "* ]]; }
train=$shared/data/ag_news/train.csv.xz
test=$shared/data/ag_news/test.csv.xz

step "distil-random: a DistilBERT-base-shaped classifier with random weights"
python3 - "$shared" "$work/distil-random" >"$work/distil.log" 2>&1 <<'PY' || { note "FAILED"; tail "$work/distil.log"; }
import sys, torch, transformers as T
shared, dst = sys.argv[1], sys.argv[2]
torch.manual_seed(0)
cfg = T.DistilBertConfig.from_pretrained(f"{shared}/data/vocab/distilbert-base-uncased", num_labels=4)
T.DistilBertForSequenceClassification(cfg).save_pretrained(dst)
T.AutoTokenizer.from_pretrained(f"{shared}/data/vocab/distilbert-base-uncased").save_pretrained(dst)
PY

steps_summary() {  # $1: jsonl, $2: label
    python3 - "$1" "$2" <<'PY' | tee -a "$summary"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and '"eval"' not in l]
t = [64 / r["samples_per_s"] for r in rows if r["samples_per_s"] > 0][10:]
slow = [x for x in t if x > 0.05]
print(f"{sys.argv[2]}: {len(rows)} steps; after the first 10: median {64 / statistics.median(t):.0f} samples/s, "
      f"mean {64 * len(t) / sum(t):.0f} samples/s; {len(slow)} steps over 50 ms ({sum(slow):.2f} s of {sum(t):.2f} s)")
PY
}

if want trace; then
step "1. profile: steps 120-140 traced"
HEADLINER_PROFILE=120:140:$work/trace.json timeout 150 "$cli" train --train "$train" --model "$work/distil-random" \
    --max-steps 160 --batch-size 64 --lr 2e-5 --device cuda --precision bf16 --log-jsonl "$out/prof.jsonl" \
    --out "$work/prof" >"$work/prof.log" 2>&1 || { note "profile run FAILED"; tail -20 "$work/prof.log"; }
steps_summary "$out/prof.jsonl" "bf16, fused layers (the default), profiled"
if [ -f "$work/trace.json" ]; then
    python3 "$here/trace_summary.py" "$work/trace.json" 2>&1 | tee -a "$summary"
    gzip -c "$work/trace.json" >"$out/trace.json.gz"
fi
fi

if want modules; then
step "2. the same run with --fused-layers off"
timeout 150 "$cli" train --train "$train" --model "$work/distil-random" --max-steps 160 --batch-size 64 --lr 2e-5 \
    --device cuda --precision bf16 --fused-layers off --log-jsonl "$out/modules.jsonl" --out "$work/modules" \
    >"$work/modules.log" 2>&1 || { note "FAILED"; tail "$work/modules.log"; }
steps_summary "$out/modules.jsonl" "bf16, --fused-layers off"
fi
if want graphs; then
timeout 150 "$cli" train --train "$train" --model "$work/distil-random" --max-steps 160 --batch-size 64 --lr 2e-5 \
    --device cuda --precision bf16 --cuda-graphs on --log-jsonl "$out/graphs.jsonl" --out "$work/graphs" \
    >"$work/graphs.log" 2>&1 || { note "FAILED"; tail "$work/graphs.log"; }
steps_summary "$out/graphs.jsonl" "bf16, --cuda-graphs on"
grep -h "CUDA graphs" "$work/graphs.log" | tee -a "$summary"
fi

if want eval; then
step "3. evaluation of the test rows, fp32 and bf16"
eval_model=$work/prof/final
[ -d "$eval_model" ] || eval_model=$work/distil-random
for precision in fp32 bf16; do
    timeout 60 "$cli" eval --model "$eval_model" --data "$test" --device cuda --batch-size 512 \
        --precision "$precision" --json >"$work/eval_$precision.json" 2>"$work/eval_$precision.log" &&
        python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('eval', sys.argv[2] + ':', round(j['samples_per_s']), 'samples/s, accuracy', j['accuracy'], 'loss', j.get('loss'))" \
            "$work/eval_$precision.json" "$precision" | tee -a "$summary" ||
        { note "eval $precision FAILED"; tail "$work/eval_$precision.log"; }
    timeout 60 "$cli" bench eval --model "$eval_model" --data "$test" --device cuda --batch-size 512 \
        --precision "$precision" --json 2>&1 | tail -1 | sed "s/^/bench eval $precision: /" | tee -a "$summary"
done
fi
step "done"
