#!/usr/bin/env bash
# Everything Headliner checks and measures on a CUDA machine, in one call (issue 5):
#   1. unpack the carried Debian -dev packages, build the core + CLI against the machine's
#      LibTorch (pip torch's CMake files), no Qt;
#   2. parity on CUDA in fp32: the golden tiny DistilBERT's logits within 1e-4, and the golden
#      60-step training (loss, grad norm, lr per step within 1e-4), step figures read a step
#      late (the GPU default) and at once;
#   3. the exported folders load in Python transformers with the same logits (scratch-d128 with
#      its sentencepiece tokenizer, and a DistilBERT-base-shaped model);
#   4. timing, side by side on this GPU: HF Trainer with the seed's recipe (fp16, rows pre-padded
#      per 1,000 to the longest, batch 64) and Headliner (bf16 and fp16), one epoch over the
#      28,360-row AG News part, DistilBERT-base shapes with random weights; the checkpoint
#      writes (in the background); bf16 through CUDA graphs; bf16 with --defer-readback on and
#      off (defer); evaluation samples/s, cold and warm (eval); peak device and host memory;
#   4b. the notebook's whole recipe end to end, 3 epochs, Headliner's defaults against HF Trainer
#      (recipe);
#   5. GPU out of memory: the message, then a resume with a smaller batch (oom).
# Prepare on the build machine with bench/gpu/prepare.sh, then with the device tool:
#   run(command="bash bench/gpu/run.sh", carry=["bench/gpu/carry"], timeout_s=600)
# Arguments choose parts (default: all): parity export timing recipe defer eval oom. Session 13's
# 15 minutes went as (one build, reused by the second script; the machine stays warm 30 s):
#   run(command="export HEADLINER_GPU_CMAKE_ARGS=-DHEADLINER_PROFILER=ON; bash bench/gpu/run.sh parity
#       timing eval; HEADLINER_GPU_SUMMARY=profile.txt bash bench/gpu/profile.sh trace modules", ...)
#   (295 s, the build ~95 s of it), then at once `run.sh export oom; profile.sh graphs` (130 s).
# Results go to $OUT (the device tool brings that folder back): summary.txt and the logs.
# Each step records its outcome and the script goes on, so one failure does not hide the rest.
# shellcheck source=bench/gpu/build.sh
source "$(dirname "$0")/build.sh"
parts=" ${*:-parity export timing recipe defer eval oom} "
want() { [[ $parts == *" $1 "* ]]; }
train=$shared/data/ag_news/train.csv.xz
test=$shared/data/ag_news/test.csv.xz


if want parity; then
step "2. golden parity on CUDA, fp32"
python3 - "$cli" "$shared" >>"$summary" 2>&1 <<'PY'
import json, subprocess, sys
cli, shared = sys.argv[1], sys.argv[2]
g = json.load(open(f"{shared}/golden/tiny_logits.json"))
lines = "".join(json.dumps({"text": t}) + "\n" for t in g["texts"])
r = subprocess.run([cli, "logits", "--model", f"{shared}/golden/tiny-distilbert", "--device", "cuda",
                    "--max-length", "512"], input=lines, capture_output=True, text=True)
if r.returncode != 0:
    print("parity: FAILED to run:", r.stderr[-2000:]); sys.exit(0)
got = [json.loads(l)["logits"] for l in r.stdout.splitlines()]
worst = max(abs(a - b) for row, want in zip(got, g["logits"]) for a, b in zip(row, want))
print(f"parity on cuda: {len(got)} texts, max |diff| {worst:.2e} ->", "ok" if worst <= 1e-4 else "FAILED")
PY

step "2b. golden training on CUDA, fp32: 60 steps step by step (loss, grad norm, lr within 1e-4)"
# The CTest goldenRecipeStepByStep on the GPU: AG News rows 0..479 in file order, batch 8, from
# the golden initial weights; with the step figures read a step late and the fused layers (the
# GPU defaults), then each of them off, then through CUDA graphs (--cuda-graphs on).
python3 - "$cli" "$shared" "$work/golden-train" >>"$summary" 2>&1 <<'PY'
import json, lzma, os, shutil, subprocess, sys
cli, shared, work = sys.argv[1:]
shutil.rmtree(work, ignore_errors=True)
model = f"{work}/init"
os.makedirs(model)
for src, name in [("tiny-distilbert-init-nodropout", "config.json"), ("tiny-distilbert-init-nodropout", "model.safetensors"),
                  ("tiny-distilbert", "tokenizer.json"), ("tiny-distilbert", "tokenizer_config.json")]:
    shutil.copy(f"{shared}/golden/{src}/{name}", f"{model}/{name}")
lines = lzma.open(f"{shared}/data/ag_news/train.csv.xz", "rt", encoding="utf-8", newline="").read().split("\n")
open(f"{work}/train.csv", "w", encoding="utf-8", newline="").write("\n".join(lines[0:480]) + "\n")
open(f"{work}/eval.csv", "w", encoding="utf-8", newline="").write("\n".join(lines[480:540]) + "\n")
golden = json.load(open(f"{shared}/golden/tiny_training.json"))["log"]
# The GPU defaults are on, on, off.
for defer, fused, graphs in [("on", "on", "off"), ("off", "on", "off"), ("on", "off", "off"), ("on", "on", "on")]:
    name = f"--defer-readback {defer} --fused-layers {fused} --cuda-graphs {graphs}"
    log = f"{work}/log-{defer}-{fused}-{graphs}.jsonl"
    r = subprocess.run([cli, "train", "--train", f"{work}/train.csv", "--eval", f"{work}/eval.csv", "--model", model,
                        "--out", f"{work}/out-{defer}-{fused}-{graphs}", "--shuffle", "off", "--dropout", "0", "--batch-size", "8",
                        "--lr", "0.002", "--weight-decay", "0.1", "--warmup-steps", "6", "--max-steps", "60",
                        "--max-length", "64", "--precision", "fp32", "--device", "cuda", "--defer-readback", defer,
                        "--fused-layers", fused, "--cuda-graphs", graphs, "--log-jsonl", log],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        print(f"golden training ({name}): FAILED to run:", r.stderr[-2000:])
        continue
    steps = [json.loads(l) for l in open(log) if l.strip() and '"eval"' not in l]
    worst = max(abs(s[k] - g[k]) for s, g in zip(steps, golden) for k in ("loss", "grad_norm", "lr"))
    ok = len(steps) == len(golden) and worst <= 1e-4
    replayed = [l for l in r.stderr.splitlines() if "CUDA graphs" in l]
    print(f"golden training on cuda ({name}): {len(steps)}/{len(golden)} steps, "
          f"max |diff| {worst:.2e} ->", "ok" if ok else "FAILED", *replayed[-2:])
PY

fi

step "3. exported folders in Python transformers"
# A DistilBERT-base-shaped classifier with random weights, saved by transformers itself.
python3 - "$shared" "$work/distil-random" >>"$summary" 2>&1 <<'PY'
import sys, torch, transformers as T
shared, dst = sys.argv[1], sys.argv[2]
torch.manual_seed(0)
cfg = T.DistilBertConfig.from_pretrained(f"{shared}/data/vocab/distilbert-base-uncased", num_labels=4,
    id2label={0: "World", 1: "Sports", 2: "Business", 3: "Sci/Tech"},
    label2id={"World": 0, "Sports": 1, "Business": 2, "Sci/Tech": 3})
T.DistilBertForSequenceClassification(cfg).save_pretrained(dst)
T.AutoTokenizer.from_pretrained(f"{shared}/data/vocab/distilbert-base-uncased").save_pretrained(dst)
print("distil-random: saved")
PY
if want export; then
timeout 120 "$cli" train --train "$train" --eval "$test" --preset scratch-d128 --vocab-size 2000 --max-steps 60 \
    --device cuda --out "$work/scratch" >"$out/scratch_train.log" 2>&1 || note "scratch train: FAILED"
timeout 120 "$cli" train --train "$train" --eval "$test" --model "$work/distil-random" --max-steps 40 --device cuda \
    --out "$work/distil-tuned" >"$out/distil_train.log" 2>&1 || note "distil train: FAILED"
python3 - "$cli" "$work/scratch/final" "$work/distil-tuned/final" >>"$summary" 2>&1 <<'PY'
import json, subprocess, sys, torch, transformers as T
cli = sys.argv[1]
texts = ["Stocks rally as markets cheer rate cut", "Striker scores twice as United beat City",
         "New chip doubles battery life of phones", "Ministers meet to end border dispute",
         "Oil prices fall after OPEC raises output", "Researchers map the genome of wheat"]
for folder in sys.argv[2:]:
    try:
        tok = T.AutoTokenizer.from_pretrained(folder)
        model = T.AutoModelForSequenceClassification.from_pretrained(folder).eval()
        with torch.no_grad():
            enc = tok(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
            theirs = model(**enc).logits.tolist()
        r = subprocess.run([cli, "logits", "--model", folder, "--max-length", "256"],
                           input="".join(json.dumps({"text": t}) + "\n" for t in texts), capture_output=True, text=True)
        ours = [json.loads(l)["logits"] for l in r.stdout.splitlines()]
        ids = subprocess.run([cli, "tokenize", "--tokenizer", folder, "--max-length", "256"],
                             input="".join(json.dumps({"text": t}) + "\n" for t in texts), capture_output=True, text=True)
        our_ids = [json.loads(l)["input_ids"] for l in ids.stdout.splitlines()]
        same_ids = our_ids == [tok(t, truncation=True, max_length=256)["input_ids"] for t in texts]
        worst = max(abs(a - b) for x, y in zip(ours, theirs) for a, b in zip(x, y))
        print(f"transformers load {folder}: {type(model).__name__}, {type(tok).__name__}, ids equal {same_ids}, "
              f"max |logit diff| {worst:.2e} ->", "ok" if worst <= 1e-4 and same_ids else "FAILED")
    except Exception as e:
        print(f"transformers load {folder}: FAILED: {e!r}")
PY
fi

if want timing; then
step "4. timing: HF Trainer (the seed's recipe) vs Headliner, one epoch, DistilBERT-base shapes"
with_memory timeout 240 python3 - "$work/distil-random" "$train" "$out/hf_trainer.json" >"$out/hf_trainer.log" 2>&1 <<'PY'
import csv, io, json, lzma, sys, time, torch, transformers as T
folder, train, dst = sys.argv[1:]
rows = list(csv.reader(io.TextIOWrapper(lzma.open(train), encoding="utf-8")))
texts = [r[1] + " " + r[2] for r in rows]
labels = [int(r[0]) - 1 for r in rows]
tok = T.AutoTokenizer.from_pretrained(folder)
# The seed: rows tokenized in chunks of 1,000, each padded to its own longest row.
items = []
for s in range(0, len(texts), 1000):
    enc = tok(texts[s:s + 1000], truncation=True, padding="longest")
    for i in range(len(enc["input_ids"])):
        items.append({"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i], "labels": labels[s + i]})
class DS(torch.utils.data.Dataset):
    def __len__(self): return len(items)
    def __getitem__(self, i): return items[i]
model = T.AutoModelForSequenceClassification.from_pretrained(folder)
args = T.TrainingArguments(output_dir="/tmp/hl-gpu/hf-out", per_device_train_batch_size=64, learning_rate=2e-5,
    weight_decay=0.01, num_train_epochs=1, fp16=True, save_strategy="no", report_to=[], logging_steps=50)
trainer = T.Trainer(model=model, args=args, train_dataset=DS(), data_collator=T.DataCollatorWithPadding(tok))
torch.cuda.reset_peak_memory_stats()
r = trainer.train()
m = r.metrics
json.dump({"train_samples_per_second": m.get("train_samples_per_second"), "train_runtime": m.get("train_runtime"),
           "peak_gib": torch.cuda.max_memory_allocated() / 2**30}, open(dst, "w"))
print(json.dumps(m))
PY
note "HF Trainer: $(cat "$out/hf_trainer.json" 2>/dev/null || echo FAILED, see hf_trainer.log); device memory peak ${peak_mib} MiB (idle ${idle_mib})"
# bf16 (the GPU default), fp16 (the seed's), and bf16 with each batch shape's step replayed as a
# CUDA graph (--cuda-graphs on).
for run in bf16 bf16-graphs fp16; do
    precision=${run%%-*}
    graphs=off
    [ "$run" = bf16-graphs ] && graphs=on
    with_memory timeout 150 "$cli" train --train "$train" --eval "$test" --model "$work/distil-random" --epochs 1 --batch-size 64 \
        --lr 2e-5 --device cuda --precision "$precision" --cuda-graphs "$graphs" --log-jsonl "$out/hl_$run.jsonl" \
        --out "$work/hl-$run" >"$out/hl_$run.log" 2>&1 || note "headliner $run: FAILED"
    note "headliner $run: device memory peak ${peak_mib} MiB (idle ${idle_mib}); host peak RSS: $(grep -o 'peak memory [0-9.]* GiB' "$out/hl_$run.log" | tail -1 | cut -d' ' -f3-)"
    grep -h "CUDA graphs" "$out/hl_$run.log" | sed "s/^/headliner $run: /" | tee -a "$summary"
    # Checkpoints are written in the background on a GPU: bytes, write time, time training held.
    grep -h "^checkpoint step" "$out/hl_$run.log" | sed "s/^/headliner $run: /" | tee -a "$summary"
    python3 - "$out/hl_$run.jsonl" "$run" >>"$summary" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
steps = [r for r in rows if "step" in r and "eval" not in r]
ev = [r["eval"] for r in rows if "eval" in r]
rate = statistics.median(r["samples_per_s"] for r in steps[10:]) if len(steps) > 10 else float("nan")
toks = statistics.median(r.get("tokens_per_s", 0) for r in steps[10:]) if len(steps) > 10 else float("nan")
tflops = statistics.median(r.get("tflops", 0) for r in steps[10:]) if len(steps) > 10 else float("nan")
# The whole run's rate (every step's time, slow ones included) is what compares with HF's
# train_samples_per_second; the median shows the typical step.
total = sum(64 / r["samples_per_s"] for r in steps if r["samples_per_s"] > 0)
slow = sum(1 for r in steps if r["samples_per_s"] > 0 and 64 / r["samples_per_s"] > 0.05)
print(f"headliner {sys.argv[2]}: {len(steps)} steps in {total:.2f} s: {64 * len(steps) / total:.0f} samples/s over the "
      f"run, {slow} steps over 50 ms")
print(f"headliner {sys.argv[2]}: {len(steps)} steps, median {rate:.0f} samples/s, {toks:.0f} tokens/s, "
      f"{tflops:.1f} TFLOP/s achieved (matrix products, padded batches); "
      f"eval accuracy {ev[-1]['accuracy'] if ev else 'n/a'}; first/last loss {steps[0]['loss']:.4f}/{steps[-1]['loss']:.4f}")
skipped = [r["step"] for r in steps if r.get("skipped")]
if "loss_scale" in steps[-1]:  # fp16: dynamic loss scaling
    print(f"headliner {sys.argv[2]}: loss scale {steps[0]['loss_scale']:g} -> {steps[-1]['loss_scale']:g}, "
          f"{len(skipped)} steps skipped for overflow {skipped[:10]}")
PY
done
fi
if want recipe; then
step "4b. the notebook's whole recipe, end to end: 3 epochs, evaluate and save each epoch, keep the best"
# Wall time from reading the files to the final model folder, both ways; Headliner with its
# defaults (bf16, CUDA graphs auto), HF Trainer as the seed runs it (fp16, eval_strategy and
# save_strategy "epoch", load_best_model_at_end on accuracy).
start=$(date +%s.%N)
with_memory timeout 150 "$cli" train --train "$train" --eval "$test" --model "$work/distil-random" --epochs 3 --batch-size 64 \
    --lr 2e-5 --weight-decay 0.01 --device cuda --log-jsonl "$out/hl_recipe.jsonl" --out "$work/hl-recipe" \
    >"$out/hl_recipe.log" 2>&1 || note "headliner recipe: FAILED"
note "headliner recipe: $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)") s wall, device memory peak ${peak_mib} MiB; $(grep -h "CUDA graphs" "$out/hl_recipe.log" | tail -1)"
grep -h "accuracy" "$out/hl_recipe.log" | tail -4 | sed "s/^/headliner recipe: /" | tee -a "$summary"
with_memory timeout 240 python3 - "$work/distil-random" "$train" "$test" "$work/hf-recipe" >"$out/hf_recipe.log" 2>&1 <<'PY'
import csv, io, json, lzma, sys, time
t0 = time.time()
import numpy as np, torch, transformers as T
folder, train, test, dst = sys.argv[1:]
tok = T.AutoTokenizer.from_pretrained(folder)
def load(path):
    rows = list(csv.reader(io.TextIOWrapper(lzma.open(path), encoding="utf-8")))
    texts, labels, items = [r[1] + " " + r[2] for r in rows], [int(r[0]) - 1 for r in rows], []
    for s in range(0, len(texts), 1000):
        enc = tok(texts[s:s + 1000], truncation=True, padding="longest")
        for i in range(len(enc["input_ids"])):
            items.append({"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i], "labels": labels[s + i]})
    return items
class DS(torch.utils.data.Dataset):
    def __init__(self, items): self.items = items
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]
train_ds, test_ds = DS(load(train)), DS(load(test))
model = T.AutoModelForSequenceClassification.from_pretrained(folder)
args = T.TrainingArguments(output_dir=dst, per_device_train_batch_size=64, per_device_eval_batch_size=64, learning_rate=2e-5,
    weight_decay=0.01, num_train_epochs=3, fp16=True, eval_strategy="epoch", save_strategy="epoch",
    load_best_model_at_end=True, metric_for_best_model="accuracy", report_to=[], logging_steps=50)
acc = lambda p: {"accuracy": float((np.argmax(p.predictions, -1) == p.label_ids).mean())}
trainer = T.Trainer(model=model, args=args, train_dataset=train_ds, eval_dataset=test_ds,
                    data_collator=T.DataCollatorWithPadding(tok), compute_metrics=acc)
trainer.train()
trainer.save_model(dst + "/final")
evals = [round(h["eval_accuracy"], 4) for h in trainer.state.log_history if "eval_accuracy" in h]
print("HF recipe:", json.dumps({"wall_s": round(time.time() - t0, 1), "eval_accuracy": evals}))
PY
note "$(grep -h "^HF recipe" "$out/hf_recipe.log" || echo "HF recipe: FAILED, see hf_recipe.log"); device memory peak ${peak_mib} MiB"
fi
# Deferred step readback (the default on a GPU) against reading each step's figures at once.
if want defer; then
for defer in on off; do
    timeout 120 "$cli" train --train "$train" --model "$work/distil-random" --max-steps 300 --batch-size 64 --lr 2e-5 \
        --device cuda --precision bf16 --defer-readback "$defer" --log-jsonl "$out/hl_defer_$defer.jsonl" \
        --out "$work/hl-defer-$defer" >"$out/hl_defer_$defer.log" 2>&1 || note "headliner --defer-readback $defer: FAILED"
    python3 - "$out/hl_defer_$defer.jsonl" "$defer" >>"$summary" <<'PY'
import json, statistics, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and '"eval"' not in l]
rate = statistics.median(r["samples_per_s"] for r in steps[20:]) if len(steps) > 20 else float("nan")
total = sum(64 / r["samples_per_s"] for r in steps if r["samples_per_s"] > 0)
print(f"headliner bf16 --defer-readback {sys.argv[2]}: {len(steps)} steps, median {rate:.0f} samples/s, "
      f"{64 * len(steps) / total:.0f} over the run")
PY
done
fi
if want eval; then
# Evaluation of the 7,600 test rows, batch 512: from a cold start (`eval`), then after a warm-up
# batch (`bench eval`); the model is the bf16 epoch's when the timing part ran.
eval_model=$work/hl-bf16/final
[ -d "$eval_model" ] || eval_model=$work/distil-random
for precision in fp32 bf16; do
    timeout 60 "$cli" eval --model "$eval_model" --data "$test" --device cuda --batch-size 512 \
        --precision "$precision" --json >"$work/hl_eval_$precision.json" 2>"$work/hl_eval_$precision.log" &&
        python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('headliner eval', sys.argv[2] + ':', round(j['samples_per_s']), 'samples/s, accuracy', j['accuracy'])" \
            "$work/hl_eval_$precision.json" "$precision" | tee -a "$summary" || note "headliner eval $precision: FAILED"
    timeout 60 "$cli" bench eval --model "$eval_model" --data "$test" --device cuda --batch-size 512 \
        --precision "$precision" --json 2>&1 | tail -1 | sed "s/^/headliner bench eval $precision (warm): /" | tee -a "$summary"
done
fi
nvidia-smi --query-gpu=memory.used --format=csv,noheader | sed 's/^/memory used after the runs: /' | tee -a "$summary"

if want oom; then
step "5. GPU out of memory: a batch too large fails with the message, then resumes with a smaller one"
# 16,384 AG News rows (padded to the batch's longest, ~200 tokens) through DistilBERT-base need
# several times an H200's 139 GiB of activations.
timeout 120 "$cli" train --train "$train" --model "$work/distil-random" --batch-size 16384 --max-length 512 --max-steps 4 \
    --device cuda --precision bf16 --out "$work/oom" >"$out/oom.log" 2>&1
status=$?
if [ $status -ne 0 ] && grep -q "out of memory" "$out/oom.log" && grep -q -- "--batch-size 8192" "$out/oom.log"; then
    note "oom: caught (exit $status): $(grep -m1 'out of memory' "$out/oom.log" | cut -c1-300)"
else
    note "oom: NOT as expected (exit $status), see oom.log"
fi
timeout 120 "$cli" resume --out "$work/oom" --batch-size 64 --grad-accum 128 >"$out/oom_resume.log" 2>&1 &&
    note "oom: resumed with --batch-size 64 --grad-accum 128: ok, $(ls "$work/oom/final" 2>/dev/null | wc -l) files in final/" ||
    note "oom: resume FAILED (oom_resume.log)"
fi
step "done"
# At most 8 files come back from the device machine: the summary, and the logs in one archive.
(cd "$out" && tar czf "$work/logs.tar.gz" --exclude=summary.txt . && find . -type f ! -name summary.txt -delete &&
    mv "$work/logs.tar.gz" .)
cat "$summary"
