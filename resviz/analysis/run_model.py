"""A finished run's network and validation images, loaded from its last checkpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch

from resviz.arch.builder import Network, build
from resviz.arch.spec import from_dict
from resviz.data import DataBundle
from resviz.errors import TrainingError
from resviz.i18n import _
from resviz.runs import open_store
from resviz.train.checkpoint import last_checkpoint, load_checkpoint, load_model_state
from resviz.train.config import TrainConfig


@dataclass
class TrainedRun:
    run_id: int
    name: str
    model: Network
    config: TrainConfig
    store_dir: Path
    step: int


def load_trained(run_id: int, store_dir: str | Path | None = None) -> TrainedRun:
    """The run's network with its last checkpoint's weights, on the CPU, in eval mode."""
    with open_store(store_dir) as store:
        info = store.get_run(run_id)
        path = last_checkpoint(store, info)
        folder = store.dir
    state = load_checkpoint(path)
    try:
        spec = from_dict(json.loads(state["spec_json"]))  # the spec as trained, fitted to the data
    except (KeyError, TypeError, ValueError):
        raise TrainingError(_("the checkpoint {path} lacks its network or its step").format(path=path),
                            _("the file was changed or belongs to another run: train the run again")) from None
    model = build(spec)
    load_model_state(model, state, path)
    model.eval()
    step = state.get("step")
    return TrainedRun(run_id, info.name, model, TrainConfig.from_dict(info.config), folder,
                      step if type(step) is int else 0)


def normalised(images: torch.Tensor, data: DataBundle) -> torch.Tensor:
    """uint8 images as the network saw them in training."""
    m = torch.tensor(data.mean).view(1, -1, 1, 1)
    s = torch.tensor(data.std).view(1, -1, 1, 1)
    return (images.float() / 255.0 - m) / s
