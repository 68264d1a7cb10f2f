"""Training into the run store: what a run keeps, and that a killed run is still there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from resviz.arch.presets import cifar_net
from resviz.arch.spec import from_dict
from resviz.data import DataBundle, load_dataset
from resviz.errors import DatasetError, TrainingError
from resviz.presentation.run_data import EPOCH_SCALARS, SCALARS, RunData
from resviz.presentation.run_store import load_run, open_run
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.events import (
    VECTOR_KINDS,
    Callback,
    EpochLog,
    FitInfo,
    GradCamLog,
    ProbeLog,
    StepLog,
)
from resviz.train.session import (
    enqueue,
    gradcam_for_run,
    resume,
    store_gradcam_for_run,
    train,
    train_queued,
)


@pytest.fixture(scope="module")
def tiny() -> DataBundle:
    return load_dataset("builtin", image_size=8, train_size=512, seed=0)


def cfg(**kw: object) -> TrainConfig:
    base = dict(batch_size=32, steps=20, lr=0.05, schedule="constant", log_every=5, probe_every=5,
                gradcam_images=4, max_val_images=200, device="cpu", image_size=8, train_size=512)
    base.update(kw)
    return TrainConfig(**base)  # type: ignore[arg-type]


def test_a_run_keeps_everything(tiny: DataBundle, tmp_path) -> None:
    out = train(cifar_net(1, width=8), cfg(steps=16, epochs=1), store_dir=tmp_path, name="tiny", data=tiny, tags=["t"])
    assert out.end.status == "finished"
    store = open_store(tmp_path)
    info = store.get_run(out.run_id)
    assert info.status == "finished" and info.name == "tiny" and info.tags == ("t",)
    assert info.summary["depth"] == 8 and info.residual is True and info.device == "cpu"
    assert info.final_train_loss is not None and info.best_val_acc is not None
    assert info.spec["input"]["height"] == 8  # the spec as trained, fitted to the data
    steps, losses = store.metric_series(out.run_id, "train/loss")
    assert steps[-1] == 16 and np.all(np.isfinite(losses))
    s, grads = store.vector_series(out.run_id, "grad_norm")
    assert grads.shape == (4, len(store.layer_names(out.run_id, "grad_norm")))
    assert len(store.gradcam_snapshots(out.run_id)) == 1
    assert (store.dir / info.checkpoint_path).is_file()
    h = load_run(store, out.run_id)
    assert len(h.scalars["train/loss"]) == len(steps) and h.gradcams[0].images.shape == (4, 8, 8, 3)
    # The pointing game is scored on 500 validation images, not on the 4 shown, with its baselines.
    p = h.gradcams[0].pointing
    assert p is not None and p.n == 500 and 0 < p.area_chance < 1 and 0 <= p.centre <= 1
    assert h.gradcams[0].pointing_game == p.score
    store.close()


class Follow(Callback):
    """Fills a RunData from the trainer's events, as the app's live view does."""

    def __init__(self) -> None:
        self.run = RunData()

    def on_fit_start(self, info: FitInfo) -> None:
        self.run.start(info)

    def on_step(self, log: StepLog) -> None:
        self.run.add(log)

    def on_probe(self, log: ProbeLog) -> None:
        self.run.add(log)

    def on_epoch_end(self, log: EpochLog) -> None:
        self.run.add(log)

    def on_gradcam(self, log: GradCamLog) -> None:
        self.run.add(log)


def assert_same_contents(a: RunData, b: RunData) -> None:
    assert (a.name, a.names("grad_norm"), a.names("block_grad"), a.residual, a.classes) == \
        (b.name, b.names("grad_norm"), b.names("block_grad"), b.residual, b.classes)
    assert (a.total_steps, a.steps_per_epoch) == (b.total_steps, b.steps_per_epoch)
    for key in (*SCALARS, *EPOCH_SCALARS):
        for got, want in zip(a.series(key), b.series(key), strict=True):
            np.testing.assert_array_equal(got, want, err_msg=key)
    for kind in VECTOR_KINDS:
        for got, want in zip(a.vector(kind), b.vector(kind), strict=True):
            np.testing.assert_array_equal(got, want, err_msg=kind)


def test_filled_from_events_equals_loaded_from_the_store(tiny: DataBundle, tmp_path) -> None:
    follow = Follow()
    out = train(cifar_net(1, width=8), cfg(steps=12, epochs=1, log_every=3, probe_every=4), store_dir=tmp_path,
                name="twin", data=tiny, callbacks=[follow])
    live = follow.run
    assert live.vectors["grad_norm"].n >= 3 and len(live.scalars["val/loss"]) >= 1 and any(live.residual)
    with open_store(tmp_path) as store:
        stored = load_run(store, out.run_id)
        assert_same_contents(live, stored)
        assert_same_contents(live, open_run(store, out.run_id))  # the explorer's lazy reading
    assert stored.gradcams[-1].step == live.gradcams[-1].step
    np.testing.assert_array_equal(stored.gradcams[-1].maps_pred, live.gradcams[-1].maps_pred)


def test_diverged_run_keeps_what_was_logged(tiny: DataBundle, tmp_path) -> None:
    out = train(cifar_net(1, width=8), cfg(lr=1e8, steps=60, log_every=5), store_dir=tmp_path, data=tiny)
    assert out.end.status == "diverged"
    store = open_store(tmp_path)
    info = store.get_run(out.run_id)
    assert info.status == "diverged" and "diverged at step" in info.status_message
    store.close()


def test_missing_dataset_folder_leaves_nothing_behind(tmp_path) -> None:
    with pytest.raises(DatasetError) as err:
        train(cifar_net(1), cfg(dataset="cifar10", data_dir=str(tmp_path / "nowhere")), store_dir=tmp_path / "store")
    assert "nowhere" in str(err.value)
    assert open_store(tmp_path / "store").list_runs() == []


def test_queued_run_trains_and_resume_continues(tiny: DataBundle, tmp_path) -> None:
    run_id = enqueue(cifar_net(1, width=8), cfg(steps=20), store_dir=tmp_path)
    store = open_store(tmp_path)
    assert store.get_run(run_id).status == "queued"
    store.close()
    from resviz.train.events import Callback, TrainControl

    control = TrainControl()

    class Stop(Callback):
        def on_step(self, log: StepLog) -> None:
            if log.step >= 10:
                control.request_stop()

    out = train_queued(run_id, store_dir=tmp_path, data=tiny, callbacks=[Stop()], control=control)
    assert out.end.status == "stopped"
    store = open_store(tmp_path)
    # A stopped run's plots span the steps it ran, not the 20 it was planned for.
    assert load_run(store, run_id, with_gradcam=False).total_steps == 10
    # Queued at the spec's 32×32, it trained on the data's images, and its stored spec says so:
    # the diagram of a finished quick demo run showed 3×32×32 and 32×32's multiply-adds.
    assert cifar_net(1).input.height == 32 and tiny.height != 32
    assert from_dict(store.get_run(run_id).spec).input.height == tiny.height
    assert store.get_run(run_id).device == "cpu"  # queued without one (as a sweep queues), it says where it ran
    store.close()
    out2 = resume(run_id, store_dir=tmp_path, data=tiny)
    assert out2.end.status == "finished" and out2.end.step == 20
    log = gradcam_for_run(run_id, store_dir=tmp_path, layer="layer1.0", target="3", images=4, data=tiny)
    before = len(open_store(tmp_path).gradcam_snapshots(run_id))
    store_gradcam_for_run(run_id, store_dir=tmp_path, images=4, data=tiny)  # Compare runs' Compute
    snapshots = open_store(tmp_path).gradcam_snapshots(run_id)
    assert len(snapshots) == before + 1 and snapshots[-1].layer == "layer3.0"  # the last block
    assert log.layer == "layer1.0" and log.maps_target is not None and log.maps_pred.shape == (4, 8, 8)
    with pytest.raises(TrainingError, match="not queued"):
        train_queued(run_id, store_dir=tmp_path, data=tiny)


def test_a_killed_training_process_leaves_an_interrupted_run(tmp_path) -> None:
    """SIGKILL mid-run: the store opens, the run is interrupted, its metrics are there."""
    env = {**os.environ, "RESVIZ_STORE": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "resviz", "train", "--arch", "resnet20", "--steps", "100000", "--image-size", "8",
         "--train-size", "1024", "--batch-size", "32", "--device", "cpu"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 120
        n = 0
        while time.time() < deadline:
            time.sleep(0.5)
            if (tmp_path / "runs.sqlite").exists():
                store = open_store(tmp_path)
                runs = store.list_runs()
                n = len(store.metric_series(runs[0].id, "train/loss")[0]) if runs else 0
                store.close()
                if n >= 3:
                    break
        assert n >= 3, "the run never logged"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    store = open_store(tmp_path)
    run = store.list_runs()[0]
    assert run.status == "interrupted"
    assert len(store.metric_series(run.id, "train/loss")[0]) >= n
    assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
