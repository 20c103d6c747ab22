#!/usr/bin/env python3
"""Summarises a Kineto Chrome trace written by headliner-cli (HEADLINER_PROFILE=FIRST:LAST:FILE):
how busy the GPU was, where the host's time went (the trainer's headliner::* phases, CUDA runtime
calls, LibTorch operations) and the longest single events. Also reads the CPU traces of
bench_train_phases --profile. Usage: trace_summary.py TRACE[.gz]"""
import collections, gzip, json, sys

path = sys.argv[1]
with (gzip.open if path.endswith(".gz") else open)(path, "rt") as f:
    trace = json.load(f)
# Kineto writes {"traceEvents": [...]}; LibTorch 1.13's CPU profiler (bench_train_phases --profile)
# the bare array.
events = [e for e in (trace["traceEvents"] if isinstance(trace, dict) else trace) if e.get("ph") == "X" and "dur" in e]
if not events:
    sys.exit("no complete events in " + path)
start = min(e["ts"] for e in events)
end = max(e["ts"] + e["dur"] for e in events)
span = end - start
print(f"trace: {len(events)} events over {span / 1e3:.1f} ms")


def union(intervals):
    total, cur_s, cur_e = 0.0, None, None
    for s, e in sorted(intervals):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    return total + (cur_e - cur_s if cur_e is not None else 0)


gpu = [e for e in events if e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset")]
busy = union([(e["ts"], e["ts"] + e["dur"]) for e in gpu])
print(f"GPU busy {busy / 1e3:.1f} ms of {span / 1e3:.1f} ms ({100 * busy / span:.0f}%), {len(gpu)} kernels/copies")


def table(title, rows, n):
    by = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for e in rows:
        b = by[e["name"]]
        b[0] += 1
        b[1] += e["dur"]
        b[2] = max(b[2], e["dur"])
    print(f"-- {title}: name, count, total ms, max ms")
    for name, (count, total, longest) in sorted(by.items(), key=lambda kv: -kv[1][1])[:n]:
        print(f"   {name[:70]:70s} {count:6d} {total / 1e3:9.2f} {longest / 1e3:8.2f}")


table("trainer phases (host)", [e for e in events if e["name"].startswith("headliner::")], 12)
table("CUDA runtime calls", [e for e in events if e.get("cat") in ("cuda_runtime", "cuda_driver")], 12)
# The CPU profiler's events carry no category: its LibTorch operations are the aten:: ones.
ops = [e for e in events if e.get("cat") == "cpu_op" or ("cat" not in e and e["name"].startswith("aten::"))]
table("LibTorch operations (host, inclusive)", ops, 20)
table("GPU kernels", gpu, 12)
print("-- longest host events: ms, category, name, start (ms into the trace)")
host = [e for e in events if e.get("cat") not in ("kernel", "gpu_memcpy", "gpu_memset", "gpu_user_annotation")]
for e in sorted(host, key=lambda e: -e["dur"])[:15]:
    print(f"   {e['dur'] / 1e3:8.2f} {e.get('cat', '?'):16s} {e['name'][:60]:60s} {(e['ts'] - start) / 1e3:8.1f}")
