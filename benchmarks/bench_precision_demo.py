"""Does bf16 change what the degradation demo shows? The demo's CPU setting in fp32 and in bf16.

    python benchmarks/bench_precision_demo.py                 # seeds 0-4 (40 runs: long)
    python benchmarks/bench_precision_demo.py --seeds 0 --steps 100   # a smoke run

For each seed the four networks train in both precisions on the same images, from the same
initial weights, into a temporary store (the order of the two precisions alternates by seed, so
a change in the machine's load does not favour one). Printed per seed: the final training
losses side by side, the orderings the verdict reads (deep against shallow, plain against
residual; "≈" within the verdict's 5% margin) and whether they agree, and the probes' mean
gradient norm of the first and the last quarter of the layers (the probes measure in fp32 in
both). Wall times are whole-demo times, disturbed by whatever else the machine runs.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np
import torch

from resviz.presentation.demo_verdict import DemoResult, _higher, measure
from resviz.runs import RunStore, open_store
from resviz.train.demo import demo_runs
from resviz.train.session import load_data, train

PAIRS = (("plain56", "plain20"), ("resnet56", "resnet20"), ("plain56", "resnet56"), ("plain20", "resnet20"))


def relation(a: float, b: float) -> str:
    return ">" if _higher(a, b) else "<" if _higher(b, a) else "≈"


def quarter_grads(store: RunStore, run_id: int) -> tuple[float, float]:
    """Mean ‖∂L/∂W‖ over all probes of the first and the last quarter of the weight layers."""
    _, norms = store.vector_series(run_id, "grad_norm")
    if norms.size == 0:
        return float("nan"), float("nan")
    q = max(1, norms.shape[1] // 4)
    return float(np.mean(norms[:, :q])), float(np.mean(norms[:, -q:]))


def run_demo(seed: int, precision: str, steps: int | None, store_dir: str) -> tuple[dict[str, DemoResult], dict, float]:
    runs = demo_runs("cpu", seed=seed, steps=steps, device="cpu", precision=precision)
    data = load_data(runs[0][2])
    t0 = time.perf_counter()
    ids = [train(spec, cfg, store_dir=store_dir, name=name, data=data).run_id for name, spec, cfg in runs]
    wall = time.perf_counter() - t0
    with open_store(store_dir) as store:
        results = measure(store, ids)
        grads = {arch: quarter_grads(store, i) for (arch, _, _), i in zip(runs, ids, strict=True)}
    by_arch = {name.split(" ")[0]: r for (name, _, _), r in zip(runs, results, strict=True)}
    return by_arch, {name.split(" ")[0]: g for name, g in grads.items()}, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--steps", type=int, help="steps per network (default: the demo's)")
    ap.add_argument("--threads", type=int, help="torch threads (default: torch's); 1 runs seeds side by side")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    agree_all = True
    walls: dict[str, float] = {"fp32": 0.0, "bf16": 0.0}
    with tempfile.TemporaryDirectory() as store_dir:
        for k, seed in enumerate(args.seeds):
            order = ("fp32", "bf16") if k % 2 == 0 else ("bf16", "fp32")
            out = {}
            for precision in order:
                out[precision] = run_demo(seed, precision, args.steps, store_dir)
                walls[precision] += out[precision][2]
            (r32, g32, _), (r16, g16, _) = out["fp32"], out["bf16"]
            print(f"\nseed {seed}", flush=True)
            print(f"{'network':9} {'fp32 loss':>9} {'bf16 loss':>9}   {'grad first/last quarter fp32':>30}   "
                  f"{'bf16':>21}")
            for arch in r32:
                print(f"{arch:9} {r32[arch].final_loss:9.3f} {r16[arch].final_loss:9.3f}   "
                      f"{g32[arch][0]:13.3g} / {g32[arch][1]:<13.3g}   {g16[arch][0]:9.3g} / {g16[arch][1]:<9.3g}")
            rel32 = [relation(r32[a].final_loss, r32[b].final_loss) for a, b in PAIRS]
            rel16 = [relation(r16[a].final_loss, r16[b].final_loss) for a, b in PAIRS]
            agree = rel32 == rel16
            agree_all &= agree
            for (a, b), x, y in zip(PAIRS, rel32, rel16, strict=True):
                print(f"  {a} vs {b}: fp32 {x}  bf16 {y}", flush=True)
            print(f"  orderings agree: {'yes' if agree else 'NO'}", flush=True)
    n = len(args.seeds)
    print(f"\nall orderings agree: {'yes' if agree_all else 'NO'}", flush=True)
    print(f"demo wall time per seed: fp32 {walls['fp32'] / n:.0f} s, bf16 {walls['bf16'] / n:.0f} s "
          f"(ratio {walls['fp32'] / max(walls['bf16'], 1e-9):.2f}×; shared-machine load disturbs both)")


if __name__ == "__main__":
    main()
