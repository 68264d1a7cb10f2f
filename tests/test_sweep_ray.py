"""Sweeps on Ray, against a real local Ray (one per module): the driver records every trial in the
store with a local run's numbers; cancelling, a lost worker and a trial that raises each leave
their runs in the right state and nothing else touched; without Ray, --ray says how to get it."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import numpy as np
import pytest

from resviz.arch.presets import get_preset
from resviz.arch.spec import from_dict
from resviz.cli import sweep_cmd
from resviz.cli.main import build_parser
from resviz.errors import ResvizError
from resviz.runs import open_store
from resviz.train.checkpoint import load_checkpoint
from resviz.train.config import TrainConfig, quick_config
from resviz.train.queue import RAY_HOLD_KEY, enqueue_many, next_run
from resviz.train.sweep import with_blocks_per_stage

TINY = ["--steps", "12", "--train-size", "192", "--probe-every", "4", "--precision", "fp32", "--device", "cpu"]
"""Depth-8 nets on 16×16 images, 3 steps an epoch: a checkpoint each epoch, a few log points."""


def run_cmd(argv: list[str]) -> int:
    try:
        return sweep_cmd.run(build_parser().parse_args(argv))
    except ResvizError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


@pytest.fixture(scope="module")
def local_ray():  # noqa: ANN201 - yields the ray module
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=150 * 2**20, logging_level="WARNING",
             log_to_driver=False)
    yield ray
    ray.shutdown()


def test_without_ray_the_flag_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` does where Ray is not installed
    assert run_cmd(["--store", str(tmp_path), "sweep", "--base", "resnet20", "--n", "1", "--quick", "--ray"]) == 2
    assert 'pip install "resviz[ray]"' in capsys.readouterr().err
    store = open_store(tmp_path)
    assert store.list_runs() == []  # refused before anything was queued
    store.close()


def test_ray_options_are_checked(tmp_path: Path) -> None:
    base = ["--store", str(tmp_path), "sweep", "--base", "resnet20", "--dry-run"]
    assert run_cmd(base + ["--gpus-per-trial", "0.5"]) == 2  # without --ray
    assert run_cmd(base + ["--ray", "--cpus-per-trial", "0"]) == 2
    assert run_cmd(["--store", str(tmp_path), "sweep", "--base", "resnet20", "--queue-only", "--ray"]) == 2
    # Nobody listens there (and no Ray runs in this process yet): refused at once, the queued run taken out.
    assert run_cmd(["--store", str(tmp_path), "sweep", "--base", "resnet20", "--quick", "--ray", "127.0.0.1:1"]) == 2
    store = open_store(tmp_path)
    assert store.list_runs() == []
    store.close()


def test_the_local_queue_leaves_a_live_ray_sweeps_runs_alone(tmp_path: Path) -> None:
    spec = get_preset("resnet20")
    held, dead = enqueue_many(tmp_path, [("held", spec, quick_config()), ("dead", spec, quick_config())],
                              summary={RAY_HOLD_KEY: os.getpid()})
    store = open_store(tmp_path)
    store.update_summary(dead, **{RAY_HOLD_KEY: 2**22 + 12345})  # a driver that no longer runs
    assert next_run(store) == dead
    store.close()


def test_a_grid_on_ray_is_recorded_with_the_numbers_of_local_runs(tmp_path: Path, local_ray,  # noqa: ANN001
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import torch

    from resviz.train.session import train

    store_dir = tmp_path / "store"
    other = open_store(store_dir).create_run("someone else's run")  # a run the sweep must not touch
    argv = ["--store", str(store_dir), "sweep", "--base", "resnet20", "--n", "1", "--kind", "plain", "residual",
            "--quick", *TINY, "--ray"]
    assert run_cmd(argv) == 0
    assert "final train loss" in capsys.readouterr().out
    store = open_store(store_dir)
    runs = sorted(store.list_runs(tag="sweep resnet20"), key=lambda r: r.id)
    assert [r.name for r in runs] == ["plain8 · ×0.5 width · seed 0", "resnet8 · ×0.5 width · seed 0"]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the trial, which trains with the one CPU Ray gave it
    try:
        for run in runs:
            assert run.status == "finished" and run.pid == os.getpid()  # recorded by this driver
            assert run.summary["ray_node"] and run.summary["final_step"] == 12
            ckpt = store.checkpoint_file(run)
            assert ckpt is not None and ckpt.parent == store.run_dir(run.id)  # came back into the store
            assert load_checkpoint(ckpt)["step"] == 12
            local = train(from_dict(run.spec), TrainConfig.from_dict(run.config), store_dir=store_dir).run_id
            for key in ("train/loss", "train/acc", "val/loss", "val/acc"):
                np.testing.assert_array_equal(store.metric_series(run.id, key), store.metric_series(local, key))
            for kind in ("grad_norm", "branch_grad", "shortcut_grad"):
                np.testing.assert_array_equal(store.vector_series(run.id, kind)[1],
                                              store.vector_series(local, kind)[1])
            assert len(store.gradcam_snapshots(run.id)) == len(store.gradcam_snapshots(local))
            assert store.get_run(run.id).final_train_loss == store.get_run(local).final_train_loss
    finally:
        torch.set_num_threads(threads)
    assert store.get_run(other).status == "queued"
    store.close()


def test_cancel_stops_the_trials_a_lost_worker_leaves_its_run_interrupted(tmp_path: Path, local_ray) -> None:  # noqa: ANN001
    from resviz.train.ray_sweep import RaySweep, hold_summary

    spec = with_blocks_per_stage(get_preset("resnet20"), 1)
    # 10 steps an epoch: a Grad-CAM snapshot and a checkpoint at step 10, before the stop.
    cfg = quick_config(steps=2000, train_size=640, log_every=2, precision="fp32", device="cpu",
                       gradcam_each_epoch=True, gradcam_images=4, max_val_images=64)
    other = open_store(tmp_path).create_run("not this sweep's")
    ids = enqueue_many(tmp_path, [(f"run {i}", spec, cfg) for i in range(3)], summary=hold_summary())
    heard: dict[int, set[str]] = {}
    sweep = RaySweep(ids, tmp_path, listener=lambda t, moment: heard.setdefault(t.run_id, set()).add(moment))
    sweep.start()
    try:
        # Two CPUs, one per trial: two train, the third waits for a worker. The Grad-CAM of step 10
        # can arrive after step 12's loss: wait for both before the kill.
        while sum(t.step >= 12 and "gradcam" in heard.get(t.run_id, ()) for t in sweep.trials.values()) < 2:
            assert sweep.poll()
        lost, stopped = (t for t in sweep.trials.values() if t.status == "running")
        os.kill(lost.pid, signal.SIGKILL)  # its worker dies
        while lost.ref is not None:
            sweep.poll()
        sweep.stop()
        while sweep.poll():
            pass
    finally:
        sweep.close()
    store = open_store(tmp_path)
    a, b = store.get_run(lost.run_id), store.get_run(stopped.run_id)
    assert a.status == "interrupted" and "lost" in a.status_message
    steps, _ = store.metric_series(a.id, "train/loss")
    assert len(steps) >= 2 and a.summary["last_train_loss"] is not None  # what it sent is kept
    assert b.status == "stopped" and 12 <= b.summary["final_step"] < 2000
    for run in (a, b):
        snapshots = store.gradcam_snapshots(run.id)  # Grad-CAM came back too, one per epoch's end
        assert snapshots and all(snap.step > 0 and snap.step % 10 == 0 for snap in snapshots)
        assert store.load_gradcam(snapshots[0].id)["maps_pred"].shape[0] == 4
    assert store.checkpoint_file(b) is not None and store.checkpoint_file(b).is_file()
    assert {r.id for r in store.list_runs()} == {other, a.id, b.id}  # the waiting trial's run is gone
    assert store.get_run(other).status == "queued"
    store.close()


def test_a_trial_that_raises_leaves_its_run_failed_with_the_error(tmp_path: Path, local_ray) -> None:  # noqa: ANN001
    from resviz.train.ray_sweep import RaySweep, hold_summary
    from resviz.train.session import load_data

    cfg = quick_config(dataset="cifar10", data_dir=str(tmp_path / "no-cifar-here"), steps=4)
    with pytest.raises(ResvizError) as local:
        load_data(cfg)  # what the worker meets: no CIFAR-10 files where the run says they are
    (run_id,) = enqueue_many(tmp_path, [("no data", get_preset("resnet20"), cfg)], summary=hold_summary())
    sweep = RaySweep([run_id], tmp_path)
    sweep.start()
    try:
        while sweep.poll():
            pass
    finally:
        sweep.close()
    store = open_store(tmp_path)
    run = store.get_run(run_id)
    assert run.status == "failed" and run.status_message == str(local.value)
    store.close()


def test_the_app_runs_a_sweep_on_ray_and_shows_its_trials(qtbot, tmp_path: Path, local_ray) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    from resviz.ui.queue.ray_runner import RaySweepBox, RaySweepRunner
    from resviz.ui.queue.sweep_dialog import SweepDialog

    cfg = quick_config(steps=12, train_size=192, log_every=2, precision="fp32", device="cpu")
    dialog = SweepDialog(get_preset("resnet20"), cfg, tmp_path)
    qtbot.addWidget(dialog)
    for i in range(dialog.n_list.count()):  # n = 1 only: depth 8
        item = dialog.n_list.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) == 1
                           else Qt.CheckState.Unchecked)
    dialog.run_on.ray.setChecked(True)
    dialog.run_on.gpus.setEditText("-1")
    assert dialog.update_count() == 0  # a GPU count that cannot be
    dialog.run_on.gpus.setEditText("0")
    assert dialog.update_count() == 2
    dialog.accept()
    assert dialog.ray_options is not None and dialog.ray_options.gpus_per_trial == 0
    store = open_store(tmp_path)
    assert len(dialog.queued_ids) == 2 and next_run(store) is None  # the app's own queue leaves them alone
    store.close()

    runner = RaySweepRunner(dialog.queued_ids, tmp_path, dialog.ray_options)
    box = RaySweepBox()
    qtbot.addWidget(box)
    box.follow(runner)
    started: list[int] = []
    runner.trialStarted.connect(started.append)
    with qtbot.waitSignal(runner.finished, timeout=120_000) as done:
        runner.start()
    assert done.args == [""] and sorted(started) == dialog.queued_ids  # the GUI heard each trial start
    assert "finished: 2" in box.text.text()
    store = open_store(tmp_path)
    assert [store.get_run(i).status for i in dialog.queued_ids] == ["finished", "finished"]
    store.close()
