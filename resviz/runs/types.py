"""Plain values the run store hands out: run rows, Grad-CAM snapshot rows, metric tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from resviz.i18n import N_, _

STATUSES = ("queued", "running", "finished", "stopped", "diverged", "failed", "interrupted")
"""Every status a run can have; `interrupted` is set by the store, never by a trainer."""

STATUS_WORDS = {"queued": N_("queued"), "running": N_("running"), "finished": N_("finished"),
                "stopped": N_("stopped"), "diverged": N_("diverged"), "failed": N_("failed"),
                "interrupted": N_("interrupted")}
"""The statuses as shown to a user; the store and --status keep the English keys."""


def status_label(status: str) -> str:
    """A run's status in the language in force."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status

ENDED_STATUSES = ("finished", "stopped", "diverged", "failed", "interrupted")

SUMMARY_FIELDS = (
    "arch",
    "depth",
    "params",
    "residual",
    "final_train_loss",
    "best_val_acc",
    "wall_time",
)
"""Summary keys with a known meaning; `update_summary` also accepts others."""

# Summary keys copied into indexed columns of `runs`, with the type each must have.
# These are the ones the run list filters and sorts on (plain vs residual at a depth).
INDEXED_SUMMARY: dict[str, type] = {
    "arch": str,
    "depth": int,
    "params": int,
    "residual": bool,
    "best_val_acc": float,
}


@dataclass(frozen=True)
class RunInfo:
    """One row of the run list: everything about a run except its series and blobs.

    Times are Unix seconds (`time.time()`); `None` where the moment has not come yet.
    """

    id: int
    name: str
    status: str
    status_message: str
    created_at: float
    started_at: float | None
    ended_at: float | None
    spec: dict[str, Any]
    config: dict[str, Any]
    dataset: str
    device: str
    summary: dict[str, Any]
    tags: tuple[str, ...]
    notes: str
    pid: int | None
    heartbeat: float | None
    checkpoint_path: Path | None
    checkpoint_step: int | None
    checkpoint_epoch: int | None

    @property
    def arch(self) -> str | None:
        return self.summary.get("arch")

    @property
    def depth(self) -> int | None:
        return self.summary.get("depth")

    @property
    def params(self) -> int | None:
        return self.summary.get("params")

    @property
    def residual(self) -> bool | None:
        return self.summary.get("residual")

    @property
    def final_train_loss(self) -> float | None:
        return self.summary.get("final_train_loss")

    @property
    def last_train_loss(self) -> float | None:
        """An interrupted run's last logged training loss (it has no final one)."""
        return self.summary.get("last_train_loss")

    @property
    def best_val_acc(self) -> float | None:
        return self.summary.get("best_val_acc")

    @property
    def wall_time(self) -> float | None:
        return self.summary.get("wall_time")

    @property
    def is_active(self) -> bool:
        return self.status in ("queued", "running")


@dataclass(frozen=True)
class GradCamInfo:
    """A stored Grad-CAM snapshot, without its arrays (`RunStore.load_gradcam` reads those)."""

    id: int
    run_id: int
    step: int
    epoch: int
    layer: str
    class_mode: str
    created_at: float
    nbytes: int


@dataclass(frozen=True)
class MetricTable:
    """Every scalar row of a run, column-wise: row i is (keys[key_index[i]], steps[i], ...).

    Rows are sorted by key, then step. NaN values (a diverged loss) come back as NaN.
    """

    keys: tuple[str, ...]
    key_index: np.ndarray  # int64 [N], index into keys
    steps: np.ndarray  # int64 [N]
    values: np.ndarray  # float64 [N]
    wall_times: np.ndarray  # float64 [N], Unix seconds

    def series(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) of one key; empty arrays when the key is absent."""
        if key not in self.keys:
            return np.empty(0, np.int64), np.empty(0, np.float64)
        mask = self.key_index == self.keys.index(key)
        return self.steps[mask], self.values[mask]
