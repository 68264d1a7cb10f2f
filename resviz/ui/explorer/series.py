"""A cache of the selected runs' curves and gradient vectors, read lazily from the run store.

Qt-free. A run's series are read once when it is first shown, then only the rows newer than
the last one held are read on refresh (``metric_series(..., after_step=last)``), so a running
run costs a few rows per refresh however long it has been training.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from resviz.presentation.columns import is_residual
from resviz.runs import RunInfo, RunStore
from resviz.train.smoothing import ema

VECTOR_KINDS = ("grad_norm", "block_grad")
def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a text for the window's catalogue; translated where shown (this module stays Qt-free)."""
    return text


X_AXES = ("step", "epoch", "wall")
# Axis labels, marked for the window's catalogue (context "Explorer"); plotstyle.tr shows them.
X_LABELS = {"step": QT_TRANSLATE_NOOP("Explorer", "step"), "epoch": QT_TRANSLATE_NOOP("Explorer", "epoch"),
            "wall": QT_TRANSLATE_NOOP("Explorer", "wall time (s)")}
QUANTITIES = ("loss", "error")


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.empty(0, np.int64), np.empty(0, np.float64)


@dataclass
class RunSeries:
    """One run's scalar series and (once asked for) its gradient vectors."""

    run_id: int
    steps_per_epoch: int = 0
    started_at: float | None = None
    metrics: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    vectors: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    layer_names: dict[str, list[str]] = field(default_factory=dict)
    clock: tuple[np.ndarray, np.ndarray] | None = None  # (steps, elapsed s), read on demand
    version: int = 0  # bumped whenever rows are added: views redraw only what changed
    loader: Callable[[int, str], tuple[np.ndarray, np.ndarray]] | None = field(
        default=None, repr=False, compare=False)

    def series(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) of a key, read on first use: the loss view never reads accuracy."""
        if key not in self.metrics:
            if self.loader is None:
                return _empty()
            self.metrics[key] = self.loader(self.run_id, key)
        return self.metrics[key]

    def to_epochs(self, steps: np.ndarray) -> np.ndarray:
        """Steps → epochs from the logged fractional epoch, else from steps per epoch."""
        es, ev = self.series("epoch")
        if len(es) >= 2:
            return np.interp(steps, es, ev)
        return steps / float(self.steps_per_epoch or 1)


def _extend(old: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]
            ) -> tuple[np.ndarray, np.ndarray]:
    if not len(new[0]):
        return old
    if not len(old[0]):
        return new
    return np.concatenate([old[0], new[0]]), np.concatenate([old[1], new[1]])


class SeriesCache:
    """Series of recently shown runs, least recently used dropped beyond `capacity`."""

    def __init__(self, store: RunStore, capacity: int = 48) -> None:
        self.store = store
        self.capacity = capacity
        self._runs: OrderedDict[int, RunSeries] = OrderedDict()

    def __contains__(self, run_id: int) -> bool:
        return run_id in self._runs

    def get(self, run_id: int) -> RunSeries:
        """The run's curves, read from the store on first use."""
        if run_id in self._runs:
            self._runs.move_to_end(run_id)
            return self._runs[run_id]
        info = self.store.get_run(run_id)
        run = RunSeries(run_id, int(info.summary.get("steps_per_epoch") or 0), info.started_at,
                        loader=self._read)
        self._runs[run_id] = run
        while len(self._runs) > self.capacity:
            self._runs.popitem(last=False)
        return run

    def _read(self, run_id: int, key: str) -> tuple[np.ndarray, np.ndarray]:
        return self.store.metric_series(run_id, key)

    def vectors(self, run_id: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, matrix [T, L]) of a vector kind, read on first use."""
        run = self.get(run_id)
        if kind not in run.vectors:
            run.vectors[kind] = self.store.vector_series(run_id, kind)
            run.layer_names[kind] = self.store.layer_names(run_id, kind)
        return run.vectors[kind]

    def layer_names(self, run_id: int, kind: str) -> list[str]:
        self.vectors(run_id, kind)
        return self._runs[run_id].layer_names[kind]

    def clock(self, run_id: int) -> tuple[np.ndarray, np.ndarray]:
        """(steps, seconds since the run started) of its train-loss rows, read on first use.

        Only the wall-time axis needs it, and metric_series carries no wall times, so this
        reads the run's metric table once, and again after new rows came in.
        """
        run = self.get(run_id)
        if run.clock is None:
            table = self.store.metric_table(run_id)
            key = "train/loss" if "train/loss" in table.keys else (table.keys or ("",))[0]
            mask = table.key_index == (table.keys.index(key) if key in table.keys else -1)
            steps, walls = table.steps[mask], table.wall_times[mask]
            origin = run.started_at if run.started_at is not None else (walls[0] if len(walls) else 0.0)
            run.clock = (steps, walls - origin)
        return run.clock

    def to_wall(self, run_id: int, steps: np.ndarray) -> np.ndarray:
        cs, cw = self.clock(run_id)
        if len(cs) == 0:
            return np.full(len(steps), np.nan)
        return np.interp(steps, cs, cw)

    def update(self, run_ids: list[int]) -> list[int]:
        """Read rows newer than those held for these (cached) runs; returns the runs that grew."""
        grown = []
        for run_id in run_ids:
            run = self._runs.get(run_id)
            if run is None:
                continue
            added = 0
            with self.store.snapshot():
                for key in list(run.metrics):  # only keys shown so far; others load fresh
                    old = run.metrics[key]
                    last = int(old[0][-1]) if len(old[0]) else None
                    new = self.store.metric_series(run_id, key, after_step=last)
                    added += len(new[0])
                    run.metrics[key] = _extend(old, new)
                for kind, old in list(run.vectors.items()):
                    last = int(old[0][-1]) if len(old[0]) else None
                    new = self.store.vector_series(run_id, kind, after_step=last)
                    if len(new[0]) and (not len(old[0]) or new[1].shape[1] == old[1].shape[1]):
                        added += len(new[0])
                        run.vectors[kind] = _extend(old, new)  # type: ignore[arg-type]
                        if not run.layer_names.get(kind):
                            run.layer_names[kind] = self.store.layer_names(run_id, kind)
            if added:
                run.clock = None
                run.version += 1
                grown.append(run_id)
        return grown

    def forget(self, run_id: int) -> None:
        self._runs.pop(run_id, None)

    def clear(self) -> None:
        self._runs.clear()


def smooth(values: np.ndarray, weight: float) -> np.ndarray:
    """The live plots' smoothing (debiased EMA, capped on short series); NaNs pass through."""
    return ema(values, weight).copy()


def curve(run: RunSeries, cache: SeriesCache | None, split: str, quantity: str, x_axis: str,
          smoothing: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of one curve: split 'train' or 'val', quantity 'loss' or 'error' (in %)."""
    key = f"{split}/{'loss' if quantity == 'loss' else 'acc'}"
    steps, values = run.series(key)
    y = values if quantity == "loss" else 100.0 * (1.0 - values)
    if smoothing > 0 and split == "train":
        y = smooth(y, smoothing)
    if x_axis == "epoch":
        x = run.to_epochs(steps)
    elif x_axis == "wall" and cache is not None:
        x = cache.to_wall(run.run_id, steps)
    else:
        x = steps.astype(np.float64)
    return x, np.asarray(y, dtype=np.float64)


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
    series: RunSeries
    color: str

    @property
    def residual(self) -> bool:
        return bool(is_residual(self.info))
