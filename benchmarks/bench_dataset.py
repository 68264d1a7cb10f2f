"""How fast are the built-in dataset and the device loader? Each row has a reference from the same run.

    python benchmarks/bench_dataset.py [--quick]

- generate: 50,000 built-in images (32x32, and 16x16), vs. torch.randint filling a uint8
  tensor of the same size (the floor for "making that many bytes");
- epoch: one epoch of DeviceLoader batches (batch 128, paper augmentation) over 45,000 images,
  vs. the usual per-sample pipeline (torchvision RandomCrop(32, padding=4), RandomHorizontalFlip,
  ToTensor, Normalize on PIL images), timed on 1,000 images and scaled up to 45,000;
- the same epoch on CUDA when a GPU is present.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import torch

from resviz.data.bundle import channel_stats
from resviz.data.loader import DeviceLoader
from resviz.data.procedural import generate

N_GEN = 50_000
N_TRAIN = 45_000
BATCH = 128
N_NAIVE = 1_000


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeats`` timings: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def one_epoch(loader: DeviceLoader, sync: bool = False) -> None:
    last = None
    for x, _ in loader:
        last = x
    if sync and last is not None:
        torch.cuda.synchronize()


def naive_epoch(images: torch.Tensor, mean: tuple[float, ...], std: tuple[float, ...]) -> None:
    """The per-sample way: PIL image -> transforms -> tensor, then stacking into batches."""
    from PIL import Image
    from torchvision import transforms

    tf = transforms.Compose([
        transforms.RandomCrop(images.shape[-1], padding=4), transforms.RandomHorizontalFlip(),
        transforms.ToTensor(), transforms.Normalize(mean, std),
    ])
    pil = [Image.fromarray(img.permute(1, 2, 0).numpy()) for img in images]
    batch = []
    for img in pil:
        batch.append(tf(img))
        if len(batch) == BATCH:
            torch.stack(batch)
            batch = []


def main() -> None:
    repeats = 1 if "--quick" in sys.argv else 3
    rows: list[tuple[str, float, str, float]] = []
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads", flush=True)

    for size in (32, 16):
        t = best_of(repeats, lambda s=size: generate(N_GEN, seed=0, image_size=s))
        ref = best_of(repeats, lambda s=size: torch.randint(0, 256, (N_GEN, 3, s, s), dtype=torch.uint8))
        rows.append((f"generate {N_GEN:,} built-in images {size}x{size}", t, "torch.randint, same size", ref))

    data = generate(N_TRAIN, seed=0, image_size=32)
    mean, std = channel_stats(data.images)
    loader = DeviceLoader(data.images, data.labels, batch_size=BATCH, device="cpu", mean=mean, std=std,
                          augment=True, seed=0)
    t = best_of(repeats, lambda: one_epoch(loader))
    naive = best_of(repeats, lambda: naive_epoch(data.images[:N_NAIVE], mean, std)) * (N_TRAIN / N_NAIVE)
    rows.append((f"epoch of {N_TRAIN:,} (batch {BATCH}, crop+flip), CPU", t,
                 f"per-sample torchvision transforms (x{N_TRAIN // N_NAIVE} of {N_NAIVE:,})", naive))
    plain = DeviceLoader(data.images, data.labels, batch_size=BATCH, device="cpu", mean=mean, std=std,
                         augment=False, seed=0)
    rows.append((f"epoch of {N_TRAIN:,}, no augmentation, CPU", best_of(repeats, lambda: one_epoch(plain)),
                 "the augmented epoch above", t))

    if torch.cuda.is_available():
        for budget, how in ((None, "resident"), (0, "streamed from pinned CPU memory")):
            gpu = DeviceLoader(data.images, data.labels, batch_size=BATCH, device="cuda", mean=mean, std=std,
                               augment=True, seed=0, channels_last=True, max_device_bytes=budget)
            one_epoch(gpu, sync=True)  # warm-up: kernels, allocator
            t_gpu = best_of(repeats, lambda g=gpu: one_epoch(g, sync=True))
            rows.append((f"epoch of {N_TRAIN:,}, CUDA, {how}", t_gpu, "the CPU epoch above", t))

    width = max(len(r[0]) for r in rows)
    ref_width = max(len(r[2]) for r in rows)
    print(f"{'what':<{width}}  {'seconds':>8}  {'reference':<{ref_width}}  {'ref s':>8}  {'ref / this':>10}")
    for what, secs, ref_name, ref_secs in rows:
        print(f"{what:<{width}}  {secs:8.3f}  {ref_name:<{ref_width}}  {ref_secs:8.3f}  {ref_secs / secs:10.2f}")


if __name__ == "__main__":
    main()
