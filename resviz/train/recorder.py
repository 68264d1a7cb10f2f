"""Records a fit into the run store, from the training thread, through a batched writer."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from resviz.arch.revision import FORWARD_REVISION
from resviz.runs.final import tail_mean
from resviz.runs.writer import MetricWriter
from resviz.train.events import (
    SPLIT_KINDS,
    VECTOR_KINDS,
    Callback,
    EpochLog,
    FitEnd,
    FitInfo,
    GradCamLog,
    ProbeLog,
    StepLog,
)


def gradcam_arrays(log: GradCamLog) -> dict[str, np.ndarray]:
    arrays = {
        "images": log.images, "labels": log.labels, "preds": log.preds,
        "maps_pred": log.maps_pred, "maps_true": log.maps_true,
    }
    if log.boxes is not None:
        arrays["boxes"] = log.boxes
    if log.maps_target is not None and log.target_class is not None:
        arrays["maps_target"] = log.maps_target
        arrays["target_class"] = np.array(log.target_class)
    if log.pointing_game is not None:
        arrays["pointing_game"] = np.array(log.pointing_game)
    if log.pointing is not None:
        p = log.pointing
        arrays["pointing_hits"], arrays["pointing_n"] = np.array(p.hits), np.array(p.n)
        arrays["pointing_area"], arrays["pointing_centre"] = np.array(p.area_chance), np.array(p.centre)
    return arrays


class StoreRecorder(Callback):
    """Opens its own connection on first use, so create it anywhere and use it in the trainer's thread."""

    HEARTBEAT_S = 5.0

    def __init__(self, store_dir: str | Path, run_id: int, before: Mapping[str, Any] | None = None) -> None:
        self.writer = MetricWriter(store_dir, run_id)
        self.run_id = run_id
        self.before = dict(before or {})  # a resumed run's summary: its totals carry on
        self._last_beat = 0.0

    @property
    def store(self):  # noqa: ANN201 - RunStore, opened in the writing thread
        return self.writer.store

    def on_fit_start(self, info: FitInfo) -> None:
        store = self.store
        store.set_status(self.run_id, "running")
        store.set_trained_with(self.run_id, info.spec, info.device)  # a queued run's input size, its device
        store.set_layer_names(self.run_id, info.layer_names, kind="grad_norm")
        for kind in VECTOR_KINDS[1:]:
            store.set_layer_names(self.run_id, info.block_names, kind=kind)
        store.update_summary(self.run_id, params=info.params, total_steps=info.total_steps,
                             steps_per_epoch=info.steps_per_epoch, residual_blocks=info.residual,
                             classes=info.classes, device=info.device,
                             precision=info.precision, forward=FORWARD_REVISION)

    def on_step(self, log: StepLog) -> None:
        self.writer.log(log.step, {"train/loss": log.train_loss, "train/acc": log.train_acc, "lr": log.lr,
                                   "images_per_s": log.images_per_s, "epoch": log.epoch})

    def on_probe(self, log: ProbeLog) -> None:
        w = self.writer
        w.log_vectors(log.step, "grad_norm", log.layer_grad)
        w.log_vectors(log.step, "block_grad", log.block_grad)
        w.log_vectors(log.step, "shortcut_grad", log.shortcut_grad)
        w.log_vectors(log.step, "branch_grad", log.branch_grad)
        w.log_vectors(log.step, "residual_ratio", log.residual_ratio)
        for kind in SPLIT_KINDS:
            value = getattr(log, kind)
            if value is not None:
                w.log_vectors(log.step, kind, value)

    def on_epoch_end(self, log: EpochLog) -> None:
        values = {"val/loss": log.val_loss, "val/acc": log.val_acc}
        self.writer.log(log.step, {k: v for k, v in values.items() if not math.isnan(v)})

    def on_gradcam(self, log: GradCamLog) -> None:
        mode = "predicted" if log.target_class is None else str(log.target_class)
        self.store.add_gradcam(self.run_id, step=log.step, epoch=log.epoch, layer=log.layer,
                               class_mode=mode, arrays=gradcam_arrays(log))

    def on_checkpoint(self, path: str, step: int, epoch: int) -> None:
        self.writer.flush()  # the checkpoint and the metrics before it land together
        self.store.set_checkpoint(self.run_id, path, step, epoch)

    def on_idle(self) -> None:
        """While paused: keep the heartbeat so readers don't take the run for dead."""
        now = time.monotonic()
        if now - self._last_beat >= self.HEARTBEAT_S:
            self._last_beat = now
            self.writer.flush()

    def on_fit_end(self, end: FitEnd) -> None:
        try:
            self.writer.flush()
            store = self.store
            before = self.before
            best = [v for v in (end.best_val_acc, before.get("best_val_acc")) if v is not None]
            # The stored final loss is read from the stored series (runs.final), the one source the
            # tables, verdicts and lessons read too. A resume that stops before its first log point
            # measured no loss: keep the old one.
            final = before.get("final_train_loss")
            if end.final_train_loss is not None:
                final = tail_mean(store.metric_series(self.run_id, "train/loss")[1])
            store.update_summary(
                self.run_id,
                final_train_loss=final,
                best_val_acc=max(best) if best else None,
                wall_time=float(before.get("wall_time") or 0.0) + end.wall_s,
                final_step=end.step)
            store.set_status(self.run_id, end.status, end.message)
        finally:
            self.writer.close()
