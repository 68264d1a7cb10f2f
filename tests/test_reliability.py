"""Nothing a user did is undone by the tool: resume keeps totals, bad files and settings are
refused before anything changes, and every command takes the global options anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from resviz.arch.presets import cifar_net
from resviz.cli.main import run_cli
from resviz.data import DataBundle, load_dataset
from resviz.errors import StoreError, TrainingError
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.events import Callback, StepLog, TrainControl
from resviz.train.session import resume, train
from resviz.train.trainer import lower_lr_hint


@pytest.fixture(scope="module")
def tiny() -> DataBundle:
    return load_dataset("builtin", image_size=8, train_size=256, seed=0)


def cfg(**kw: object) -> TrainConfig:
    base = dict(batch_size=32, steps=16, lr=0.05, schedule="constant", log_every=4, probe_every=4,
                gradcam_images=4, max_val_images=64, device="cpu", image_size=8, train_size=256,
                gradcam_each_epoch=False)
    base.update(kw)
    return TrainConfig(**base)  # type: ignore[arg-type]


class StopAt(Callback):
    """Asks the trainer to stop once it has logged ``step`` (0: before the first log point)."""

    def __init__(self, control: TrainControl, step: int) -> None:
        self.control, self.step = control, step
        if step == 0:
            control.request_stop()

    def on_step(self, log: StepLog) -> None:
        if log.step >= self.step:
            self.control.request_stop()


def stopped_run(store: Path, data: DataBundle, at: int = 8) -> int:
    control = TrainControl()
    out = train(cifar_net(1, width=4), cfg(), store_dir=store, data=data, callbacks=[StopAt(control, at)],
                control=control)
    assert out.end.status == "stopped"
    return out.run_id


def summary(store: Path, run_id: int) -> tuple[str, dict]:
    s = open_store(store)
    try:
        info = s.get_run(run_id)
        return info.status, info.summary
    finally:
        s.close()


def test_resume_keeps_the_totals_and_a_finished_run_is_left_alone(tiny: DataBundle, tmp_path: Path) -> None:
    run_id = stopped_run(tmp_path, tiny)
    _, before = summary(tmp_path, run_id)
    assert before["final_train_loss"] is not None and before["wall_time"] > 0
    control = TrainControl()  # stops before its first log point: nothing new measured
    resume(run_id, store_dir=tmp_path, data=tiny, callbacks=[StopAt(control, 0)], control=control)
    status, after = summary(tmp_path, run_id)
    assert status == "stopped" and after["final_train_loss"] == before["final_train_loss"]
    assert after["wall_time"] > before["wall_time"]  # the resumed part adds to it
    ckpt = tmp_path / "runs" / str(run_id) / "checkpoint-last.pt"
    state = torch.load(ckpt, weights_only=True)
    del state["logged_losses"]  # as written before the log points were kept: the store's series stands in
    torch.save(state, ckpt)
    out = resume(run_id, store_dir=tmp_path, data=tiny)
    assert out.end.status == "finished" and out.end.step == 16
    status, finished = summary(tmp_path, run_id)
    assert finished["wall_time"] > after["wall_time"]
    from resviz.runs.final import tail_mean

    with open_store(tmp_path) as store:  # one final loss: the run's, the store's and the tables' agree
        series = store.metric_series(run_id, "train/loss")[1]
    assert finished["final_train_loss"] == pytest.approx(tail_mean(series))
    assert out.end.final_train_loss == pytest.approx(tail_mean(series))
    with pytest.raises(TrainingError, match="nothing to resume"):
        resume(run_id, store_dir=tmp_path, data=tiny)
    assert summary(tmp_path, run_id) == (status, finished)
    assert run_cli(["runs", "resume", str(run_id), "--store", str(tmp_path)]) == 2
    assert summary(tmp_path, run_id) == (status, finished)


def test_a_checkpoint_that_does_not_fit_is_refused_and_the_run_kept(
        tiny: DataBundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_id = stopped_run(tmp_path, tiny)
    path = tmp_path / "runs" / str(run_id) / "checkpoint-last.pt"
    state = torch.load(path, weights_only=True)
    del state["model"][next(iter(state["model"]))]
    torch.save(state, path)
    before = summary(tmp_path, run_id)
    with pytest.raises(TrainingError, match="does not fit") as err:
        resume(run_id, store_dir=tmp_path, data=tiny)
    assert len(str(err.value)) < 300  # one short sentence, not every key name
    assert summary(tmp_path, run_id) == before
    capsys.readouterr()
    assert run_cli(["gradcam", str(run_id), "--store", str(tmp_path), "--out", str(tmp_path / "cams")]) == 2
    assert "does not fit" in capsys.readouterr().err
    assert summary(tmp_path, run_id) == before


def test_a_run_folder_that_cannot_be_made_leaves_no_run(tiny: DataBundle, tmp_path: Path) -> None:
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "1").write_text("in the way")  # run 1's folder cannot be created
    with pytest.raises(StoreError, match="Cannot create"):
        train(cifar_net(1, width=4), cfg(), store_dir=tmp_path, data=tiny)
    store = open_store(tmp_path)
    assert store.list_runs() == []
    store.close()


def test_negative_warmup_is_refused() -> None:
    with pytest.raises(TrainingError, match="warm-up steps cannot be negative"):
        cfg(warmup_steps=-3).validate()


def test_divergence_names_one_step_and_a_sensible_learning_rate(tiny: DataBundle, tmp_path: Path) -> None:
    assert lower_lr_hint(1e6, "sgd") == 0.01 and lower_lr_hint(1e6, "adam") == 0.001
    assert lower_lr_hint(0.05, "sgd") == 0.005 and lower_lr_hint(2e-3, "adam") == 2e-4
    out = train(cifar_net(1, width=4), cfg(lr=1e8, steps=40, log_every=10), store_dir=tmp_path, data=tiny)
    assert out.end.status == "diverged"
    assert f"diverged at step {out.end.step}:" in out.end.message and "try 0.01" in out.end.message
    _, s = summary(tmp_path, out.run_id)
    assert s["final_step"] == out.end.step


@pytest.fixture(scope="module")
def one_run(tiny: DataBundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("store")
    stopped_run(store, tiny)
    return store


@pytest.mark.parametrize("argv", [
    ["runs", "list", "--store", "{s}"], ["runs", "--store", "{s}", "list"], ["--store", "{s}", "runs", "list"],
    ["runs", "show", "1", "--store", "{s}"], ["--store", "{s}", "runs", "show", "1"],
    ["--store", "{s}", "gradcam", "1", "--out", "{o}", "--images", "2"],
])
def test_global_options_are_taken_before_or_after_any_command(
        one_run: Path, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([a.format(s=one_run, o=tmp_path) for a in argv]) == 0
    out = capsys.readouterr().out
    assert "resnet8" in out or "2 overlays" in out


def test_every_subcommand_knows_every_global_option() -> None:
    import argparse

    from resviz.cli.global_options import _subparsers, global_actions
    from resviz.cli.main import build_parser

    parser = build_parser()
    shared = {a.dest for a in global_actions(parser)}
    assert "store" in shared
    subs = _subparsers(parser)
    assert len(subs) >= 12  # every command and every `runs` subcommand
    for sub in subs:
        dests = {a.dest for a in sub._actions if a.default is argparse.SUPPRESS and a.option_strings}
        assert shared <= dests, sub.prog


def test_an_interrupted_run_shows_its_last_logged_loss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    from resviz.presentation.columns import COLUMN_INDEX, COLUMNS

    store = open_store(tmp_path)
    run_id = store.create_run("killed")
    store.set_status(run_id, "running")
    store.log_metrics(run_id, 10, {"train/loss": 2.5})
    store.log_metrics(run_id, 20, {"train/loss": 1.25})
    store.close()
    with sqlite3.connect(tmp_path / "runs.sqlite") as conn:  # its owner is gone
        conn.execute("UPDATE runs SET pid = 0, heartbeat = 1 WHERE id = ?", (run_id,))
    assert run_cli(["runs", "list", "--store", str(tmp_path)]) == 0
    assert "1.2500 (last logged)" in capsys.readouterr().out
    store = open_store(tmp_path)
    info = store.get_run(run_id)
    store.close()
    assert info.status == "interrupted" and info.last_train_loss == 1.25
    assert COLUMNS[COLUMN_INDEX["final_train_loss"]].text(info) == "1.2500 (last)"


def test_a_poisoned_mnist_file_is_named_without_passing_on_torchs_advice(tmp_path: Path) -> None:
    import datetime

    from resviz.errors import DatasetError

    processed = tmp_path / "MNIST" / "processed"
    processed.mkdir(parents=True)
    for name in ("training.pt", "test.pt"):  # a date is not a tensor: a weights-only load refuses it
        torch.save({"x": datetime.date(2020, 1, 1)}, processed / name)
    with pytest.raises(DatasetError) as err:
        load_dataset("mnist", data_dir=str(tmp_path))
    assert str(processed / "training.pt") in str(err.value)
    assert "weights_only" not in str(err.value)


def test_weights_from_before_the_shared_preactivation_are_refused_where_they_would_change(tmp_path: Path) -> None:
    """A full pre-activation net whose units change shape computes differently since they share
    their first BN → ReLU; its old weights are refused, other nets' old weights still load."""
    from resviz.arch.spec import to_dict
    from resviz.train.checkpoint import load_checkpoint, save_checkpoint

    preact = cifar_net(1)
    for _, _, block in preact.blocks():
        block.activation = "full_preact"
    for name, spec, refused in (("old_preact", preact, True), ("old_resnet8", cifar_net(1), False)):
        path = tmp_path / f"{name}.pt"
        torch.save({"model": {}, "spec_json": json.dumps(to_dict(spec))}, path)  # no "forward": before it
        if refused:
            with pytest.raises(TrainingError, match="older resviz"):
                load_checkpoint(path)
        else:
            assert load_checkpoint(path)["model"] == {}
        save_checkpoint(path, {"model": {}, "spec_json": json.dumps(to_dict(spec))})
        assert load_checkpoint(path)["forward"] == 2
    path = tmp_path / "odd.pt"
    torch.save({"model": {}, "spec_json": json.dumps(to_dict(preact)), "forward": "2"}, path)
    with pytest.raises(TrainingError, match="older resviz"):  # not a number: read as unrecorded
        load_checkpoint(path)
    torch.save({"model": {}, "spec_json": json.dumps(to_dict(preact)), "forward": 3}, path)
    with pytest.raises(TrainingError, match="newer resviz"):
        load_checkpoint(path)
