"""Is a checkpoint fit to resume from? Checked before the run is touched, so a file that loads
but was changed, truncated or made for another network is refused with the run left as it was,
rather than failing half-way through and marking the run failed."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import torch

from resviz.arch.builder import build
from resviz.arch.presets import with_input
from resviz.arch.spec import NetworkSpec
from resviz.data import DataBundle
from resviz.errors import TrainingError
from resviz.i18n import _
from resviz.train.checkpoint import load_model_state
from resviz.train.config import TrainConfig
from resviz.train.optim import make_optimizer, make_scheduler


def _like(value: Any, fresh: Any) -> bool:
    """``value`` has the structure of ``fresh``: the same keys, lengths and kinds of values."""
    if isinstance(fresh, dict):
        return isinstance(value, dict) and value.keys() == fresh.keys() and all(
            _like(value[k], fresh[k]) for k in fresh)
    if isinstance(fresh, (list, tuple)):
        return isinstance(value, (list, tuple)) and len(value) == len(fresh) and all(
            _like(v, f) for v, f in zip(value, fresh, strict=True))
    if isinstance(fresh, bool) or fresh is None:
        return type(value) is type(fresh)
    if isinstance(fresh, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if isinstance(fresh, torch.Tensor):
        return isinstance(value, torch.Tensor) and value.shape == fresh.shape and value.dtype == fresh.dtype
    return type(value) is type(fresh)


def _optimizer_state_ok(saved: Any, optimizer: torch.optim.Optimizer) -> bool:
    fresh = optimizer.state_dict()
    if not isinstance(saved, dict) or saved.keys() != fresh.keys() or not _like(saved["param_groups"],
                                                                                 fresh["param_groups"]):
        return False
    params = [p for group in optimizer.param_groups for p in group["params"]]
    state = saved["state"]
    if not isinstance(state, dict):
        return False
    for index, entry in state.items():
        if not isinstance(index, int) or not 0 <= index < len(params) or not isinstance(entry, dict):
            return False
        for value in entry.values():  # momentum and moment buffers match their weight; steps are scalars
            if not isinstance(value, torch.Tensor) or (value.dim() and value.shape != params[index].shape):
                return False
    return True


def check_resume_state(spec: NetworkSpec, config: TrainConfig, data: DataBundle, state: dict, path: Path) -> None:
    """Raise TrainingError unless ``state`` can carry on training this run's network."""
    model = build(with_input(spec, data.channels, data.height, data.width, data.num_classes))
    load_model_state(model, state, path)
    optimizer = make_optimizer(model, config)
    scheduler = make_scheduler(optimizer, config, total_steps=max(config.steps or 0, 1))
    best = state.get("best_val_acc")
    ok = (all(type(state.get(k)) is int and state[k] >= 0 for k in ("step", "epoch"))
          and (best is None or (isinstance(best, float) and 0.0 <= best <= 1.0))
          and _optimizer_state_ok(state.get("optimizer"), optimizer)
          and _like(state.get("scheduler"), scheduler.state_dict()))
    if not ok:
        raise TrainingError(
            _("the checkpoint {path} lacks a usable training state (step, optimizer or schedule)").format(path=path),
            _("the file was changed or belongs to another run: train the run again"))
