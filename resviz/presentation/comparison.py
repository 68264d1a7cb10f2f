"""What the explorer's comparison draws from its runs: curves, x ranges, probes at a step.

Qt-free. The runs' data is the one RunData model (resviz.presentation.run_data), read from the
store by resviz.presentation.run_store.RunCache: each key once when first shown, then only the
newer rows of a running run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from resviz.presentation.run_data import RunData
from resviz.presentation.smoothing import ema
from resviz.runs import RunInfo
from resviz.train.run_kind import is_residual


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a text for the window's catalogue; translated where shown (this module stays Qt-free)."""
    return text


X_AXES = ("step", "epoch", "wall")
# Axis labels, marked for the window's catalogue (context "Explorer"); plotstyle.tr shows them.
X_LABELS = {"step": QT_TRANSLATE_NOOP("Explorer", "step"), "epoch": QT_TRANSLATE_NOOP("Explorer", "epoch"),
            "wall": QT_TRANSLATE_NOOP("Explorer", "wall time (s)")}
QUANTITIES = ("loss", "error")


def curve(run: RunData, split: str, quantity: str, x_axis: str,
          smoothing: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of one curve: split 'train' or 'val', quantity 'loss' or 'error' (in %)."""
    key = f"{split}/{'loss' if quantity == 'loss' else 'acc'}"
    steps, values = run.series(key)
    y = values if quantity == "loss" else 100.0 * (1.0 - values)
    if smoothing > 0 and split == "train":
        y = ema(y, smoothing)  # the live plots' smoothing: debiased EMA, capped on short series
    if x_axis == "epoch":
        x = run.to_epochs(steps)
    elif x_axis == "wall":
        x = run.to_wall(steps)
    else:
        x = steps.astype(np.float64)
    return x, np.asarray(y, dtype=np.float64)


NAME_PARTS = " · "
"""What separates the parts of a run's name: "resnet56 · degradation demo · seed 0"."""


def key_names(names: list[str]) -> tuple[list[str], str]:
    """The runs' names in a key, without the trailing parts they all share, and those parts:
    four demo runs read "resnet56", "plain20", … beside one "degradation demo · seed 0", where
    the full names made the key wider than a projector's plot. Names that would then be empty
    or alike stay whole."""
    parts = [name.split(NAME_PARTS) for name in names]
    shared = 0
    while (len(parts) > 1 and all(len(p) > shared + 1 for p in parts)
           and len({tuple(p[len(p) - shared - 1:]) for p in parts}) == 1):
        shared += 1
    if not shared:
        return list(names), ""
    short = [NAME_PARTS.join(p[:-shared]) for p in parts]
    if len(set(short)) < len(short):
        return list(names), ""
    return short, NAME_PARTS.join(parts[0][-shared:])


X_PAD = 0.015  # fraction of the x span left free at each end, on screen and in the figure


def x_limits(curves_x: list[np.ndarray]) -> tuple[float, float] | None:
    """One x range for the screen and the exported figure: from 0 to the longest run, padded
    so that the last validation marker is drawn whole."""
    ends = [float(np.nanmax(x)) for x in curves_x if len(x) and np.isfinite(x).any()]
    if not ends or max(ends) <= 0:
        return None
    hi = max(ends)
    return -X_PAD * hi, (1 + X_PAD) * hi


def profile_at(steps: np.ndarray, matrix: np.ndarray, step: int) -> tuple[int, np.ndarray] | None:
    """The row probed at the nearest step ≤ `step`; None if the run had no probe by then."""
    i = int(np.searchsorted(steps, step, side="right")) - 1
    if i < 0:
        return None
    return int(steps[i]), matrix[i]


@dataclass(frozen=True)
class Shown:
    """A selected run as the comparison tabs draw it."""

    info: RunInfo
    series: RunData
    color: str

    @property
    def residual(self) -> bool:
        return bool(is_residual(self.info))
