"""The loss along the straight line from a run's initial to its trained weights
(Goodfellow et al. 2015, the 1-D plots of Li et al. 2018): θ(α) = θ0 + α(θ1 − θ0).

Batch norm (default ``batch_norm="recalibrated"``): at each α the BN running statistics are
estimated afresh on the evaluation images, one pass in train mode with a cumulative average
(``momentum=None``) and no gradient, and the network is then evaluated in eval mode. This is
"BN recalibration", as torch.optim.swa_utils.update_bn does for averaged weights (Izmailov et al.
2018) and Garipov et al. 2018 do at each point of their curves between two trained networks: the
running statistics belong to the weights they were gathered with, so those of any other weights
are stale. Without it the line's left end is an artefact: at step 0 the statistics are mean 0,
variance 1, BN does not normalise, and a quick ResNet-56's "initial" loss was 1,837 against 3.3
with its own statistics (README). So α = 0 is the initial network and α = 1 the trained one, each
with statistics measured on these images; it costs one more forward pass per α.

``batch_norm="interpolated"`` keeps the old, cheaper variant: the running statistics move along
the line with the weights (Li et al.'s ``dir_type='states'``), clamped to their ends' values
beyond [0, 1] since an extrapolated variance turns negative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import torch
from torch import Tensor, nn

from resviz.analysis.landscape import LandscapeCancelled, Progress, loss_and_accuracy
from resviz.i18n import _

BatchNormStats = Literal["recalibrated", "interpolated"]
BATCH_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)


@dataclass
class LossLine:
    alphas: list[float]
    """0: the initial weights, 1: the trained ones."""
    loss: list[float]
    accuracy: list[float]
    images: int
    batch_norm: BatchNormStats = "recalibrated"
    """How BN's running statistics were set at each α (see the module's docstring)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> LossLine:
        # Lines stored before recalibration have no such field: they were interpolated.
        line = LossLine(**{"batch_norm": "interpolated", **data})
        if line.batch_norm not in ("recalibrated", "interpolated"):
            raise ValueError(f"unknown batch_norm {line.batch_norm!r}")
        if not len(line.alphas) == len(line.loss) == len(line.accuracy):
            raise ValueError("alphas, loss and accuracy differ in length")
        return line

    def csv(self) -> str:
        rows = [f"{a:.6g},{lo:.6g},{ac:.6g}" for a, lo, ac in zip(self.alphas, self.loss, self.accuracy, strict=True)]
        return "\n".join(["alpha,loss,accuracy", *rows]) + "\n"


def alphas(start: float = -0.25, end: float = 1.25, points: int = 31) -> list[float]:
    """Evenly spaced, rounded so that 0 and 1 fall exactly on the grid when the step allows, and
    with 0 and 1 added where it does not: the line exists to compare the initial and the trained
    weights (11 points from -0.25 to 1.25 step by 0.15 and miss both)."""
    grid = {round(float(a), 10) for a in np.linspace(start, end, points)}
    return sorted(grid | {a for a in (0.0, 1.0) if start <= a <= end})


def _between(initial: Mapping[str, Tensor], final: Mapping[str, Tensor], alpha: float,
             buffers: set[str]) -> dict[str, Tensor]:
    out = {}
    inside = min(1.0, max(0.0, alpha))
    for key, w1 in final.items():
        w0 = initial[key]
        # lerp is exact at both ends; integer buffers (BN's batch counter) keep the trained value.
        out[key] = torch.lerp(w0, w1, inside if key in buffers else alpha) if w1.is_floating_point() else w1
    return out


@torch.no_grad()
def recalibrate_batch_norm(model: nn.Module, images: Tensor, batch: int = 256) -> None:
    """Replace every BN layer's running statistics by those of ``images`` under the current weights.

    One pass with only the BN layers in train mode (dropout and the rest stay in eval mode) and
    ``momentum=None``, which makes PyTorch keep the plain average of the batches' statistics
    instead of an exponential one that would still remember the old values (with several batches,
    the mean of their statistics, as update_bn keeps). The model is left in
    eval mode with the BN layers' momenta restored.
    """
    norms = [m for m in model.modules() if isinstance(m, BATCH_NORMS) and m.track_running_stats]
    model.eval()
    if not norms:
        return  # no BN (e.g. plain56_nobn): nothing to estimate, no extra pass
    momenta = [m.momentum for m in norms]
    try:
        for m in norms:
            m.reset_running_stats()
            m.momentum = None
            m.train()
        for i in range(0, len(images), batch):
            model(images[i:i + batch])
    finally:
        for m, momentum in zip(norms, momenta, strict=True):
            m.momentum = momentum
        model.eval()


def loss_line(model: nn.Module, initial: Mapping[str, Tensor], images: Tensor, labels: Tensor,
              points: Sequence[float], *, batch_norm: BatchNormStats = "recalibrated",
              progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> LossLine:
    """Loss and accuracy at θ(α) for each α in ``points``; ``model`` holds θ1 and gets it back."""
    if batch_norm not in ("recalibrated", "interpolated"):
        raise ValueError(f"batch_norm must be 'recalibrated' or 'interpolated', not {batch_norm!r}")
    final = {k: v.detach().clone() for k, v in model.state_dict().items()}
    missing = [k for k in final if k not in initial or initial[k].shape != final[k].shape]
    if missing:
        raise ValueError(f"the initial weights do not fit the network (first: {missing[0]})")
    buffers = {name for name, _b in model.named_buffers()}
    loss, acc = [], []
    try:
        for n, a in enumerate(points):
            model.load_state_dict(_between(initial, final, a, buffers))
            if batch_norm == "recalibrated":
                recalibrate_batch_norm(model, images)
            lo, ac = loss_and_accuracy(model, images, labels)
            loss.append(lo)
            acc.append(ac)
            if progress is not None:
                progress(n + 1, len(points))
            if should_stop is not None and should_stop():
                raise LandscapeCancelled(_("the loss landscape was stopped"), _("start it again to see the result"))
    finally:
        model.load_state_dict(final)
    return LossLine(list(points), loss, acc, len(labels), batch_norm)
