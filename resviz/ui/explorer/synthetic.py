"""Synthetic runs written straight into a run store, for tests, benchmarks and screenshots.

No training: curves follow loss(t) = 2.3·exp(-k·t) + floor with noise, the floors ordered as
in Fig. 6 of He et al. 2015 (plain-56 above plain-20, ResNet-56 below ResNet-20). Gradient
profiles vanish toward the input in plain nets and stay level in residual ones. Qt-free.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from resviz.data.procedural import CLASS_NAMES
from resviz.runs import RunStore

# (speed k, final loss floor) per preset: the degradation problem in numbers.
CURVES = {
    "plain20": (5.0, 0.32), "plain32": (4.5, 0.38), "plain44": (4.0, 0.45),
    "plain56": (3.4, 0.52), "plain110": (2.5, 0.70),
    "resnet20": (6.0, 0.24), "resnet32": (6.3, 0.18), "resnet44": (6.6, 0.14),
    "resnet56": (7.0, 0.11), "resnet110": (7.2, 0.08),
}
DEMO_PRESETS = ("plain20", "plain56", "resnet20", "resnet56")


@lru_cache(maxsize=16)
def _layout(preset: str) -> tuple[dict[str, object], dict[str, object], tuple[str, ...],
                                    tuple[str, ...]]:
    """(spec dict, summary, weight-layer names, block names) of a preset, built once."""
    from resviz.arch.builder import build, weight_layers
    from resviz.arch.presets import get_preset
    from resviz.arch.spec import to_dict
    from resviz.train.session import run_summary

    spec = get_preset(preset)
    model = build(spec)
    return (to_dict(spec), run_summary(spec), tuple(n for n, _ in weight_layers(model)),
            tuple(n for n, _ in model.blocks()))


def loss_curve(steps: np.ndarray, total: int, k: float, floor: float, rng: np.random.Generator,
               noise: float = 0.06) -> np.ndarray:
    t = steps / max(total, 1)
    clean = 2.3 * np.exp(-k * t) + floor
    return clean * (1.0 + noise * rng.standard_normal(len(steps)))


def _error(loss: np.ndarray) -> np.ndarray:
    """A plausible error rate for a loss: 90 % at chance (2.3), falling with the loss."""
    return np.clip(0.9 * (np.maximum(loss, 0) / 2.3) ** 0.8, 0.0, 0.9)


def grad_profile(n: int, residual: bool, progress: float, rng: np.random.Generator) -> np.ndarray:
    """‖∂L/∂W‖ per layer, input first: vanishing toward the input without shortcuts."""
    depth = np.linspace(1.0, 0.0, n)  # distance from the output
    scale = 0.05 * (0.3 + 0.7 * math.exp(-3 * progress))
    decay = 0.4 if residual else 4.5 * (n / 56) ** 0.5
    values = scale * np.exp(-decay * depth) * np.exp(0.15 * rng.standard_normal(n))
    return values.astype(np.float32)


def add_gradcam(store: RunStore, run_id: int, step: int, epoch: int, residual: bool,
                n: int = 8, seed: int = 0) -> int:
    """A snapshot on the built-in validation images: focused maps for residual nets, diffuse
    ones for plain nets."""
    from resviz.data.procedural import generate  # torch: only when snapshots are wanted

    data = generate(n, 0, 32, stream=1, with_masks=True)  # every run: the same images
    images = data.images.permute(0, 2, 3, 1).numpy().astype(np.uint8)
    masks = data.masks.numpy().astype(np.float32) / 255.0  # type: ignore[union-attr]
    rng = np.random.default_rng(seed + run_id)
    kernel = np.exp(-0.5 * (np.arange(-4, 5) / 2.0) ** 2)
    kernel /= kernel.sum()
    blur = np.apply_along_axis(lambda r: np.convolve(r, kernel, "same"), 1, masks)
    blur = np.apply_along_axis(lambda r: np.convolve(r, kernel, "same"), 2, blur)
    noise = rng.random(blur.shape).astype(np.float32)
    maps = blur + (0.15 if residual else 0.9) * noise
    maps /= maps.reshape(n, -1).max(axis=1)[:, None, None]
    labels = data.labels.numpy()
    preds = np.where(rng.random(n) < (0.9 if residual else 0.6), labels, (labels + 1) % 10)
    return store.add_gradcam(run_id, step=step, epoch=epoch, layer="layer3", class_mode="predicted",
                             arrays={"images": images, "labels": labels, "preds": preds,
                                     "maps_pred": maps.astype(np.float32),
                                     "maps_true": maps.astype(np.float32),
                                     "boxes": data.boxes.numpy()})


def add_synthetic_run(
    store: RunStore,
    preset: str,
    *,
    steps: int = 2000,
    steps_per_epoch: int = 100,
    probe_every: int = 50,
    seed: int = 0,
    name: str | None = None,
    status: str = "finished",
    tags: Sequence[str] = (),
    dataset: str = "builtin",
    device: str = "cpu",
    gradcam: bool = True,
    wall_per_step: float = 0.02,
) -> int:
    """A run of `preset` with `steps` steps of train loss/acc, epoch, lr, per-epoch validation,
    gradient vectors every `probe_every` steps and (optionally) one Grad-CAM snapshot."""
    spec, summary, layers, blocks = _layout(preset)
    residual = bool(summary["residual"])
    k, floor = CURVES.get(preset, (5.0, 0.3))
    rng = np.random.default_rng(seed * 1000 + hash(preset) % 1000)
    run_id = store.create_run(name or preset, spec=spec, dataset=dataset, device=device, tags=tags,
                              config={"steps": steps, "batch_size": 128, "lr": 0.1, "seed": seed},
                              summary=summary | {"steps_per_epoch": steps_per_epoch,
                                                 "total_steps": steps, "classes": list(CLASS_NAMES),
                                                 "residual_blocks": [residual] * len(blocks)})
    store.set_layer_names(run_id, layers, kind="grad_norm")
    for kind in ("block_grad", "shortcut_grad", "branch_grad", "residual_ratio", "shortcut_share", "branch_share"):
        store.set_layer_names(run_id, blocks, kind=kind)
    xs = np.arange(1, steps + 1)
    loss = loss_curve(xs, steps, k, floor, rng)
    acc = 1.0 - _error(loss)
    # Runs ended one after another, the newest just now; a running one is still going.
    t0 = time.time() - steps * wall_per_step - (0 if status == "running" else 600.0 * (50 - run_id % 50))
    rows: list[tuple[str, int, float, float]] = []
    for key, values in (("train/loss", loss), ("train/acc", acc), ("lr", np.full(steps, 0.1)),
                        ("epoch", xs / steps_per_epoch)):
        rows += [(key, int(s), float(v), t0 + s * wall_per_step) for s, v in zip(xs, values, strict=True)]
    epochs = xs[steps_per_epoch - 1::steps_per_epoch]
    val_loss = loss_curve(epochs, steps, k, floor + 0.12, rng, noise=0.03)
    rows += [("val/loss", int(s), float(v), t0 + s * wall_per_step) for s, v in zip(epochs, val_loss, strict=True)]
    rows += [("val/acc", int(s), float(1 - _error(np.array([v]))[0]), t0 + s * wall_per_step)
             for s, v in zip(epochs, val_loss, strict=True)]
    store.insert_metric_rows(run_id, rows)
    probes = range(probe_every, steps + 1, probe_every) if probe_every else range(0)
    vec_rows: list[tuple[str, int, bytes]] = []
    for s in probes:
        g = grad_profile(len(layers), residual, s / steps, rng)
        per_block = np.array([np.linalg.norm(g[[i for i, n in enumerate(layers)
                                                 if n.startswith(b + ".")]]) for b in blocks],
                             dtype="<f4")
        vec_rows += [("grad_norm", s, g.astype("<f4").tobytes()),
                     ("block_grad", s, per_block.tobytes())]
        if residual:  # most of the gradient reaching a block's input comes down its shortcut
            share = np.clip(0.75 + 0.1 * rng.standard_normal(len(blocks)), 0.3, 0.98)
            vec_rows += [("shortcut_grad", s, (per_block * share).astype("<f4").tobytes()),
                         ("branch_grad", s, (per_block * (1 - share)).astype("<f4").tobytes()),
                         ("shortcut_share", s, share.astype("<f4").tobytes()),
                         ("branch_share", s, (1 - share).astype("<f4").tobytes())]
    store.insert_vector_rows(run_id, vec_rows)
    if gradcam:
        add_gradcam(store, run_id, steps, steps // steps_per_epoch, residual, seed=seed)
    if status != "queued":
        ended = None if status == "running" else t0 + steps * wall_per_step
        store.import_run_fields(run_id, status=status, status_message="", created_at=t0,
                                started_at=t0, ended_at=ended)
    if status == "running":
        store.set_status(run_id, "running")  # owned by this process, so not taken for dead
    if status in ("finished", "stopped", "diverged", "interrupted"):
        tail = max(1, steps // 10)
        store.update_summary(run_id, final_train_loss=float(np.mean(loss[-tail:])),
                             best_val_acc=float(1 - _error(val_loss).min()) if len(val_loss) else None,
                             wall_time=steps * wall_per_step, final_step=steps)
    return run_id


def degradation_store(store: RunStore, steps: int = 3000, **options: object) -> list[int]:
    """plain-20, plain-56, ResNet-20, ResNet-56: Fig. 6 of He et al. 2015 in miniature."""
    return [add_synthetic_run(store, p, steps=steps, seed=i, **options)  # type: ignore[arg-type]
            for i, p in enumerate(DEMO_PRESETS)]
