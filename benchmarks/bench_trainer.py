"""Trainer throughput against a bare PyTorch loop, bf16 against fp32, Grad-CAM time, memory.

    python benchmarks/bench_trainer.py            # 32×32, batch 128 (the paper's images)
    python benchmarks/bench_trainer.py --quick    # the quick setting's size: 24×24, half width, batch 32

Every ratio compares measurements taken in this same run, on the same model, data and device,
so the machine's speed cancels out. The bare loop and the trainer alternate, round after round,
and the median ratio and its spread (min-max) over the rounds are printed: a shared machine's
load moves single measurements by ±10% or more. Each is timed twice: wall clock, and the CPU
time of the process (less disturbed by other processes on a shared CPU; on a GPU only wall
time counts). Targets: probes every step ≥ 0.90 of the bare loop; the default interval ≥ 0.97;
bf16 ≥ 1.8× fp32 on a CPU with native bf16.
"""

from __future__ import annotations

from resviz.openmp import configure_openmp

configure_openmp()  # as `resviz` does, before torch loads

import argparse  # noqa: E402
import gc  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from resviz.arch.builder import build  # noqa: E402
from resviz.arch.presets import get_preset, scale_width, with_input  # noqa: E402
from resviz.arch.spec import NetworkSpec  # noqa: E402
from resviz.data import DataBundle, DeviceLoader, load_dataset  # noqa: E402
from resviz.train.config import QUICK_WIDTH, TrainConfig, quick_config  # noqa: E402
from resviz.train.events import Callback, StepLog  # noqa: E402
from resviz.train.gradcam import compute_gradcam, eval_copy  # noqa: E402
from resviz.train.precision import resolve_precision  # noqa: E402
from resviz.train.trainer import Trainer  # noqa: E402


@dataclass(frozen=True)
class Rate:
    wall: float
    cpu: float
    """Images per second of wall time, and per second of the process's CPU time."""


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def bare_loop(spec: NetworkSpec, data: DataBundle, device: torch.device, warm: int, steps: int, batch: int,
              precision: str) -> Rate:
    """The plainest correct loop: forward, loss, backward, SGD step, in the same precision and
    memory format as the trainer's, with a loss read every 10 steps as the trainer logs."""
    prec = resolve_precision(precision, device.type)
    fmt = torch.channels_last if prec.channels_last else torch.preserve_format
    torch.manual_seed(0)
    model = build(spec).to(device, memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    loader = DeviceLoader(data.train_images, data.train_labels, batch_size=batch, device=device,
                          mean=data.mean, std=data.std, augment=True, seed=0, channels_last=prec.channels_last,
                          flip=data.hflip)
    dtype = prec.autocast_dtype
    t0 = c0 = 0.0
    i = 0
    while i < warm + steps:
        for x, y in loader:
            if i == warm:
                _sync(device)
                t0, c0 = time.perf_counter(), time.process_time()
            with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
                loss = F.cross_entropy(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            i += 1
            if i % 10 == 0:
                loss.item()
            if i == warm + steps:
                break
    loss.item()  # wait for the device
    n = steps * batch
    return Rate(n / (time.perf_counter() - t0), n / max(time.process_time() - c0, 1e-9))


class _Clock(Callback):
    def __init__(self, warm: int) -> None:
        self.warm = warm
        self.t0 = self.t1 = self.c0 = self.c1 = 0.0
        self.s0 = self.s1 = -1

    def on_step(self, log: StepLog) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if self.s0 < 0 and log.step >= self.warm:
            self.t0, self.c0, self.s0 = now, cpu, log.step
        self.t1, self.c1, self.s1 = now, cpu, log.step


def trainer_loop(spec: NetworkSpec, data: DataBundle, device: torch.device, warm: int, steps: int, batch: int,
                 probe_every: int, precision: str) -> Rate:
    clock = _Clock(warm)
    cfg = TrainConfig(steps=warm + steps, batch_size=batch, lr=0.05, schedule="constant", device=device.type,
                      probe_every=probe_every, log_every=10, gradcam_each_epoch=False, checkpoint_each_epoch=False,
                      max_val_images=0, precision=precision)
    Trainer(spec, cfg, callbacks=[clock], data=data).fit()
    n = (clock.s1 - clock.s0) * batch
    return Rate(n / max(clock.t1 - clock.t0, 1e-9), n / max(clock.c1 - clock.c0, 1e-9))


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):5.2f} ({min(values):.2f}-{max(values):.2f})"


def compare_with_bare(spec: NetworkSpec, data: DataBundle, device: torch.device, warm: int, steps: int,
                      batch: int, rounds: int, precision: str) -> dict[str, list[Rate]]:
    """Bare loop, default probes, probes every step: alternating, ``rounds`` times."""
    out: dict[str, list[Rate]] = {"bare": [], "probes/10": [], "probes/1": []}
    for _ in range(rounds):
        out["bare"].append(bare_loop(spec, data, device, warm, steps, batch, precision))
        out["probes/10"].append(trainer_loop(spec, data, device, warm, steps, batch, 10, precision))
        out["probes/1"].append(trainer_loop(spec, data, device, warm, steps, batch, 1, precision))
    return out


def gradcam_time(data: DataBundle, device: torch.device) -> float:
    model = build(get_preset("resnet56")).to(device)
    x = (data.val_images[:16].float() / 255).to(device)
    clone = eval_copy(model)
    compute_gradcam(clone, "layer3.8", x, torch.zeros(16, dtype=torch.long, device=device))  # warm-up
    t0 = time.perf_counter()
    compute_gradcam(eval_copy(model), "layer3.8", x, torch.zeros(16, dtype=torch.long, device=device))
    return time.perf_counter() - t0


def pointing_time(data: DataBundle, device: torch.device) -> float:
    """The pointing game on its 500 validation images (true class), as every Grad-CAM now also computes."""
    from resviz.train.gradcam_runner import GradCamRunner

    model = build(get_preset("resnet56")).to(device)
    runner = GradCamRunner(model, data, TrainConfig(gradcam_images=16), device)
    runner._pointing(eval_copy(model), "layer3.8")  # warm-up
    t0 = time.perf_counter()
    runner._pointing(eval_copy(model), "layer3.8")
    return time.perf_counter() - t0


def memory_over_steps(data: DataBundle, steps: int) -> tuple[float, float]:
    """Peak RSS (MB) after the first tenth of the steps, and at the end: flat means no leak."""
    marks: list[float] = []

    class Mark(Callback):
        def on_step(self, log: StepLog) -> None:
            if log.step in (steps // 10, steps):
                gc.collect()
                marks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    cfg = TrainConfig(steps=steps, batch_size=32, lr=0.05, schedule="constant", device="cpu", probe_every=1,
                      log_every=10, gradcam_each_epoch=False, checkpoint_each_epoch=False, max_val_images=0)
    from resviz.arch.presets import cifar_net

    Trainer(cifar_net(1, width=8, image_size=8), cfg, callbacks=[Mark()], data=data).fit()
    return marks[0], marks[-1]


def peak_memory_probe(arch: str, batch: int, precision: str) -> None:
    """Run in a fresh process: RSS growth over a few training steps against the estimate."""
    from resviz.arch.memory import estimate_training_memory, format_bytes

    data = load_dataset("builtin", train_size=2048)
    spec = with_input(get_preset(arch), data.channels, data.height, data.width, data.num_classes)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cfg = TrainConfig(steps=4, batch_size=batch, lr=0.05, schedule="constant", device="cpu", probe_every=1,
                      log_every=2, gradcam_each_epoch=False, checkpoint_each_epoch=False, max_val_images=0,
                      precision=precision)
    trainer = Trainer(spec, cfg, data=data)
    trainer.fit()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    est = estimate_training_memory(spec, batch_size=batch, precision=trainer.precision.name)
    print(f"{arch} batch {batch} {trainer.precision.name}: estimate {format_bytes(est.total)}, peak RSS grew by "
          f"{format_bytes(grown)} (estimate / measured {est.total / max(grown, 1):.2f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the quick setting's images, width and batch (train.config.quick_config)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=30, help="timed steps per measurement")
    ap.add_argument("--archs", nargs="+", default=["resnet20", "resnet56"])
    ap.add_argument("--threads", type=int, help="torch threads (default: torch's)")
    ap.add_argument("--precisions", nargs="+", choices=["fp32", "bf16"],
                    help="precisions to compare (default: fp32 and bf16 where the device has it)")
    ap.add_argument("--ratios-only", action="store_true", help="skip Grad-CAM, pointing game and memory")
    ap.add_argument("--device", choices=["cpu", "cuda"], help="only this device (default: every one present)")
    ap.add_argument("--memory-probe", nargs=3, metavar=("ARCH", "BATCH", "PRECISION"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.memory_probe:
        arch, batch, precision = args.memory_probe
        peak_memory_probe(arch, int(batch), precision)
        return
    devices = [torch.device("cpu")] + ([torch.device("cuda")] if torch.cuda.is_available() else [])
    if args.device:
        devices = [d for d in devices if d.type == args.device]
        if not devices:
            raise SystemExit(f"no {args.device} device here")
    t0 = time.perf_counter()
    quick = quick_config()
    size, width, batch = (quick.image_size, QUICK_WIDTH, quick.batch_size) if args.quick else (32, 1.0, 128)
    data = load_dataset("builtin", train_size=8192, image_size=size)
    print(f"built-in data: {time.perf_counter() - t0:.1f} s to generate and split; {size}×{size}, width ×{width}, "
          f"batch {batch}, {args.steps} timed steps, {args.rounds} rounds; torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    for device in devices:
        precisions = ["fp32", "bf16"] if device.type == "cpu" or torch.cuda.is_bf16_supported() else ["fp32"]
        precisions = [p for p in precisions if p in (args.precisions or precisions)]
        # The trainer is timed at its log points (every 10 steps), so whole tens of steps.
        warm, steps = (10, -(-args.steps // 10) * 10) if device.type == "cpu" else (50, args.steps * 10)
        print(f"\n{device.type}: ratio to the bare loop, median (min-max) over {args.rounds} rounds, wall | CPU time")
        print(f"{'network':9} {'prec.':5} {'bare img/s':>10} {'probes/10 wall':>20} {'| CPU':>20} "
              f"{'probes/1 wall':>20} {'| CPU':>20}")
        for arch in args.archs:
            spec = get_preset(arch)
            if width != 1.0:
                spec = scale_width(spec, width)
            spec = with_input(spec, data.channels, data.height, data.width, data.num_classes)
            runs: dict[str, dict[str, list[Rate]]] = {p: {"bare": [], "probes/10": [], "probes/1": []}
                                                      for p in precisions}
            for _ in range(args.rounds):  # alternate everything, so the load drifts over all alike
                for p in precisions:
                    for key, value in compare_with_bare(spec, data, device, warm, steps, batch, 1, p).items():
                        runs[p][key] += value
            for p in precisions:
                r = runs[p]
                cells = []
                for mode in ("probes/10", "probes/1"):
                    cells.append(_spread([t.wall / b.wall for t, b in zip(r[mode], r["bare"], strict=True)]))
                    cells.append(_spread([t.cpu / b.cpu for t, b in zip(r[mode], r["bare"], strict=True)]))
                bare = statistics.median(b.wall for b in r["bare"])
                print(f"{arch:9} {p:5} {bare:10,.0f} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20} {cells[3]:>20}")
            if "bf16" in runs:
                wall = [b.wall / f.wall for b, f in zip(runs["bf16"]["probes/10"], runs["fp32"]["probes/10"], strict=True)]
                cpu = [b.cpu / f.cpu for b, f in zip(runs["bf16"]["probes/10"], runs["fp32"]["probes/10"], strict=True)]
                print(f"{arch:9} trainer (default probes) bf16 / fp32: wall {_spread(wall)}, CPU time {_spread(cpu)}")
    if args.ratios_only:
        return
    print()
    for device in devices:
        print(f"Grad-CAM, 16 images, ResNet-56 layer3.8, {device.type}: {gradcam_time(data, device) * 1000:.0f} ms")
        print(f"pointing game, 500 images, ResNet-56 layer3.8, {device.type}: "
              f"{pointing_time(data, device) * 1000:.0f} ms")
    tiny = load_dataset("builtin", image_size=8, train_size=1024)
    n = 2000 if args.quick else 10_000
    first, last = memory_over_steps(tiny, n)
    print(f"peak memory over {n:,} steps (probes every step): {first:.0f} MB at step {n // 10:,}, "
          f"{last:.0f} MB at the end (ratio {last / first:.3f})")
    import subprocess
    import sys

    for precision in ("fp32", "auto"):
        subprocess.run([sys.executable, __file__, "--memory-probe", "resnet56", "128", precision], check=False)


if __name__ == "__main__":
    main()
