"""A run's measurements held in growing numpy buffers: what plots draw from.

Filled live from the trainer's events, or at once from the run store for a past run.
Appends are amortised O(1) (capacity doubles); readers get views of the filled part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from resviz.train.events import EpochLog, FitInfo, GradCamLog, ProbeLog, StepLog

SCALARS = ("train/loss", "train/acc", "lr", "images_per_s", "epoch")
EPOCH_SCALARS = ("val/loss", "val/acc")
SPLIT_KINDS = ("shortcut_share", "branch_share", "path_cosine")
"""Per-block vectors of the additive shortcut/branch split (absent from runs recorded before it)."""
VECTOR_KINDS = ("grad_norm", "block_grad", "shortcut_grad", "branch_grad", "residual_ratio", *SPLIT_KINDS)


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

    def append(self, step: int, values: np.ndarray) -> None:
        if self.n == len(self._steps):
            grow = 2 * self.n
            self._steps = np.resize(self._steps, grow)
            rows = np.full((grow, self._rows.shape[1]), np.nan, dtype=np.float32)
            rows[: self.n] = self._rows[: self.n]
            self._rows = rows
        self._steps[self.n] = step
        self._rows[self.n] = values
        self.n += 1

    @property
    def steps(self) -> np.ndarray:
        return self._steps[: self.n]

    @property
    def values(self) -> np.ndarray:
        return self._rows[: self.n]

    def last(self) -> np.ndarray | None:
        return self._rows[self.n - 1] if self.n else None


@dataclass
class History:
    """Everything a run has measured so far. ``version`` changes whenever data arrives."""

    name: str = ""
    layer_names: list[str] = field(default_factory=list)
    block_names: list[str] = field(default_factory=list)
    residual: list[bool] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    total_steps: int = 0
    steps_per_epoch: int = 1
    scalars: dict[str, Series] = field(default_factory=dict)
    vectors: dict[str, Matrix] = field(default_factory=dict)
    gradcams: list[GradCamLog] = field(default_factory=list)
    last_step: StepLog | None = None
    version: int = 0

    def start(self, info: FitInfo) -> None:
        self.name = info.name
        self.layer_names = list(info.layer_names)
        self.block_names = list(info.block_names)
        self.residual = list(info.residual)
        self.classes = list(info.classes)
        self.total_steps = info.total_steps
        self.steps_per_epoch = info.steps_per_epoch
        self.version += 1

    def series(self, key: str) -> Series:
        if key not in self.scalars:
            self.scalars[key] = Series()
        return self.scalars[key]

    def matrix(self, kind: str) -> Matrix:
        if kind not in self.vectors:
            width = len(self.layer_names) if kind == "grad_norm" else len(self.block_names)
            self.vectors[kind] = Matrix(width)
        return self.vectors[kind]

    def add_step(self, log: StepLog) -> None:
        for key, value in (("train/loss", log.train_loss), ("train/acc", log.train_acc), ("lr", log.lr),
                           ("images_per_s", log.images_per_s), ("epoch", log.epoch)):
            self.series(key).append(log.step, value)
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
        self.series("val/loss").append(log.step, log.val_loss)
        self.series("val/acc").append(log.step, log.val_acc)
        self.version += 1

    def add_gradcam(self, log: GradCamLog) -> None:
        self.gradcams.append(log)
        self.version += 1

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
