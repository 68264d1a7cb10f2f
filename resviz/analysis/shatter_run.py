"""Shattered gradients of a stored run, at its initialisation and trained, kept with the run.

The line runs between the first two validation images. "At initialisation" is the run's own
weights at step 0 when the run kept them, else a fresh initialisation of the same network
(runs trained before resviz kept initial weights); the result says which.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from resviz.analysis.landscape import LandscapeCancelled, Progress
from resviz.analysis.records import load_record, save_record
from resviz.analysis.run_model import load_trained, normalised
from resviz.analysis.shattered import autocorrelation, line_gradients
from resviz.arch.builder import build
from resviz.data import DataBundle
from resviz.errors import ResvizError
from resviz.i18n import _
from resviz.train.session import load_data


@dataclass
class ShatterResult:
    points: int
    lags: list[int]
    trained: list[float]
    """Mean cosine similarity of input gradients k points apart, k = lags[i], trained weights."""
    initial: list[float]
    initial_is_run: bool
    """True: the run's own weights at step 0; False: a fresh initialisation (seed ``seed``)."""
    trace_trained: list[float]
    """One input component of the gradient (centre pixel, first channel) along the line."""
    trace_initial: list[float]
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> ShatterResult:
        result = ShatterResult(**data)
        if not len(result.lags) == len(result.trained) == len(result.initial):
            raise ValueError("lags and correlations differ in length")
        return result

    def csv(self) -> str:
        rows = [f"{k},{t:.6g},{i:.6g}" for k, t, i in zip(self.lags, self.trained, self.initial, strict=True)]
        return "\n".join(["lag,trained,initial", *rows]) + "\n"


def _trace(grads: np.ndarray, shape: tuple[int, ...]) -> list[float]:
    c, h, w = shape
    centre = (h // 2) * w + w // 2  # channel 0's centre pixel in the flattened image
    return grads[:, centre].tolist() if c else []


def shatter_for_run(run_id: int, *, store_dir: str | Path | None = None, points: int = 128, seed: int = 0,
                    data: DataBundle | None = None, progress: Progress | None = None,
                    should_stop: Callable[[], bool] | None = None) -> ShatterResult:
    from resviz.analysis.landscape_run import initial_weights

    run = load_trained(run_id, store_dir)
    data = data if data is not None else load_data(run.config)
    if len(data.val_labels) < 2:
        raise ResvizError(_("run {run_id} has no validation images to test on").format(run_id=run_id),
                          _("train it with a validation fraction above 0"))
    x = normalised(data.val_images[:2], data)
    try:
        weights, _path = initial_weights(run_id, store_dir)
        initial = copy.deepcopy(run.model)
        initial.load_state_dict(weights)
        own = True
    except ResvizError:  # an older run: a fresh initialisation of the same network stands in
        torch.manual_seed(seed)
        initial, own = build(run.model.spec), False
    lags = list(range(1, points))
    found: dict[str, tuple[list[float], list[float]]] = {}
    for n, (key, model) in enumerate((("trained", run.model), ("initial", initial))):
        grads = line_gradients(model, x[0], x[1], points=points)
        found[key] = (autocorrelation(grads).tolist(), _trace(grads, tuple(x.shape[1:])))
        if progress is not None:
            progress(n + 1, 2)
        if should_stop is not None and should_stop():
            raise LandscapeCancelled(_("the shattered-gradients measurement was stopped"),
                                     _("start it again to see the result"))
    result = ShatterResult(points, lags, found["trained"][0], found["initial"][0], own, found["trained"][1],
                           found["initial"][1], seed)
    save_record(run.store_dir, run_id, "shatter", result.to_dict())
    return result


def load_shatter(store_dir: str | Path | None, run_id: int) -> ShatterResult | None:
    data = load_record(store_dir, run_id, "shatter")
    try:
        return None if data is None else ShatterResult.from_dict(data)
    except (TypeError, ValueError):
        return None
