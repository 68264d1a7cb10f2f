"""Train a spec into the run store: the one entry point the CLI and the app both call."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resviz.arch.analysis import analyze
from resviz.arch.presets import with_input
from resviz.arch.spec import NetworkSpec, from_dict, to_dict
from resviz.data import DataBundle, load_dataset
from resviz.errors import TrainingError
from resviz.runs import RunStore, open_store
from resviz.train.checkpoint import load_checkpoint
from resviz.train.config import TrainConfig
from resviz.train.device import describe, resolve_device
from resviz.train.events import Callback, FitEnd, TrainControl
from resviz.train.memory import check_fits
from resviz.train.recorder import StoreRecorder
from resviz.train.trainer import Trainer


@dataclass(frozen=True)
class Outcome:
    run_id: int
    end: FitEnd


def load_data(config: TrainConfig) -> DataBundle:
    return load_dataset(config.dataset, data_dir=config.data_dir, download=config.download,
                        val_fraction=config.val_fraction, seed=config.seed,
                        image_size=config.image_size, train_size=config.train_size)


def run_summary(spec: NetworkSpec) -> dict[str, Any]:
    """What the run list shows and filters on."""
    a = analyze(spec)
    blocks = [b for _, _, b in spec.blocks()]
    return {
        "arch": spec.name, "depth": a.depth, "params": a.params, "residual": spec.is_residual,
        "block": "/".join(sorted({b.kind for b in blocks})),
        "shortcut": "/".join(sorted({b.shortcut for b in blocks})),
        "activation": "/".join(sorted({b.activation for b in blocks})),
    }


def create_run(store: RunStore, spec: NetworkSpec, config: TrainConfig, data: DataBundle,
               name: str | None = None, device: str = "", tags: Sequence[str] = ()) -> int:
    """Add a queued run whose spec is already fitted to the data's images and classes."""
    fitted = with_input(spec, data.channels, data.height, data.width, data.num_classes)
    return store.create_run(name or f"{spec.name} · {config.dataset}", spec=to_dict(fitted),
                            config=config.to_dict(), dataset=config.dataset, device=device,
                            summary=run_summary(fitted), tags=tags)


def train(
    spec: NetworkSpec,
    config: TrainConfig,
    *,
    store_dir: str | Path | None = None,
    name: str | None = None,
    callbacks: Sequence[Callback] = (),
    control: TrainControl | None = None,
    data: DataBundle | None = None,
    tags: Sequence[str] = (),
) -> Outcome:
    """Check everything that can be checked first, so a bad setting leaves nothing behind."""
    config.validate()
    analyze(spec)
    torch_device = resolve_device(config.device)
    device = describe(torch_device)
    data = data if data is not None else load_data(config)
    check_fits(with_input(spec, data.channels, data.height, data.width, data.num_classes), config, torch_device)
    store = open_store(store_dir)
    try:
        run_id = create_run(store, spec, config, data, name, device, tags)
        ckpt = store.checkpoint_path(run_id, "last")
        store_path = store.dir
    finally:
        store.close()
    return Outcome(run_id, _fit(store_path, run_id, spec, config, data, callbacks, control, ckpt, None, name))


def enqueue(spec: NetworkSpec, config: TrainConfig, *, store_dir: str | Path | None = None,
            name: str | None = None, tags: Sequence[str] = ()) -> int:
    """Add a run to the store as queued, without loading data or torch work; train it later
    with ``train_queued``. The spec is fitted to the data when it trains."""
    config.validate()
    a = analyze(spec)
    store = open_store(store_dir)
    try:
        summary = run_summary(spec) | {"params": a.params}
        return store.create_run(name or f"{spec.name} · {config.dataset}", spec=to_dict(spec),
                                config=config.to_dict(), dataset=config.dataset, summary=summary, tags=tags)
    finally:
        store.close()


def train_queued(run_id: int, *, store_dir: str | Path | None = None, callbacks: Sequence[Callback] = (),
                 control: TrainControl | None = None, data: DataBundle | None = None) -> Outcome:
    """Train a run that waits in the store with status queued."""
    store = open_store(store_dir)
    try:
        info = store.get_run(run_id)
        if info.status != "queued":
            raise TrainingError(f"run {run_id} is {info.status}, not queued", "queue it again to train it")
        spec, config = from_dict(info.spec), TrainConfig.from_dict(info.config)
        try:
            data = data if data is not None else load_data(config)
        except Exception as exc:
            store.set_status(run_id, "failed", str(exc))
            raise
        fitted = with_input(spec, data.channels, data.height, data.width, data.num_classes)
        store.update_summary(run_id, **run_summary(fitted))
        ckpt = store.checkpoint_path(run_id, "last")
        store_path = store.dir
    finally:
        store.close()
    return Outcome(run_id, _fit(store_path, run_id, spec, config, data, callbacks, control, ckpt, None, info.name))


def resume(run_id: int, *, store_dir: str | Path | None = None, callbacks: Sequence[Callback] = (),
           control: TrainControl | None = None, data: DataBundle | None = None) -> Outcome:
    """Continue a stopped or interrupted run from its last checkpoint, in the same run."""
    store = open_store(store_dir)
    try:
        info = store.get_run(run_id)
        if info.status == "running":
            raise TrainingError(f"run {run_id} is still running", "stop it first")
        if info.checkpoint_path is None:
            raise TrainingError(f"run {run_id} has no checkpoint to resume from",
                                "it stopped before its first checkpoint; train it again")
        path = info.checkpoint_path if info.checkpoint_path.is_absolute() else store.dir / info.checkpoint_path
        store_path = store.dir
    finally:
        store.close()
    state = load_checkpoint(path)
    spec = from_dict(info.spec)
    config = TrainConfig.from_dict(info.config)
    data = data if data is not None else load_data(config)
    return Outcome(run_id, _fit(store_path, run_id, spec, config, data, callbacks, control, path, state, info.name))


def _fit(store_dir: Path, run_id: int, spec: NetworkSpec, config: TrainConfig, data: DataBundle,
         callbacks: Sequence[Callback], control: TrainControl | None, ckpt: Path,
         state: dict | None, name: str | None) -> FitEnd:
    recorder = StoreRecorder(store_dir, run_id)
    trainer = Trainer(spec, config, callbacks=[recorder, *callbacks], control=control, data=data,
                      checkpoint_path=ckpt, resume_state=state, run_id=run_id, name=name or spec.name)
    return trainer.fit()


def gradcam_for_run(run_id: int, *, store_dir: str | Path | None = None, layer: str | None = None,
                    target: str = "predicted", images: int = 16, data: DataBundle | None = None):  # noqa: ANN201
    """Grad-CAM of a past run, from its last checkpoint, on the run's own validation images."""
    import torch

    from resviz.arch.builder import build
    from resviz.train.gradcam_runner import GradCamRunner

    store = open_store(store_dir)
    try:
        info = store.get_run(run_id)
        if info.checkpoint_path is None:
            raise TrainingError(f"run {run_id} has no checkpoint yet",
                                "Grad-CAM of a past run needs the checkpoint written at the end of an epoch or on stop")
        path = info.checkpoint_path if info.checkpoint_path.is_absolute() else store.dir / info.checkpoint_path
    finally:
        store.close()
    state = load_checkpoint(path)
    spec = from_dict(json.loads(state["spec_json"]))  # the spec as trained, fitted to the data
    config = TrainConfig.from_dict(info.config)
    config.gradcam_images = images
    data = data if data is not None else load_data(config)
    model = build(spec)
    model.load_state_dict(state["model"])
    runner = GradCamRunner(model, data, config, torch.device("cpu"))
    return runner.run(int(state["step"]), int(state["epoch"]), layer, target)
