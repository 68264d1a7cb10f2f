"""Trainer throughput against a bare PyTorch loop, Grad-CAM time, and memory over many steps.

    python benchmarks/bench_trainer.py            # CPU (and CUDA when there is one)
    python benchmarks/bench_trainer.py --quick    # fewer steps

Every ratio compares two measurements taken in this same run, on the same model, data and
device, so the machine's speed cancels out. Targets: probes every step ≥ 0.90 of the bare
loop; the default probe interval ≥ 0.97.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time

import torch
import torch.nn.functional as F

from resviz.arch.builder import build
from resviz.arch.presets import get_preset
from resviz.data import DataBundle, DeviceLoader, load_dataset
from resviz.train.config import TrainConfig
from resviz.train.events import Callback, StepLog
from resviz.train.gradcam import compute_gradcam, eval_copy
from resviz.train.trainer import Trainer


def bare_loop(arch: str, data: DataBundle, device: torch.device, warm: int, steps: int, batch: int) -> float:
    """Images per second of the plainest correct loop: forward, loss, backward, SGD step."""
    torch.manual_seed(0)
    model = build(get_preset(arch)).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    loader = DeviceLoader(data.train_images, data.train_labels, batch_size=batch, device=device,
                          mean=data.mean, std=data.std, augment=True, seed=0)
    it = iter(loader)
    t0 = 0.0
    for i in range(warm + steps):
        if i == warm:
            if device.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
        x, y = next(it)
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    loss.item()  # wait for the device
    return steps * batch / (time.perf_counter() - t0)


class _Clock(Callback):
    def __init__(self, warm: int, device: torch.device) -> None:
        self.warm, self.device = warm, device
        self.t0 = self.t1 = 0.0
        self.s0 = self.s1 = 0

    def on_step(self, log: StepLog) -> None:
        now = time.perf_counter()
        if self.s0 == 0 and log.step >= self.warm:
            self.t0, self.s0 = now, log.step
        self.t1, self.s1 = now, log.step


def trainer_loop(arch: str, data: DataBundle, device: torch.device, warm: int, steps: int, batch: int,
                 probe_every: int) -> float:
    clock = _Clock(warm, device)
    cfg = TrainConfig(steps=warm + steps, batch_size=batch, lr=0.05, schedule="constant", device=device.type,
                      probe_every=probe_every, log_every=10, gradcam_each_epoch=False, checkpoint_each_epoch=False,
                      max_val_images=0)
    Trainer(get_preset(arch), cfg, callbacks=[clock], data=data).fit()
    return (clock.s1 - clock.s0) * batch / (clock.t1 - clock.t0)


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    warm, steps = (5, 15) if args.quick else (10, 40)
    devices = [torch.device("cpu")] + ([torch.device("cuda")] if torch.cuda.is_available() else [])
    t0 = time.perf_counter()
    data = load_dataset("builtin", train_size=8192)
    print(f"built-in data: {time.perf_counter() - t0:.1f} s to generate and split")
    print()
    print(f"{'device':6} {'network':9} {'bare img/s':>11} {'probes/10':>10} {'ratio':>6} {'probes/1':>9} {'ratio':>6}")
    for device in devices:
        batch = 128
        for arch in ("resnet20", "resnet56"):
            w, s = (warm * 5, steps * 10) if device.type == "cuda" else (warm, steps)
            bare = bare_loop(arch, data, device, w, s, batch)
            every10 = trainer_loop(arch, data, device, w, s, batch, probe_every=10)
            every1 = trainer_loop(arch, data, device, w, s, batch, probe_every=1)
            print(f"{device.type:6} {arch:9} {bare:11,.0f} {every10:10,.0f} {every10 / bare:6.2f} {every1:9,.0f} "
                  f"{every1 / bare:6.2f}")
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


if __name__ == "__main__":
    main()
