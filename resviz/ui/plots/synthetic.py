"""Histories that look like real CIFAR training, for previews, screenshots and tests.

A plain net's early layers get ~100× less gradient than its late ones and it trains
worse; a ResNet's gradients are flat across depth and most of each block's input
gradient arrives through the shortcut. Deterministic for a given seed. Qt-free.
"""

from __future__ import annotations

import numpy as np

from resviz.presentation.run_data import RunData
from resviz.train.events import EpochLog, FitInfo, ProbeLog, StepLog


def cifar_names(n: int, stages: int = 3, projection: bool = False) -> tuple[list[str], list[str]]:
    """Layer and block names of a 6n+2 CIFAR net, as the probes report them."""
    layers, blocks = ["conv1"], []
    for s in range(1, stages + 1):
        for b in range(n):
            blocks.append(f"layer{s}.{b}")
            layers += [f"layer{s}.{b}.branch.conv1", f"layer{s}.{b}.branch.conv2"]
            if projection and b == 0 and s > 1:
                layers.append(f"layer{s}.{b}.shortcut.conv")
    return layers + ["fc"], blocks


def make_history(
    steps: int = 2000,
    n: int = 9,
    residual: bool = True,
    steps_per_epoch: int = 200,
    probe_every: int = 10,
    seed: int = 0,
    vanishing: float = 100.0,
) -> RunData:
    """A finished run of a plain or residual (6n+2)-layer net, filled through the RunData API."""
    rng = np.random.default_rng(seed)
    layers, blocks = cifar_names(n)
    kind = "resnet" if residual else "plain"
    h = RunData()
    h.start(FitInfo(
        run_id=None, name=f"{kind}{6 * n + 2}", spec={}, config={}, device="cpu", dataset="synthetic",
        classes=[str(i) for i in range(10)], total_steps=steps, steps_per_epoch=steps_per_epoch,
        start_step=0, params=0, layer_names=layers, block_names=blocks, residual=[residual] * len(blocks),
    ))
    t = np.arange(1, steps + 1)
    lr = np.where(t < steps // 2, 0.1, np.where(t < 3 * steps // 4, 0.01, 0.001))
    floor = 0.25 if residual else 0.85
    # Loss falls, then drops at each lr decay; noisy like a minibatch estimate.
    clean = floor + (2.3 - floor) * np.exp(-t / (steps / 6)) + 0.25 * (lr / 0.1) ** 0.5 - 0.25 * 0.1**0.5
    loss = np.maximum(clean * np.exp(rng.normal(0, 0.12, steps)), 0.02)
    acc = np.clip(1.0 - 0.42 * clean + rng.normal(0, 0.035, steps), 0.0, 1.0)
    for i in range(steps):
        step = int(t[i])
        h.add_step(StepLog(step=step, epoch=step / steps_per_epoch, train_loss=float(loss[i]),
                           train_acc=float(acc[i]), lr=float(lr[i]), images_per_s=4000.0,
                           elapsed_s=step * 0.03, eta_s=(steps - step) * 0.03))
        if (step - 1) % probe_every == 0:
            h.add_probe(_probe(step, steps, layers, blocks, residual, vanishing, rng))
        if step % steps_per_epoch == 0:
            e = step // steps_per_epoch
            h.add_epoch(EpochLog(epoch=e, step=step, train_loss=float(clean[i]), train_acc=float(acc[i]),
                                 val_loss=float(clean[i] * 1.12 + 0.05), val_acc=float(1.0 - 0.47 * clean[i])))
    return h


def _probe(step: int, steps: int, layers: list[str], blocks: list[str], residual: bool,
           vanishing: float, rng: np.random.Generator) -> ProbeLog:
    depth = np.linspace(0.0, 1.0, len(layers))
    scale = 0.5 * np.exp(-step / (steps / 3)) + 0.05  # gradients shrink as the loss falls
    if residual:
        layer_grad = scale * (1.0 + 0.3 * depth) * np.exp(rng.normal(0, 0.15, len(layers)))
    else:
        layer_grad = scale * vanishing ** (depth - 1.0) * np.exp(rng.normal(0, 0.2, len(layers)))
    layer_grad = layer_grad.astype(np.float32)
    block_grad = np.array([np.sqrt(np.sum(layer_grad[[i for i, n in enumerate(layers) if n.startswith(b + ".")]] ** 2))
                           for b in blocks], dtype=np.float32)
    nb = len(blocks)
    if residual:
        share = np.clip(np.linspace(0.62, 0.86, nb) + rng.normal(0, 0.03, nb), 0.05, 0.98)
        total = scale * 4.0 * (1.0 + 0.1 * rng.normal(size=nb))
        shortcut = (share * total).astype(np.float32)
        branch = ((1.0 - share) * total).astype(np.float32)
        ratio = np.clip(np.linspace(0.55, 0.12, nb) * np.exp(rng.normal(0, 0.1, nb)), 1e-3, None).astype(np.float32)
        # Additive shares consistent with those norms for a small cosine c between the paths.
        cosine = np.clip(rng.normal(0.02, 0.05, nb), -0.3, 0.3)
        ss, bb = shortcut.astype(np.float64) ** 2, branch.astype(np.float64) ** 2
        sb = cosine * np.sqrt(ss * bb)
        share_s = ((ss + sb) / (ss + bb + 2 * sb)).astype(np.float32)
        share_b, cosine = (1.0 - share_s).astype(np.float32), cosine.astype(np.float32)
    else:
        shortcut = branch = ratio = share_s = share_b = cosine = np.full(nb, np.nan, dtype=np.float32)
    return ProbeLog(step=step, layer_grad=layer_grad, block_grad=block_grad, shortcut_grad=shortcut,
                    branch_grad=branch, residual_ratio=ratio, shortcut_share=share_s, branch_share=share_b,
                    path_cosine=cosine)
