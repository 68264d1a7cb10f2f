"""Several runs at once on one device: total throughput of N concurrent small runs against one.

    python benchmarks/bench_concurrent.py             # 4 runs of ResNet-20, 32×32, batch 128
    python benchmarks/bench_concurrent.py --quick     # 16×16, half width, batch 64, fewer steps

As the app's queue does on a GPU with room: each run is a real Trainer in a thread of its own
(the app gives each a QThread), default probes, on the data loaded once. Printed: the device,
images per second of one run alone, of N together (all their images over the wall time from
the first start to the last end, and over the process's CPU time), and the ratios, median
(min-max) over alternating rounds. On a GPU the wall time is what counts.
On a CPU the runs share the same cores: expect a ratio near or below 1, which is why the
queue trains one run at a time there.
"""

from __future__ import annotations

from resviz.openmp import configure_openmp

configure_openmp()  # as `resviz` does, before torch loads

import argparse  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

from resviz.arch.presets import get_preset, scale_width, with_input  # noqa: E402
from resviz.data import DataBundle, load_dataset  # noqa: E402
from resviz.train.config import TrainConfig  # noqa: E402
from resviz.train.device import describe  # noqa: E402
from resviz.train.trainer import Trainer  # noqa: E402


def together(n: int, arch: str, width: float, data: DataBundle, device: str, steps: int, batch: int,
             precision: str) -> tuple[float, float]:
    """Images per second of ``n`` runs training at once (each its own seed): of wall time, and
    of the process's CPU time (what a CPU shared with other jobs can be compared by)."""
    spec = get_preset(arch)
    if width != 1.0:
        spec = scale_width(spec, width)
    spec = with_input(spec, data.channels, data.height, data.width, data.num_classes)
    ends: list[str] = []

    def one(seed: int) -> None:
        cfg = TrainConfig(steps=steps, batch_size=batch, lr=0.05, schedule="constant", device=device, seed=seed,
                          log_every=10, gradcam_each_epoch=False, checkpoint_each_epoch=False, max_val_images=0,
                          precision=precision)
        ends.append(Trainer(spec, cfg, data=data).fit().status)

    threads = [threading.Thread(target=one, args=(seed,)) for seed in range(n)]
    if device == "cuda":
        torch.cuda.synchronize()
    t0, c0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if device == "cuda":
        torch.cuda.synchronize()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if ends != ["finished"] * n:
        raise SystemExit(f"a run did not finish: {ends}")
    return n * steps * batch / wall, n * steps * batch / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--arch", default="resnet20")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, help="steps per run (default: 400 on a GPU, 40 on a CPU)")
    ap.add_argument("--quick", action="store_true", help="16×16 images, half width, batch 64")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--device", choices=["cpu", "cuda"], help="default: cuda where present")
    args = ap.parse_args()
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    size, width, batch = (16, 0.5, 64) if args.quick else (32, 1.0, 128)
    steps = args.steps or (400 if device == "cuda" else 40)
    data = load_dataset("builtin", train_size=8192, image_size=size)
    print(f"device: {describe(torch.device(device))}; torch {torch.__version__}, {torch.get_num_threads()} CPU threads")
    print(f"{args.arch}, {size}×{size}, width ×{width}, batch {batch}, {steps} steps per run, precision "
          f"{args.precision}, {args.rounds} rounds alternating 1 and {args.runs} runs")
    together(1, args.arch, width, data, device, min(steps, 20), batch, args.precision)  # warm-up
    alone: list[tuple[float, float]] = []
    many: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        alone.append(together(1, args.arch, width, data, device, steps, batch, args.precision))
        many.append(together(args.runs, args.arch, width, data, device, steps, batch, args.precision))
    print(f"{'':28} {'img/s of wall time':>20} {'img/s of CPU time':>20}")
    for label, rates in (("one run alone", alone), (f"{args.runs} runs at once, in total", many)):
        print(f"{label:28} {statistics.median(r[0] for r in rates):20,.0f} {statistics.median(r[1] for r in rates):20,.0f}")
    cells = []
    for i in (0, 1):
        ratios = [m[i] / a[i] for m, a in zip(many, alone, strict=True)]
        cells.append(f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
    print(f"{'ratio (together / alone)':28} {cells[0]:>20} {cells[1]:>20}")

if __name__ == "__main__":
    main()
