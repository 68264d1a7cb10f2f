"""The loss along the straight line from a run's initial to its trained weights
(Goodfellow et al. 2015, the 1-D plots of Li et al. 2018): θ(α) = θ0 + α(θ1 − θ0).

Batch norm: the whole state moves along the line, running means and variances included, as
Li et al.'s ``dir_type='states'`` does; the network is evaluated in eval mode with those
interpolated statistics. So α = 0 is exactly the network at step 0 and α = 1 exactly the
trained one (each in eval mode), and the ends are known answers. Beyond the ends only the
parameters go on: the statistics stay at their end's values, since an extrapolated variance
turns negative (and the loss NaN) a little past α = 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from resviz.analysis.landscape import LandscapeCancelled, Progress, loss_and_accuracy
from resviz.i18n import _


@dataclass
class LossLine:
    alphas: list[float]
    """0: the initial weights, 1: the trained ones."""
    loss: list[float]
    accuracy: list[float]
    images: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> LossLine:
        line = LossLine(**data)
        if not len(line.alphas) == len(line.loss) == len(line.accuracy):
            raise ValueError("alphas, loss and accuracy differ in length")
        return line

    def csv(self) -> str:
        rows = [f"{a:.6g},{lo:.6g},{ac:.6g}" for a, lo, ac in zip(self.alphas, self.loss, self.accuracy, strict=True)]
        return "\n".join(["alpha,loss,accuracy", *rows]) + "\n"


def alphas(start: float = -0.25, end: float = 1.25, points: int = 31) -> list[float]:
    """Evenly spaced, rounded so that 0 and 1 fall exactly on the grid when the step allows."""
    return [round(float(a), 10) for a in np.linspace(start, end, points)]


def _between(initial: Mapping[str, Tensor], final: Mapping[str, Tensor], alpha: float,
             buffers: set[str]) -> dict[str, Tensor]:
    out = {}
    inside = min(1.0, max(0.0, alpha))
    for key, w1 in final.items():
        w0 = initial[key]
        # lerp is exact at both ends; integer buffers (BN's batch counter) keep the trained value.
        out[key] = torch.lerp(w0, w1, inside if key in buffers else alpha) if w1.is_floating_point() else w1
    return out


def loss_line(model: nn.Module, initial: Mapping[str, Tensor], images: Tensor, labels: Tensor,
              points: Sequence[float], *, progress: Progress | None = None,
              should_stop: Callable[[], bool] | None = None) -> LossLine:
    """Loss and accuracy at θ(α) for each α in ``points``; ``model`` holds θ1 and gets it back."""
    final = {k: v.detach().clone() for k, v in model.state_dict().items()}
    missing = [k for k in final if k not in initial or initial[k].shape != final[k].shape]
    if missing:
        raise ValueError(f"the initial weights do not fit the network (first: {missing[0]})")
    buffers = {name for name, _b in model.named_buffers()}
    loss, acc = [], []
    try:
        for n, a in enumerate(points):
            model.load_state_dict(_between(initial, final, a, buffers))
            lo, ac = loss_and_accuracy(model, images, labels)
            loss.append(lo)
            acc.append(ac)
            if progress is not None:
                progress(n + 1, len(points))
            if should_stop is not None and should_stop():
                raise LandscapeCancelled(_("the loss landscape was stopped"), _("start it again to see the result"))
    finally:
        model.load_state_dict(final)
    return LossLine(list(points), loss, acc, len(labels))
