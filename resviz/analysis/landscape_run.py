"""The loss landscape of a stored run, on a fixed subset of its training images: the plane
around the trained weights, and the line from the initial weights to them. Both are kept
with the run (runs/files.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from torch import Tensor

from resviz.analysis.landscape import Landscape, Progress, surface
from resviz.analysis.line import BatchNormStats, LossLine, alphas, loss_line
from resviz.analysis.records import load_record, save_record
from resviz.analysis.run_model import TrainedRun, load_trained, normalised
from resviz.data import DataBundle
from resviz.errors import TrainingError
from resviz.i18n import _
from resviz.runs import open_store
from resviz.runs.files import initial_weights_file
from resviz.train.checkpoint import load_checkpoint, load_model_state
from resviz.train.session import load_data

ShouldStop = Callable[[], bool] | None


def _images(run: TrainedRun, data: DataBundle | None, images: int) -> tuple[Tensor, Tensor]:
    """The first ``images`` training images (unaugmented), the same for every run of a dataset."""
    data = data if data is not None else load_data(run.config)
    n = min(images, len(data.train_labels))
    return normalised(data.train_images[:n], data), data.train_labels[:n].long()


def landscape_for_run(run_id: int, *, store_dir: str | Path | None = None, grid: int = 11, images: int = 500,
                      span: float = 1.0, seed: int = 0, data: DataBundle | None = None,
                      progress: Progress | None = None, should_stop: ShouldStop = None) -> Landscape:
    run = load_trained(run_id, store_dir)
    x, y = _images(run, data, images)
    result = surface(run.model, x, y, grid=grid, span=span, seed=seed, progress=progress, should_stop=should_stop)
    save_record(run.store_dir, run_id, "landscape", result.to_dict())
    return result


def has_initial_weights(run_id: int, store_dir: str | Path | None = None) -> bool:
    store = open_store(store_dir)
    try:
        return initial_weights_file(store, run_id).is_file()
    finally:
        store.close()


def initial_weights(run_id: int, store_dir: str | Path | None = None) -> tuple[dict[str, Tensor], Path]:
    """The run's weights at step 0, or a refusal that says why there are none and what to do."""
    store = open_store(store_dir)
    try:
        path = initial_weights_file(store, run_id)
    finally:
        store.close()
    if not path.is_file():
        raise TrainingError(
            _("run {run_id} has no initial weights: it was trained before resviz kept them, or imported "
              "without them").format(run_id=run_id),
            _("train it again with the same settings to see the loss from its initial weights"))
    return load_checkpoint(path)["model"], path


def line_for_run(run_id: int, *, store_dir: str | Path | None = None, images: int = 500, start: float = -0.25,
                 end: float = 1.25, points: int = 31, data: DataBundle | None = None,
                 batch_norm: BatchNormStats = "recalibrated", progress: Progress | None = None,
                 should_stop: ShouldStop = None) -> LossLine:
    """The loss from the initial (α = 0) to the trained weights (α = 1) and a little beyond; BN's
    statistics re-estimated on the same images at each α unless ``batch_norm="interpolated"``."""
    weights, path = initial_weights(run_id, store_dir)
    run = load_trained(run_id, store_dir)
    load_model_state(copy.deepcopy(run.model), {"model": weights}, path)  # a clear refusal if they do not fit
    x, y = _images(run, data, images)
    result = loss_line(run.model, weights, x, y, alphas(start, end, points), batch_norm=batch_norm,
                       progress=progress, should_stop=should_stop)
    save_record(run.store_dir, run_id, "line", result.to_dict())
    return result


def load_landscape(store_dir: str | Path | None, run_id: int) -> Landscape | None:
    data = load_record(store_dir, run_id, "landscape")
    try:
        return None if data is None else Landscape.from_dict(data)
    except (TypeError, ValueError):
        return None


def load_line(store_dir: str | Path | None, run_id: int) -> LossLine | None:
    data = load_record(store_dir, run_id, "line")
    try:
        return None if data is None else LossLine.from_dict(data)
    except (TypeError, ValueError):
        return None
