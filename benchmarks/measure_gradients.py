"""How the gradient spreads over depth, measured with resviz's own probes on the built-in data.

    python benchmarks/measure_gradients.py            # quick setting over 300 Adam steps, full size at init
    python benchmarks/measure_gradients.py --steps 0  # initialisation only

Prints, per network and probed step, the median ‖∂L/∂W‖ of the quarter of layers nearest the
input and of the quarter nearest the output, their ratio (above 1: more gradient near the input)
and the trend the Gradients view names; and, for residual nets, the additive shortcut share
⟨g_s, g⟩/‖g‖² and cos(g_s, g_b) (medians over blocks). Training runs through the Trainer, so
these are the numbers the app shows. The README's gradient sentences quote this table.
"""

from __future__ import annotations

import argparse
import dataclasses

import numpy as np

from resviz.arch.presets import get_preset, scale_width
from resviz.data import load_dataset
from resviz.train.config import TrainConfig, quick_config
from resviz.train.events import Callback, FitEnd, ProbeLog
from resviz.train.gradient_profile import depth_profile
from resviz.train.trainer import Trainer

ARCHS = ("plain56", "resnet56", "plain56_nobn", "resnet56_nobn")


class _Probes(Callback):
    def __init__(self) -> None:
        self.logs: list[ProbeLog] = []

    def on_probe(self, log: ProbeLog) -> None:
        self.logs.append(log)


def _median(values: np.ndarray | None) -> float:
    if values is None or not np.isfinite(values).any():
        return float("nan")
    return float(np.nanmedian(values))


def measure(arch: str, setting: str, config: TrainConfig, width: float, data: object) -> list[str]:
    spec = get_preset(arch)
    if width != 1.0:
        spec = scale_width(spec, width)
    probes = _Probes()
    end: FitEnd = Trainer(spec, config, callbacks=[probes], data=data).fit()  # type: ignore[arg-type]
    rows = []
    for log in probes.logs:
        p = depth_profile(log.layer_grad)
        share, cosine = _median(log.shortcut_share), _median(log.path_cosine)
        split = f"{share:8.3f} {cosine:8.3f}" if np.isfinite(share) else f"{'-':>8} {'-':>8}"
        if p is None:
            rows.append(f"{arch:14} {setting:6} {log.step:5}  no profile")
            continue
        rows.append(f"{arch:14} {setting:6} {log.step:5} {p.first:10.3g} {p.last:10.3g} {p.ratio:9.3g} "
                    f"{p.trend:10} {split}")
    loss = f"{end.final_train_loss:.3f}" if end.final_train_loss is not None else "-"
    rows.append(f"{arch:14} {setting:6} end: {end.status}, last logged training loss {loss}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=300, help="Adam steps in the quick setting (0: init only)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--archs", nargs="+", default=list(ARCHS))
    parser.add_argument("--lr", type=float, default=None, help="learning rate (default: the quick setting's)")
    args = parser.parse_args()

    quick = quick_config(seed=args.seed, steps=max(1, args.steps), probe_every=20, log_every=20,
                         checkpoint_each_epoch=False, gradcam_each_epoch=False, max_val_images=0)
    if args.lr is not None:
        quick = dataclasses.replace(quick, lr=args.lr)
    full = dataclasses.replace(quick, image_size=32, batch_size=128, steps=1)
    quick_data = load_dataset("builtin", seed=args.seed, image_size=quick.image_size, train_size=quick.train_size)
    full_data = load_dataset("builtin", seed=args.seed, image_size=32, train_size=2048)

    print(f"quick: {quick.image_size}x{quick.image_size}, half width, {quick.optimizer} lr {quick.lr:g}, "
          f"batch {quick.batch_size}; full: 32x32, full width, batch 128, step 1 = initialisation; seed {args.seed}")
    print(f"{'network':14} {'size':6} {'step':>5} {'in 1/4':>10} {'out 1/4':>10} {'in/out':>9} {'trend':10} "
          f"{'sc share':>8} {'cos':>8}")
    for arch in args.archs:
        for row in measure(arch, "full", full, 1.0, full_data):
            print(row, flush=True)
        steps = dataclasses.replace(quick, steps=max(1, args.steps))
        for row in measure(arch, "quick", steps, 0.5, quick_data):
            print(row, flush=True)


if __name__ == "__main__":
    main()
