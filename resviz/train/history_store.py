"""A past run's History, read at once from the run store."""

from __future__ import annotations

import numpy as np

from resviz.runs import GradCamInfo, RunStore
from resviz.train.events import GradCamLog
from resviz.train.history import EPOCH_SCALARS, SCALARS, VECTOR_KINDS, History
from resviz.train.pointing import PointingScore


def load_history(store: RunStore, run_id: int, with_gradcam: bool = True) -> History:
    info = store.get_run(run_id)
    s = info.summary
    h = History(name=info.name)
    h.layer_names = store.layer_names(run_id, "grad_norm")
    h.block_names = store.layer_names(run_id, "block_grad")
    h.residual = [bool(v) for v in s.get("residual_blocks", [])] or [False] * len(h.block_names)
    h.classes = list(s.get("classes", []))
    h.total_steps = int(s.get("total_steps", 0))
    h.steps_per_epoch = int(s.get("steps_per_epoch", 1))
    for key in (*SCALARS, *EPOCH_SCALARS):
        steps, values = store.metric_series(run_id, key)
        if len(steps):
            h.series(key).extend(steps.astype(np.float64), values)
    train = h.scalars.get("train/loss")
    if info.status not in ("queued", "running") and train is not None and len(train):
        h.total_steps = int(train.x[-1])  # plotted against what was run, not what was planned
    for kind in VECTOR_KINDS:  # a run recorded before the additive split simply lacks those kinds
        steps, matrix = store.vector_series(run_id, kind)
        if len(steps) and matrix.shape[1] == (len(h.layer_names) if kind == "grad_norm" else len(h.block_names)):
            m = h.matrix(kind)
            for step, row in zip(steps, matrix, strict=True):
                m.append(int(step), row)
    if with_gradcam:
        snapshots = store.gradcam_snapshots(run_id)
        if snapshots:
            h.gradcams.append(gradcam_from_store(store, snapshots[-1], h.classes))
    h.version += 1
    return h


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

