"""A run's RunData read from the run store: all at once (a past run in the live views, a resumed
run's curves so far), or key by key and then only the newer rows (the explorer, through RunCache).

Reading one key at a time keeps a comparison cheap: the loss view never reads accuracy, and a
running run costs a few rows per refresh however long it has been training.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import AbstractContextManager

import numpy as np

from resviz.arch.spec import from_dict
from resviz.errors import SpecError
from resviz.presentation.run_data import EPOCH_SCALARS, SCALARS, RunData
from resviz.runs import GradCamInfo, RunInfo, RunStore
from resviz.train.events import VECTOR_KINDS, GradCamLog
from resviz.train.pointing import PointingScore


class StoreSource:
    """A RunData's source: one run's rows in the store, read after a given step."""

    def __init__(self, store: RunStore, run_id: int, started_at: float | None = None) -> None:
        self.store, self.run_id, self.started_at = store, run_id, started_at

    def read_series(self, key: str, after_step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        return self.store.metric_series(self.run_id, key, after_step=after_step)

    def read_vectors(self, kind: str, after_step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        return self.store.vector_series(self.run_id, kind, after_step=after_step)

    def names(self, kind: str) -> list[str]:
        return self.store.layer_names(self.run_id, kind)

    def read_clock(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, seconds since the run started) of its train-loss rows.

        metric_series carries no wall times, so this reads the run's metric table once."""
        table = self.store.metric_table(self.run_id)
        key = "train/loss" if "train/loss" in table.keys else (table.keys or ("",))[0]
        mask = table.key_index == (table.keys.index(key) if key in table.keys else -1)
        steps, walls = table.steps[mask], table.wall_times[mask]
        origin = self.started_at if self.started_at is not None else (walls[0] if len(walls) else 0.0)
        return steps, walls - origin

    def snapshot(self) -> AbstractContextManager[None]:
        return self.store.snapshot()


def block_residual(info: RunInfo, blocks: int) -> list[bool]:
    """Whether each of ``blocks`` blocks has a shortcut, from the spec: as the trainer recorded
    it at the start, else from the stored spec; all False if neither matches the blocks."""
    recorded = info.summary.get("residual_blocks")
    if recorded:
        return [bool(v) for v in recorded]
    try:
        flags = [b.is_residual for _, _, b in from_dict(info.spec).blocks()] if info.spec else []
    except SpecError:
        flags = []
    return flags if len(flags) == blocks else [False] * blocks


def open_run(store: RunStore, run_id: int) -> RunData:
    """The run's RunData bound to the store: what it is now, its rows on first use."""
    info = store.get_run(run_id)
    s = info.summary
    run = RunData(name=info.name, run_id=run_id, classes=list(s.get("classes", [])),
                  total_steps=int(s.get("total_steps") or 0), steps_per_epoch=int(s.get("steps_per_epoch") or 1),
                  started_at=info.started_at, source=StoreSource(store, run_id, info.started_at))
    recorded = s.get("residual_blocks")
    run.residual = [bool(v) for v in recorded] if recorded else block_residual(info, len(run.names("block_grad")))
    return run


def load_run(store: RunStore, run_id: int, with_gradcam: bool = True) -> RunData:
    """Everything the run recorded, read at once and detached from the store (which may close)."""
    info = store.get_run(run_id)
    run = open_run(store, run_id)
    run.names("grad_norm")
    with store.snapshot():
        for key in (*SCALARS, *EPOCH_SCALARS):
            run.series(key)
        for kind in VECTOR_KINDS:  # a run recorded before the additive split simply lacks those kinds
            run.vector(kind)
    train = run.scalars.get("train/loss")
    if info.status not in ("queued", "running") and train is not None and len(train):
        run.total_steps = int(train.x[-1])  # plotted against what was run, not what was planned
    if with_gradcam:
        snapshots = store.gradcam_snapshots(run_id)
        if snapshots:
            run.gradcams.append(gradcam_from_store(store, snapshots[-1], run.classes))
    run.source = None
    run.version += 1
    return run


def gradcam_from_store(store: RunStore, info: GradCamInfo, classes: list[str]) -> GradCamLog:
    a = store.load_gradcam(info.id)
    target = int(a["target_class"]) if "target_class" in a else None
    return GradCamLog(
        step=info.step, epoch=info.epoch, layer=info.layer, images=a["images"], labels=a["labels"],
        preds=a["preds"], maps_pred=a["maps_pred"], maps_true=a["maps_true"], boxes=a.get("boxes"),
        pointing_game=float(a["pointing_game"]) if "pointing_game" in a else None, classes=classes,
        target_class=target, maps_target=a.get("maps_target"), pointing=_pointing(a),
    )


def _pointing(a: dict[str, np.ndarray]) -> PointingScore | None:
    """The stored pointing game with its baselines; None for snapshots recorded before they were."""
    if "pointing_n" not in a:
        return None
    return PointingScore(int(a["pointing_hits"]), int(a["pointing_n"]), float(a["pointing_area"]),
                         float(a["pointing_centre"]))


class RunCache:
    """Recently shown runs bound to the store, least recently used dropped beyond `capacity`."""

    def __init__(self, store: RunStore, capacity: int = 48) -> None:
        self.store = store
        self.capacity = capacity
        self._runs: OrderedDict[int, RunData] = OrderedDict()

    def __contains__(self, run_id: int) -> bool:
        return run_id in self._runs

    def get(self, run_id: int) -> RunData:
        """The run, opened on first use (its rows are read when a view asks for them)."""
        if run_id in self._runs:
            self._runs.move_to_end(run_id)
            return self._runs[run_id]
        run = self._runs[run_id] = open_run(self.store, run_id)
        while len(self._runs) > self.capacity:
            self._runs.popitem(last=False)
        return run

    def vectors(self, run_id: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, matrix [T, L]) of a vector kind, read on first use."""
        return self.get(run_id).vector(kind)

    def layer_names(self, run_id: int, kind: str) -> list[str]:
        return self.get(run_id).names(kind)

    def update(self, run_ids: list[int]) -> list[int]:
        """Read rows newer than those held for these (cached) runs; returns the runs that grew."""
        return [run_id for run_id in run_ids if run_id in self._runs and self._runs[run_id].refresh()]

    def forget(self, run_id: int) -> None:
        self._runs.pop(run_id, None)

    def clear(self) -> None:
        self._runs.clear()
