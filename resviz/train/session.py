"""Train a spec into the run store: the one entry point the CLI and the app both call."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resviz.arch.analysis import analyze
from resviz.arch.naming import display_name
from resviz.arch.presets import with_input
from resviz.arch.spec import NetworkSpec, from_dict, to_dict
from resviz.data import DataBundle, load_dataset
from resviz.errors import ResvizError, TrainingError
from resviz.i18n import _
from resviz.runs import RunStore, open_store
from resviz.train.checkpoint import last_checkpoint, load_checkpoint, load_model_state
from resviz.train.config import TrainConfig
from resviz.train.device import describe, resolve_device
from resviz.train.events import Callback, FitEnd, TrainControl
from resviz.train.memory import check_fits
from resviz.train.recorder import StoreRecorder
from resviz.train.resumable import resume_refusal
from resviz.train.resume_check import check_resume_state
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
    return store.create_run(name or f"{display_name(spec)} · {config.dataset}", spec=to_dict(fitted),
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
    with open_store(store_dir) as store:
        run_id, ckpt = start_run(store, spec, config, data, name, device, tags)
        store_path = store.dir
    return Outcome(run_id, _fit(store_path, run_id, spec, config, data, callbacks, control, ckpt, None, name))


def start_run(store: RunStore, spec: NetworkSpec, config: TrainConfig, data: DataBundle,
              name: str | None = None, device: str = "", tags: Sequence[str] = ()) -> tuple[int, Path]:
    """Add a run that this process trains now: (its id, its checkpoint path).

    It is marked running at once, owned by this process, so a kill before the first step
    leaves an interrupted run rather than a queued one the queue would pick up.
    """
    run_id = create_run(store, spec, config, data, name, device, tags)
    try:
        ckpt = store.checkpoint_path(run_id, "last")  # makes the run's folder
        store.set_status(run_id, "running")
    except ResvizError:
        with contextlib.suppress(ResvizError):  # the row goes even if a stray file stays
            store.delete_run(run_id)  # a run row must not outlive a failed start
        raise
    return run_id, ckpt


def enqueue(spec: NetworkSpec, config: TrainConfig, *, store_dir: str | Path | None = None,
            name: str | None = None, tags: Sequence[str] = (), summary: dict[str, Any] | None = None) -> int:
    """Add a run to the store as queued, without loading data or torch work; train it later
    with ``train_queued``. The spec is fitted to the data when it trains; ``summary`` adds fields."""
    config.validate()
    a = analyze(spec)
    with open_store(store_dir) as store:
        fields = run_summary(spec) | {"params": a.params} | (summary or {})
        return store.create_run(name or f"{display_name(spec)} · {config.dataset}", spec=to_dict(spec),
                                config=config.to_dict(), dataset=config.dataset, summary=fields, tags=tags)


def train_queued(run_id: int, *, store_dir: str | Path | None = None, callbacks: Sequence[Callback] = (),
                 control: TrainControl | None = None, data: DataBundle | None = None) -> Outcome:
    """Train a run that waits in the store with status queued."""
    with open_store(store_dir) as store:
        info = store.get_run(run_id)
        if info.status != "queued":
            raise TrainingError(_("run {run_id} is {status}, not queued").format(run_id=run_id, status=info.status), _("queue it again to train it"))
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
    return Outcome(run_id, _fit(store_path, run_id, spec, config, data, callbacks, control, ckpt, None, info.name))


def resume(run_id: int, *, store_dir: str | Path | None = None, callbacks: Sequence[Callback] = (),
           control: TrainControl | None = None, data: DataBundle | None = None) -> Outcome:
    """Continue a stopped or interrupted run from its last checkpoint, in the same run.

    Everything that can be refused is refused before the run is touched; the run keeps its
    totals (wall time adds up; a final loss is kept until a new one is measured).
    """
    with open_store(store_dir) as store:
        info = store.get_run(run_id)
        refusal = resume_refusal(info)
        if refusal is not None:
            raise refusal
        assert info.checkpoint_path is not None
        path = store.checkpoint_file(info)
        store_path = store.dir
        steps, losses = store.metric_series(run_id, "train/loss")
    state = load_checkpoint(path)
    if not isinstance(state.get("logged_losses"), list):  # a checkpoint from before they were kept:
        upto = state.get("step") if type(state.get("step")) is int else 0  # the run's own log up to it
        state["logged_losses"] = [float(v) for s, v in zip(steps, losses, strict=True) if s <= upto]
    spec = from_dict(info.spec)
    config = TrainConfig.from_dict(info.config)
    data = data if data is not None else load_data(config)
    check_resume_state(spec, config, data, state, path)
    before = dict(info.summary)
    if before.get("wall_time") is None and info.started_at is not None and info.ended_at is not None:
        before["wall_time"] = max(0.0, info.ended_at - info.started_at)  # interrupted: up to its last heartbeat
    return Outcome(run_id, _fit(store_path, run_id, spec, config, data, callbacks, control, path, state, info.name,
                                before=before))


def _fit(store_dir: Path, run_id: int, spec: NetworkSpec, config: TrainConfig, data: DataBundle,
         callbacks: Sequence[Callback], control: TrainControl | None, ckpt: Path,
         state: dict | None, name: str | None, before: dict[str, Any] | None = None) -> FitEnd:
    recorder = StoreRecorder(store_dir, run_id, before=before)
    trainer = Trainer(spec, config, callbacks=[recorder, *callbacks], control=control, data=data,
                      checkpoint_path=ckpt, resume_state=state, run_id=run_id, name=name or spec.name)
    return trainer.fit()


def gradcam_for_run(run_id: int, *, store_dir: str | Path | None = None, layer: str | None = None,
                    target: str = "predicted", images: int = 16, data: DataBundle | None = None):  # noqa: ANN201
    """Grad-CAM of a past run, from its last checkpoint, on the run's own validation images."""
    import torch

    from resviz.arch.builder import build
    from resviz.train.gradcam_runner import GradCamRunner

    with open_store(store_dir) as store:
        info = store.get_run(run_id)
        path = last_checkpoint(store, info)
    state = load_checkpoint(path)
    step, epoch = state.get("step"), state.get("epoch")
    try:
        spec = from_dict(json.loads(state["spec_json"]))  # the spec as trained, fitted to the data
        if type(step) is not int or type(epoch) is not int:
            raise ValueError("no step or epoch")
    except (TypeError, ValueError):
        raise TrainingError(_("the checkpoint {path} lacks its network or its step").format(path=path),
                            _("the file was changed or belongs to another run: train the run again")) from None
    config = TrainConfig.from_dict(info.config)
    config.gradcam_images = images
    data = data if data is not None else load_data(config)
    model = build(spec)
    load_model_state(model, state, path)
    runner = GradCamRunner(model, data, config, torch.device("cpu"))
    return runner.run(step, epoch, layer, target)


def store_gradcam_for_run(run_id: int, *, store_dir: str | Path | None = None, layer: str | None = None,
                          images: int = 16, data: DataBundle | None = None) -> int:
    """Compute a past run's Grad-CAM from its checkpoint and keep it as the run's newest snapshot
    (what Compare runs shows); returns the snapshot's id."""
    from resviz.train.recorder import gradcam_arrays

    log = gradcam_for_run(run_id, store_dir=store_dir, layer=layer, images=images, data=data)
    with open_store(store_dir) as store:
        return store.add_gradcam(run_id, step=log.step, epoch=log.epoch, layer=log.layer, class_mode="predicted",
                                 arrays=gradcam_arrays(log))
