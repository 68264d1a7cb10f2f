"""One model of a run's recorded data, read by every view: the live plots, the explorer, exports.

Filled live from the trainer's events (``start``, ``add_step``, ``add_probe``, ``add_epoch``,
``add_gradcam``), or from the run store (resviz.presentation.run_store): at once, or one key at a
time on first use and then only the newer rows. ``version`` advances whenever rows arrive, so a
view that remembers the version it drew redraws only what changed. Appends are amortised O(1)
(capacity doubles); readers get views of the filled part.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from resviz.train.events import SPLIT_KINDS, EpochLog, FitInfo, GradCamLog, ProbeLog, StepLog

SCALARS = ("train/loss", "train/acc", "lr", "images_per_s", "epoch")
EPOCH_SCALARS = ("val/loss", "val/acc")


class Series:
    """(step, value) pairs in a growing buffer."""

    def __init__(self, capacity: int = 256) -> None:
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self.n = 0

    def append(self, x: float, y: float) -> None:
        if self.n == len(self._x):
            self._x = np.resize(self._x, 2 * self.n)
            self._y = np.resize(self._y, 2 * self.n)
        self._x[self.n] = x
        self._y[self.n] = y
        self.n += 1

    def extend(self, xs: np.ndarray, ys: np.ndarray) -> None:
        need = self.n + len(xs)
        if need > len(self._x):
            cap = max(need, 2 * len(self._x))
            self._x, self._y = np.resize(self._x, cap), np.resize(self._y, cap)
        self._x[self.n:need] = xs
        self._y[self.n:need] = ys
        self.n = need

    @property
    def x(self) -> np.ndarray:
        return self._x[: self.n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self.n]

    def __len__(self) -> int:
        return self.n


class Matrix:
    """One vector per probed step: rows grow, columns fixed (layers or blocks)."""

    def __init__(self, width: int, capacity: int = 64) -> None:
        self._steps = np.empty(capacity, dtype=np.int64)
        self._rows = np.full((capacity, width), np.nan, dtype=np.float32)
        self.n = 0

    @property
    def width(self) -> int:
        return int(self._rows.shape[1])

    def _reserve(self, need: int) -> None:
        if need > len(self._steps):
            grow = max(need, 2 * len(self._steps))
            self._steps = np.resize(self._steps, grow)
            rows = np.full((grow, self.width), np.nan, dtype=np.float32)
            rows[: self.n] = self._rows[: self.n]
            self._rows = rows

    def append(self, step: int, values: np.ndarray) -> None:
        self._reserve(self.n + 1)
        self._steps[self.n] = step
        self._rows[self.n] = values
        self.n += 1

    def extend(self, steps: np.ndarray, rows: np.ndarray) -> None:
        need = self.n + len(steps)
        self._reserve(need)
        self._steps[self.n:need] = steps
        self._rows[self.n:need] = rows
        self.n = need

    @property
    def steps(self) -> np.ndarray:
        return self._steps[: self.n]

    @property
    def values(self) -> np.ndarray:
        return self._rows[: self.n]

    def last(self) -> np.ndarray | None:
        return self._rows[self.n - 1] if self.n else None


class Source(Protocol):
    """Where rows not yet held come from (the run store), each read after a given step."""

    def read_series(self, key: str, after_step: int | None = None) -> tuple[np.ndarray, np.ndarray]: ...

    def read_vectors(self, kind: str, after_step: int | None = None) -> tuple[np.ndarray, np.ndarray]: ...

    def names(self, kind: str) -> list[str]: ...

    def read_clock(self) -> tuple[np.ndarray, np.ndarray]: ...

    def snapshot(self) -> AbstractContextManager[None]: ...


@dataclass
class RunData:
    """Everything a run has recorded so far. ``version`` changes whenever rows arrive.

    ``scalars`` and ``vectors`` hold only keys with rows. Bound to a ``source``, ``series`` and
    ``vector`` read a key on first use, and ``refresh`` appends the rows logged since.
    """

    name: str = ""
    run_id: int | None = None
    layer_names: list[str] = field(default_factory=list)
    block_names: list[str] = field(default_factory=list)
    residual: list[bool] = field(default_factory=list)
    """Whether each block has a shortcut, from the run's spec."""
    classes: list[str] = field(default_factory=list)
    total_steps: int = 0
    steps_per_epoch: int = 1
    started_at: float | None = None
    scalars: dict[str, Series] = field(default_factory=dict)
    vectors: dict[str, Matrix] = field(default_factory=dict)
    gradcams: list[GradCamLog] = field(default_factory=list)
    last_step: StepLog | None = None
    version: int = 0
    source: Source | None = field(default=None, repr=False, compare=False)
    # Keys already read from the source (also those it had no rows of): refresh reads only these.
    _read_series: set[str] = field(default_factory=set, repr=False, compare=False)
    _read_vectors: set[str] = field(default_factory=set, repr=False, compare=False)
    _clock: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)

    # --- filled live, from the trainer's events ----------------------------------------------

    def start(self, info: FitInfo) -> None:
        self.name = info.name
        self.layer_names = list(info.layer_names)
        self.block_names = list(info.block_names)
        self.residual = list(info.residual)
        self.classes = list(info.classes)
        self.total_steps = info.total_steps
        self.steps_per_epoch = info.steps_per_epoch
        self.version += 1

    def scalar(self, key: str) -> Series:
        """The series of a key to append to, created empty if the run has none yet."""
        if key not in self.scalars:
            self.scalars[key] = Series()
        return self.scalars[key]

    def matrix(self, kind: str, width: int | None = None) -> Matrix:
        """The matrix of a vector kind to append to, created as wide as its names."""
        if kind not in self.vectors:
            self.vectors[kind] = Matrix(len(self.names(kind)) if width is None else width)
        return self.vectors[kind]

    def add_step(self, log: StepLog) -> None:
        for key, value in (("train/loss", log.train_loss), ("train/acc", log.train_acc), ("lr", log.lr),
                           ("images_per_s", log.images_per_s), ("epoch", log.epoch)):
            self.scalar(key).append(log.step, value)
        self.last_step = log
        self.version += 1

    def add_probe(self, log: ProbeLog) -> None:
        self.matrix("grad_norm").append(log.step, log.layer_grad)
        self.matrix("block_grad").append(log.step, log.block_grad)
        self.matrix("shortcut_grad").append(log.step, log.shortcut_grad)
        self.matrix("branch_grad").append(log.step, log.branch_grad)
        self.matrix("residual_ratio").append(log.step, log.residual_ratio)
        for kind in SPLIT_KINDS:
            value = getattr(log, kind)
            if value is not None:
                self.matrix(kind).append(log.step, value)
        self.version += 1

    def add_epoch(self, log: EpochLog) -> None:
        self.scalar("val/loss").append(log.step, log.val_loss)
        self.scalar("val/acc").append(log.step, log.val_acc)
        self.version += 1

    def add_gradcam(self, log: GradCamLog) -> None:
        self.gradcams.append(log)
        self.version += 1

    def add(self, event: StepLog | ProbeLog | EpochLog | GradCamLog) -> None:
        """Append one trainer event, whichever kind it is (others are ignored)."""
        if isinstance(event, StepLog):
            self.add_step(event)
        elif isinstance(event, ProbeLog):
            self.add_probe(event)
        elif isinstance(event, EpochLog):
            self.add_epoch(event)
        elif isinstance(event, GradCamLog):
            self.add_gradcam(event)

    # --- read by the views -------------------------------------------------------------------

    def names(self, kind: str) -> list[str]:
        """The rows' names of a vector kind: layers for grad_norm, blocks for the others."""
        per_layer = kind == "grad_norm"
        names = self.layer_names if per_layer else self.block_names
        if not names and self.source is not None:
            names[:] = self.source.names(kind)
        return names

    def series(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) of a key, read from the source on first use: the loss view never
        reads accuracy. Empty if the run logged none."""
        if self.source is not None and key not in self._read_series:
            self._read_series.add(key)
            steps, values = self.source.read_series(key)
            if len(steps):
                self.scalar(key).extend(steps.astype(np.float64), values)
        s = self.scalars.get(key)
        return (s.x, s.y) if s is not None else (np.empty(0, np.float64), np.empty(0, np.float64))

    def vector(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps [T], matrix [T, L]) of a vector kind, read from the source on first use."""
        if self.source is not None and kind not in self._read_vectors:
            self._read_vectors.add(kind)
            self._append_rows(kind, *self.source.read_vectors(kind))
        m = self.vectors.get(kind)
        if m is None:
            return np.empty(0, np.int64), np.empty((0, len(self.names(kind))), np.float32)
        return m.steps, m.values

    def _append_rows(self, kind: str, steps: np.ndarray, rows: np.ndarray) -> int:
        """Append stored rows as wide as the kind's names (any width if the run kept none);
        returns how many."""
        names, held = self.names(kind), self.vectors.get(kind)
        width = held.width if held is not None else len(names) if names else rows.shape[1]
        if not len(steps) or rows.shape[1] != width:
            return 0  # e.g. a kind recorded before the per-block split existed
        self.matrix(kind, width).extend(steps, rows)
        return len(steps)

    def refresh(self) -> int:
        """Append the source's rows newer than those held, for the keys read so far; returns
        how many rows arrived (the version advances if any did)."""
        if self.source is None:
            return 0
        added = 0
        with self.source.snapshot():
            for key in sorted(self._read_series):
                s = self.scalars.get(key)
                last = int(s.x[-1]) if s is not None and len(s) else None
                steps, values = self.source.read_series(key, after_step=last)
                if len(steps):
                    self.scalar(key).extend(steps.astype(np.float64), values)
                    added += len(steps)
            for kind in sorted(self._read_vectors):
                m = self.vectors.get(kind)
                last = int(m.steps[-1]) if m is not None and m.n else None
                added += self._append_rows(kind, *self.source.read_vectors(kind, after_step=last))
        if added:
            self._clock = None
            self.version += 1
        return added

    def to_epochs(self, steps: np.ndarray) -> np.ndarray:
        """Steps → epochs from the logged fractional epoch, else from steps per epoch."""
        es, ev = self.series("epoch")
        if len(es) >= 2:
            return np.interp(steps, es, ev)
        return steps / float(self.steps_per_epoch or 1)

    def clock(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, seconds since the run started) of its logged rows, read from the source on
        first use and again after new rows came in; empty for a run without one."""
        if self._clock is None:
            self._clock = self.source.read_clock() if self.source is not None else (np.empty(0), np.empty(0))
        return self._clock

    def to_wall(self, steps: np.ndarray) -> np.ndarray:
        """Steps → seconds since the run started; NaN where the run has no wall times."""
        cs, cw = self.clock()
        if len(cs) == 0:
            return np.full(len(steps), np.nan)
        return np.interp(steps, cs, cw)

    def latest(self, kind: str) -> np.ndarray | None:
        """The latest row of a vector kind, or None when none was recorded."""
        m = self.vectors.get(kind)
        return m.last() if m is not None and m.n else None

    def shortcut_share(self) -> np.ndarray | None:
        """Latest additive share ⟨g_s, g⟩/‖g‖² of each block's input gradient through its shortcut.

        None for a run recorded before resviz measured it (only the norms ‖g_s‖, ‖g_b‖ were kept,
        and without ⟨g_s, g_b⟩ the share cannot be recovered from them)."""
        return self.latest("shortcut_share")

    def has_old_split_only(self) -> bool:
        """The run has path norms but no additive shares: recorded by an older resviz."""
        return self.latest("shortcut_grad") is not None and self.latest("shortcut_share") is None

    def until(self, step: int) -> RunData:
        """A detached copy of the rows up to ``step``: what a resumed run had logged at its
        checkpoint (rows an interrupted run logged past it are logged again)."""
        out = RunData(name=self.name, run_id=self.run_id, layer_names=list(self.layer_names),
                      block_names=list(self.block_names), residual=list(self.residual),
                      classes=list(self.classes), total_steps=self.total_steps,
                      steps_per_epoch=self.steps_per_epoch, started_at=self.started_at)
        for key, s in self.scalars.items():
            keep = s.x <= step
            out.scalar(key).extend(s.x[keep], s.y[keep])
        for kind, m in self.vectors.items():
            keep = m.steps <= step
            out.matrix(kind, m.width).extend(m.steps[keep], m.values[keep])
        return out

